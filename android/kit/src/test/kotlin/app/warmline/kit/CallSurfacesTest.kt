package app.warmline.kit

import app.warmline.core.CallView
import app.warmline.core.DialResult
import app.warmline.core.NewLead
import app.warmline.core.TestClock
import app.warmline.kit.platform.FakeCallLog
import app.warmline.kit.platform.FakeCallStates
import app.warmline.kit.platform.FakeDialer
import app.warmline.kit.platform.FakeLauncher
import app.warmline.kit.platform.FakeNotification
import app.warmline.kit.platform.FakeOverlay
import app.warmline.kit.platform.PhoneCallState
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** The card outside the app: over the dialer, or in the notification, as the core's call screen says. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class CallSurfacesTest {
    private val dir = Files.createTempDirectory("warmline-surfaces")
    private val start = Instant.parse("2026-12-01T15:00:00Z")
    private val clock = TestClock(start)
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile(), ZoneId.of("America/New_York"), clock = clock)
    private val overlay = FakeOverlay(allowed = true)
    private val notification = FakeNotification()
    private val launcher = FakeLauncher()
    private val surfaces = CallSurfaces(kit.calls, overlay, notification, launcher)

    private fun phone(scope: CoroutineScope) = PhoneCalls(kit.calls, FakeDialer(), FakeCallStates(), FakeCallLog(), scope, now = {
        clock.now
    })

    private suspend fun dial(phone: PhoneCalls): String {
        val lead = kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190")).id
        return (phone.dial(lead) as DialResult.Dialling).screen.sessionId
    }

    private fun at(seconds: Long) = start.plusSeconds(seconds)

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteRecursively()
    }

    @Test
    fun `the card goes over the dialer while the app is behind it, and the app comes back on the outcome sheet`() =
        runBlocking {
            val phone = phone(this)
            val session = dial(phone)
            val followed = async(Dispatchers.Default) { surfaces.follow(session) }
            phone.callState(PhoneCallState.OFF_HOOK, at(2))
            assertNull(overlay.shown, "the app is still in front")
            phone.appBackground(at(3))
            eventually { overlay.shown != null }
            assertEquals(session, overlay.shown!!.sessionId)
            assertNull(notification.shown)
            phone.callState(PhoneCallState.IDLE, at(90))
            val last = withTimeout(5_000) { followed.await() }
            assertEquals(CallView.OUTCOME_SHEET, last?.view)
            assertNull(overlay.shown)
            assertEquals(listOf(session), launcher.outcomes.toList())
        }

    @Test
    fun `without the overlay permission the card lives in the ongoing notification`() =
        runBlocking {
            overlay.allowed = false
            val phone = phone(this)
            val session = dial(phone)
            val followed = async(Dispatchers.Default) { surfaces.follow(session) }
            phone.appBackground(at(3))
            eventually { notification.shown != null }
            assertNull(overlay.shown)
            assertEquals("connect", notification.shown!!.card.stageId)
            CallCard(kit.calls, session).choose("yes")
            eventually { notification.shown?.card?.stageId == "still_looking" }
            // Back in the app with no call reported on a phone that reports calls: the core closes the dial.
            phone.appForeground(at(20))
            val last = withTimeout(5_000) { followed.await() }
            assertEquals(CallView.CLOSED, last?.view)
            assertNull(notification.shown)
            assertTrue(launcher.outcomes.isEmpty(), "a dial that never became a call has no outcome to ask for")
        }
}
