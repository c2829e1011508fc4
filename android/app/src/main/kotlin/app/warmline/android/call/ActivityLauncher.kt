package app.warmline.android.call

import android.Manifest
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import android.provider.Settings
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import app.warmline.android.ui.MainActivity
import app.warmline.kit.platform.AppLauncher

/**
 * Brings the app back over the dialer when the call ends. Android 10+ lets a background app
 * start an activity only with an exemption, such as the overlay permission; without it the
 * rep gets a high-priority notification that opens the outcome sheet.
 */
class ActivityLauncher(
    private val context: Context,
) : AppLauncher {
    override fun showOutcome(sessionId: String) {
        if (Settings.canDrawOverlays(context)) {
            val intent =
                Intent(context, MainActivity::class.java)
                    .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_REORDER_TO_FRONT)
            context.startActivity(intent)
            return
        }
        val allowed =
            Build.VERSION.SDK_INT < 33 ||
                ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) == PackageManager.PERMISSION_GRANTED
        if (allowed) NotificationManagerCompat.from(context).notify(CallChannels.OUTCOME_NOTIFICATION, CallChannels.outcome(context))
    }
}
