package app.warmline.kit

import app.warmline.core.CallView
import app.warmline.core.DialResult
import app.warmline.core.NewLead
import app.warmline.core.PhoneCapabilities
import app.warmline.core.PhoneEvent
import app.warmline.core.TalkConfidence
import app.warmline.core.TestClock
import app.warmline.core.WarmlineException
import app.warmline.kit.platform.DialerUsed
import app.warmline.kit.platform.FakeCallLog
import app.warmline.kit.platform.FakeCallStates
import app.warmline.kit.platform.FakeDialer
import app.warmline.kit.platform.PhoneCallState
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.runBlocking

/** The phone's side of a call: the dialer, call states and the app's lifecycle, forwarded to the core. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class PhoneCallsTest {
    private val dir = Files.createTempDirectory("warmline-phone")
    private val start = Instant.parse("2026-12-01T15:00:00Z")
    private val clock = TestClock(start)
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile(), ZoneId.of("America/New_York"), clock = clock)
    private val order = mutableListOf<String>()
    private val calls = RecordingCalls(kit.calls)
    private val dialer = FakeDialer(log = order)
    private val callStates = FakeCallStates(log = order)
    private val callLog = FakeCallLog()

    private fun phone(scope: CoroutineScope) =
        PhoneCalls(calls, dialer, callStates, callLog, scope, now = { clock.now }, beforeDialer = { order += "before dialer ${it.view}" })

    private suspend fun ann() = kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190")).id

    private fun at(seconds: Long) = start.plusSeconds(seconds)

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteRecursively()
    }

    @Test
    fun `a tap hands the core's number to the dialer after call states are listened to`() =
        runBlocking {
            val result = phone(this).dial(ann())
            val dialling = assertIs<DialResult.Dialling>(result)
            assertEquals(listOf("+12125550190"), dialer.numbers)
            assertEquals(listOf("call states", "before dialer IN_CALL", "dialer"), order)
            assertEquals(listOf(PhoneCapabilities(callStates = true, answerState = false)), calls.capabilities)
            assertEquals(CallView.IN_CALL, dialling.screen.view)
            assertTrue(calls.reports.isEmpty(), "a direct call reports nothing until the phone does")
        }

    @Test
    fun `the dialer fallback is reported as the dialer opened, at the phone's time`() =
        runBlocking {
            dialer.used = DialerUsed.DIALER_SHOWN
            phone(this).dial(ann())
            assertEquals(listOf<Pair<PhoneEvent, Instant>>(PhoneEvent.DialerOpened to start), calls.reports.toList())
        }

    @Test
    fun `a device that cannot place calls closes the dial without an attempt`() =
        runBlocking {
            dialer.used = DialerUsed.NO_DIALER
            val lead = ann()
            val session = assertIs<DialResult.Dialling>(phone(this).dial(lead)).screen.sessionId
            assertEquals(CallView.CLOSED, kit.calls.screen(session).view)
            assertEquals(0u, kit.leads.lead(lead).attempts)
            assertTrue(calls.reports.isEmpty())
        }

    @Test
    fun `without the phone-state permission the core is told the phone cannot report calls`() =
        runBlocking {
            callStates.canReport = false
            val phone = phone(this)
            val session = assertIs<DialResult.Dialling>(phone.dial(ann())).screen.sessionId
            assertEquals(PhoneCapabilities(callStates = false, answerState = false), calls.capabilities.single())
            phone.appBackground(at(1))
            val back = phone.appForeground(at(60))!!
            assertEquals(session, back.sessionId)
            assertEquals(CallView.OUTCOME_SHEET, back.view)
            assertTrue(kit.calls.outcomeSheet(session).mayNotHaveCalled)
        }

    @Test
    fun `call states reach the open call as the core's phone events with their instants`() =
        runBlocking {
            val phone = phone(this)
            val session = assertIs<DialResult.Dialling>(phone.dial(ann())).screen.sessionId
            callStates.report(PhoneCallState.OFF_HOOK, at(2))
            callStates.report(PhoneCallState.IDLE, at(95))
            settle()
            assertEquals(
                listOf<Pair<PhoneEvent, Instant>>(PhoneEvent.CallDialing to at(2), PhoneEvent.CallEnded(null) to at(95)),
                calls.reports.toList(),
            )
            assertEquals(CallView.OUTCOME_SHEET, kit.calls.screen(session).view)
            assertEquals(TalkConfidence.INCLUDES_RINGING, kit.calls.outcomeSheet(session).talk.confidence)
        }

    @Test
    fun `the call log's talk time follows as a second report of the same end`() =
        runBlocking {
            callLog.seconds = 42u
            val phone = phone(this)
            val session = assertIs<DialResult.Dialling>(phone.dial(ann())).screen.sessionId
            phone.callState(PhoneCallState.OFF_HOOK, at(2))
            val ended = phone.callState(PhoneCallState.IDLE, at(95))!!
            assertEquals(listOf("+12125550190" to start), callLog.asked)
            assertEquals(PhoneEvent.CallEnded(42u) to at(95), calls.reports.last())
            assertEquals(CallView.OUTCOME_SHEET, ended.view)
            val talk = kit.calls.outcomeSheet(session).talk
            assertEquals(42u, talk.seconds)
            assertEquals(TalkConfidence.MEASURED, talk.confidence)
        }

    @Test
    fun `a call ringing in is not reported, and nothing is without an open call`() =
        runBlocking {
            val phone = phone(this)
            assertNull(phone.callState(PhoneCallState.OFF_HOOK, at(1)))
            assertNull(phone.appBackground(at(1)))
            val session = assertIs<DialResult.Dialling>(phone.dial(ann())).screen.sessionId
            assertNull(phone.callState(PhoneCallState.RINGING, at(3)))
            assertTrue(calls.reports.isEmpty())
            assertEquals(CallView.CLOSED, phone.cancel(session).view)
            assertNull(phone.callState(PhoneCallState.IDLE, at(4)))
            assertTrue(calls.reports.isEmpty())
        }

    @Test
    fun `the app going behind the dialer and back is forwarded, and the core puts the card over the dialer`() =
        runBlocking {
            val phone = phone(this)
            phone.dial(ann())
            phone.callState(PhoneCallState.OFF_HOOK, at(2))
            assertTrue(phone.appBackground(at(3))!!.overlay)
            assertFalse(phone.appForeground(at(30))!!.overlay)
            assertEquals(
                listOf(PhoneEvent.CallDialing, PhoneEvent.AppBackground, PhoneEvent.AppForeground),
                calls.reports.map { it.first },
            )
        }

    @Test
    fun `a do-not-call lead never reaches the dialer`() =
        runBlocking {
            val lead = ann()
            kit.leads.markDoNotCall(lead)
            assertFailsWith<WarmlineException.DoNotCall> { phone(this@runBlocking).dial(lead) }
            assertTrue(dialer.numbers.isEmpty())
            assertNull(callStates.listener)
        }

    @Test
    fun `outside calling hours the dialer waits for the rep's confirmation`() =
        runBlocking {
            clock.now = Instant.parse("2026-12-01T07:00:00Z") // 02:00 in New York
            val phone = phone(this)
            val lead = ann()
            assertIs<DialResult.NeedsConfirmation>(phone.dial(lead))
            assertTrue(dialer.numbers.isEmpty())
            assertIs<DialResult.Dialling>(phone.dial(lead, confirmOutsideHours = true))
            assertEquals(listOf("+12125550190"), dialer.numbers)
        }

    @Test
    fun `stopping the phone stops listening to call states`() =
        runBlocking {
            val phone = phone(this)
            phone.dial(ann())
            phone.stop()
            assertNull(callStates.listener)
        }
}
