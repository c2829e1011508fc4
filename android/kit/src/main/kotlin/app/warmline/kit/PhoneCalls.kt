package app.warmline.kit

import app.warmline.core.AppScreen
import app.warmline.core.CallScreen
import app.warmline.core.DialResult
import app.warmline.core.PhoneCapabilities
import app.warmline.core.PhoneEvent
import app.warmline.kit.platform.CallLogReader
import app.warmline.kit.platform.CallStateSource
import app.warmline.kit.platform.Dialer
import app.warmline.kit.platform.DialerUsed
import app.warmline.kit.platform.PhoneCallState
import java.time.Instant
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/**
 * The phone's side of a call: hands the core's number to the dialer and forwards what the
 * phone reports (call states, the app going behind the dialer and back) to the call the
 * core says is open, each with the instant it happened. What a report means is the core's.
 */
class PhoneCalls(
    private val calls: CallsRepository,
    private val dialer: Dialer,
    private val callStates: CallStateSource,
    private val callLog: CallLogReader,
    private val scope: CoroutineScope,
    private val now: () -> Instant = Instant::now,
    private val beforeDialer: (CallScreen) -> Unit = {},
) {
    /** Call-state changes go to the core one at a time (the lock is first come, first served). */
    private val forwarding = Mutex()

    /**
     * The rep tapped call. The core may refuse (do not call) or ask for confirmation first;
     * when it says dial, call states are listened to and [beforeDialer] is told (Android starts
     * its call service there, while the app is still in front) before the dialer starts.
     */
    suspend fun dial(
        leadId: String,
        confirmOutsideHours: Boolean = false,
    ): DialResult {
        val capabilities = PhoneCapabilities(callStates = callStates.canReport, answerState = false)
        val result = calls.dial(leadId, capabilities, confirmOutsideHours)
        if (result is DialResult.Dialling) place(result)
        return result
    }

    private suspend fun place(dialling: DialResult.Dialling) {
        // In the order the phone reported them: each starts at once and queues on the lock.
        callStates.start { state, at ->
            scope.launch(start = CoroutineStart.UNDISPATCHED) { forwarding.withLock { callState(state, at) } }
        }
        beforeDialer(dialling.screen)
        when (dialer.call(dialling.number)) {
            DialerUsed.CALLED -> Unit
            DialerUsed.DIALER_SHOWN -> calls.report(dialling.screen.sessionId, PhoneEvent.DialerOpened, now())
            DialerUsed.NO_DIALER -> calls.cancelDial(dialling.screen.sessionId)
        }
    }

    /** A call-state change, forwarded to the open call; the call log's measure follows when there is one. */
    suspend fun callState(
        state: PhoneCallState,
        at: Instant,
    ): CallScreen? {
        val sessionId = openSession() ?: return null
        return when (state) {
            PhoneCallState.OFF_HOOK -> calls.report(sessionId, PhoneEvent.CallDialing, at)
            PhoneCallState.IDLE -> ended(sessionId, at)
            // Another call ringing in says nothing about the rep's outgoing call.
            PhoneCallState.RINGING -> null
        }
    }

    private suspend fun ended(
        sessionId: String,
        at: Instant,
    ): CallScreen {
        val screen = calls.report(sessionId, PhoneEvent.CallEnded(measuredSeconds = null), at)
        val measured = callLog.measuredSeconds(screen.lead.phone, screen.dialledAt) ?: return screen
        return calls.report(sessionId, PhoneEvent.CallEnded(measuredSeconds = measured), at)
    }

    /** The app went behind the dialer (Android: the process lifecycle's `ON_STOP`). */
    suspend fun appBackground(at: Instant = now()): CallScreen? = lifecycle(PhoneEvent.AppBackground, at)

    /** The app is in front again (Android: `ON_START`). */
    suspend fun appForeground(at: Instant = now()): CallScreen? = lifecycle(PhoneEvent.AppForeground, at)

    private suspend fun lifecycle(
        event: PhoneEvent,
        at: Instant,
    ): CallScreen? = openSession()?.let { calls.report(it, event, at) }

    /** The rep says no call was made: the core closes the dial without an attempt. */
    suspend fun cancel(sessionId: String): CallScreen = calls.cancelDial(sessionId)

    /** Stops listening to call states (the call service is done). */
    fun stop() = callStates.stop()

    private suspend fun openSession(): String? =
        when (val screen = calls.currentScreen()) {
            is AppScreen.Call -> screen.sessionId
            is AppScreen.Outcome -> screen.sessionId
            AppScreen.Queue, AppScreen.SignedOut -> null
        }
}
