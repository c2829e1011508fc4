package app.warmline.kit.platform

import java.time.Instant
import kotlin.test.Test
import kotlin.test.assertEquals

class FirstReportDroppedTest {
    @Test
    fun `the report made at registration is dropped and every change after it is passed on`() {
        val passed = mutableListOf<Pair<PhoneCallState, Instant>>()
        val listener = FirstReportDropped { state, at -> passed += state to at }
        val t0 = Instant.parse("2026-12-01T15:00:00Z")
        listener.onCallState(PhoneCallState.IDLE, t0)
        listener.onCallState(PhoneCallState.OFF_HOOK, t0.plusSeconds(1))
        listener.onCallState(PhoneCallState.IDLE, t0.plusSeconds(60))
        assertEquals(
            listOf(PhoneCallState.OFF_HOOK to t0.plusSeconds(1), PhoneCallState.IDLE to t0.plusSeconds(60)),
            passed,
        )
    }
}
