package app.warmline.android.call

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import androidx.core.app.NotificationCompat
import app.warmline.android.R
import app.warmline.android.ui.MainActivity

/** The app's notification channels (API 26) and its plain notifications. */
object CallChannels {
    const val CALL = "call"
    const val OUTCOME = "outcome"
    const val SYNC = "sync"
    const val CALL_NOTIFICATION = 1
    const val OUTCOME_NOTIFICATION = 2
    const val SYNC_NOTIFICATION = 3

    fun create(context: Context) {
        val manager = context.getSystemService(NotificationManager::class.java)
        manager.createNotificationChannels(
            listOf(
                NotificationChannel(CALL, context.getString(R.string.channel_call), NotificationManager.IMPORTANCE_LOW),
                NotificationChannel(OUTCOME, context.getString(R.string.channel_outcome), NotificationManager.IMPORTANCE_HIGH),
                NotificationChannel(SYNC, context.getString(R.string.channel_sync), NotificationManager.IMPORTANCE_MIN),
            ),
        )
    }

    /** Opens the app, which shows whatever screen the core says (the call, or its outcome sheet). */
    fun openApp(context: Context): PendingIntent =
        PendingIntent.getActivity(
            context,
            0,
            Intent(context, MainActivity::class.java).addFlags(Intent.FLAG_ACTIVITY_SINGLE_TOP),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )

    /** The call service's notification while the card is over the dialer (or the app is in front). */
    fun callInProgress(
        context: Context,
        leadName: String,
    ): Notification =
        NotificationCompat
            .Builder(context, CALL)
            .setSmallIcon(R.drawable.ic_warmline)
            .setContentTitle(context.getString(R.string.call_in_progress, leadName))
            .setContentIntent(openApp(context))
            .setOngoing(true)
            .setCategory(NotificationCompat.CATEGORY_CALL)
            .build()

    /** Asks for the outcome when the app cannot bring itself back in front of the dialer. */
    fun outcome(context: Context): Notification =
        NotificationCompat
            .Builder(context, OUTCOME)
            .setSmallIcon(R.drawable.ic_warmline)
            .setContentTitle(context.getString(R.string.outcome_notification))
            .setContentIntent(openApp(context))
            .setAutoCancel(true)
            .setPriority(NotificationCompat.PRIORITY_HIGH)
            .build()

    fun syncing(context: Context): Notification =
        NotificationCompat
            .Builder(context, SYNC)
            .setSmallIcon(R.drawable.ic_warmline)
            .setContentTitle(context.getString(R.string.syncing))
            .build()
}
