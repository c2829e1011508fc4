package app.warmline.android.call

import android.content.Context
import android.content.Intent
import android.content.pm.ServiceInfo
import android.os.Build
import androidx.core.app.NotificationManagerCompat
import androidx.core.app.ServiceCompat
import androidx.core.content.ContextCompat
import androidx.lifecycle.LifecycleService
import androidx.lifecycle.lifecycleScope
import app.warmline.android.graph
import app.warmline.kit.CallSurfaces
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch

/**
 * The foreground service that lives as long as a call from the app: it keeps the process up
 * behind the dialer and draws the card over it (or in its notification) from the core's call
 * screen, until the core says the call is over; then the app comes back on the outcome sheet.
 * Foreground service type `specialUse` (API 34): the phone-call type is for dialer apps only.
 */
class CallService : LifecycleService() {
    private var following: Job? = null
    private lateinit var surfaces: CallSurfaces
    private lateinit var overlay: OverlayWindow
    private lateinit var notification: CallNotification

    override fun onCreate() {
        super.onCreate()
        val session = graph.session
        overlay = OverlayWindow(this, session::card)
        notification = CallNotification(this)
        surfaces = CallSurfaces(session.kit.calls, overlay, notification, ActivityLauncher(this))
    }

    override fun onStartCommand(
        intent: Intent?,
        flags: Int,
        startId: Int,
    ): Int {
        super.onStartCommand(intent, flags, startId)
        val sessionId = intent?.getStringExtra(SESSION)
        notification.leadName = intent?.getStringExtra(LEAD).orEmpty()
        if (!goForeground(notification.leadName)) {
            stopSelf()
            return START_NOT_STICKY
        }
        following?.cancel()
        following =
            lifecycleScope.launch {
                sessionId?.let { surfaces.follow(it) }
                graph.session.phone.stop()
                stopSelf()
            }
        return START_REDELIVER_INTENT
    }

    /**
     * False when Android 12+ refuses (a restart after the process died, the app not in front):
     * the card is then in the app, which reopens on the call from the core.
     */
    private fun goForeground(leadName: String): Boolean {
        val notification = CallChannels.callInProgress(this, leadName)
        try {
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.UPSIDE_DOWN_CAKE) {
                startForeground(CallChannels.CALL_NOTIFICATION, notification, ServiceInfo.FOREGROUND_SERVICE_TYPE_SPECIAL_USE)
            } else {
                startForeground(CallChannels.CALL_NOTIFICATION, notification)
            }
        } catch (refused: IllegalStateException) {
            return false
        }
        return true
    }

    override fun onDestroy() {
        overlay.hide()
        ServiceCompat.stopForeground(this, ServiceCompat.STOP_FOREGROUND_REMOVE)
        NotificationManagerCompat.from(this).cancel(CallChannels.CALL_NOTIFICATION)
        super.onDestroy()
    }

    companion object {
        private const val SESSION = "session"
        private const val LEAD = "lead"

        /** Started by the app, in front, as the rep taps call (Android 12+ allows it only then). */
        fun start(
            context: Context,
            sessionId: String,
            leadName: String,
        ) {
            val intent =
                Intent(context, CallService::class.java)
                    .putExtra(SESSION, sessionId)
                    .putExtra(LEAD, leadName)
            ContextCompat.startForegroundService(context, intent)
        }
    }
}
