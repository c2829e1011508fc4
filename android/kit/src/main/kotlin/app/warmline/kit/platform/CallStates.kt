package app.warmline.kit.platform

import java.time.Instant
import java.util.concurrent.atomic.AtomicBoolean

/** What the phone says about its calls (Android's `CALL_STATE_*`). */
enum class PhoneCallState { IDLE, RINGING, OFF_HOOK }

/** Told each change of the phone's call state, with the instant it happened. */
fun interface CallStateListener {
    fun onCallState(state: PhoneCallState, at: Instant)
}

/**
 * The phone's call-state reports. Android: `TelephonyCallback.CallStateListener` on API 31+,
 * `PhoneStateListener` below, both needing `READ_PHONE_STATE`.
 *
 * Reports changes only: the state the platform reports the moment a listener registers is
 * the phone's state then, not a change, and is not passed on.
 */
interface CallStateSource {
    /** Whether this phone can report call states now (Android: `READ_PHONE_STATE` granted). */
    val canReport: Boolean

    /** Starts reporting to [listener]; starting again while started changes nothing. */
    fun start(listener: CallStateListener)

    fun stop()
}

/** The phone's own measure of a call's talk time (Android: the call log, with `READ_CALL_LOG`). */
interface CallLogReader {
    /** The talk time of the latest call to [number] placed since [since], or null when unreadable. */
    suspend fun measuredSeconds(
        number: String,
        since: Instant,
    ): UInt?
}

/**
 * Passes on every report but the first. Android's call-state listeners report the phone's
 * current state the moment they register; that is a state, not a change, and forwarding an
 * idle phone as "call ended" would end a call that has not started.
 */
class FirstReportDropped(
    private val listener: CallStateListener,
) : CallStateListener {
    private val registered = AtomicBoolean(false)

    override fun onCallState(
        state: PhoneCallState,
        at: Instant,
    ) {
        if (registered.getAndSet(true)) listener.onCallState(state, at)
    }
}
