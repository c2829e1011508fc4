package app.warmline.android.platform

import android.Manifest
import android.annotation.SuppressLint
import android.content.Context
import android.os.Build
import android.telephony.PhoneStateListener
import android.telephony.TelephonyCallback
import android.telephony.TelephonyManager
import androidx.annotation.RequiresApi
import app.warmline.kit.platform.CallStateListener
import app.warmline.kit.platform.CallStateSource
import app.warmline.kit.platform.FirstReportDropped
import app.warmline.kit.platform.PhoneCallState
import java.time.Instant

/**
 * Call states from `TelephonyCallback.CallStateListener` (API 31+) or `PhoneStateListener`
 * (API 26 to 30), both with `READ_PHONE_STATE`. Both report the current state the moment
 * they register; the kit's [FirstReportDropped] drops it (a state, not a change).
 */
class TelephonyCallStates(
    private val context: Context,
) : CallStateSource {
    private val telephony = context.getSystemService(TelephonyManager::class.java)

    /** Undoes the registration; null while not listening. */
    private var unregister: (() -> Unit)? = null

    override val canReport: Boolean
        get() = context.granted(Manifest.permission.READ_PHONE_STATE)

    override fun start(listener: CallStateListener) {
        if (unregister != null || !canReport) return
        val changes = Changes(listener)
        unregister =
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) callback(changes) else legacyListener(changes)
    }

    override fun stop() {
        unregister?.invoke()
        unregister = null
    }

    // READ_PHONE_STATE is checked by start() through canReport.
    @SuppressLint("MissingPermission")
    @RequiresApi(Build.VERSION_CODES.S)
    private fun callback(changes: Changes): () -> Unit {
        val callback =
            object : TelephonyCallback(), TelephonyCallback.CallStateListener {
                override fun onCallStateChanged(state: Int) = changes.report(state)
            }
        telephony.registerTelephonyCallback(context.mainExecutor, callback)
        return { telephony.unregisterTelephonyCallback(callback) }
    }

    // Registered from the main thread, whose looper delivers the callbacks.
    @SuppressLint("MissingPermission")
    @Suppress("DEPRECATION")
    private fun legacyListener(changes: Changes): () -> Unit {
        val listener =
            object : PhoneStateListener() {
                @Deprecated("Deprecated in Java")
                override fun onCallStateChanged(
                    state: Int,
                    phoneNumber: String?,
                ) = changes.report(state)
            }
        telephony.listen(listener, PhoneStateListener.LISTEN_CALL_STATE)
        return { telephony.listen(listener, PhoneStateListener.LISTEN_NONE) }
    }

    /** Each report as the kit's [PhoneCallState], with the instant it arrived; the registration report is dropped. */
    private class Changes(
        listener: CallStateListener,
    ) {
        private val changes = FirstReportDropped(listener)

        fun report(state: Int) = changes.onCallState(phoneCallState(state), Instant.now())

        private fun phoneCallState(state: Int) =
            when (state) {
                TelephonyManager.CALL_STATE_OFFHOOK -> PhoneCallState.OFF_HOOK
                TelephonyManager.CALL_STATE_RINGING -> PhoneCallState.RINGING
                else -> PhoneCallState.IDLE
            }
    }
}
