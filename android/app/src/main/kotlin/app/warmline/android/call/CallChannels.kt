package app.warmline.android.call

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import app.warmline.android.R
import app.warmline.android.ui.MainActivity

/** The app's notification channels (API 26) and its plain notifications. */
object CallChannels {
    const val CALL = "call"
    const val OUTCOME = "outcome"
    const val SYNC = "sync"
    const val REMINDERS = "reminders"
    const val NEW_LEADS = "new_leads"
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
                NotificationChannel(REMINDERS, context.getString(R.string.channel_reminders), NotificationManager.IMPORTANCE_HIGH),
                NotificationChannel(NEW_LEADS, context.getString(R.string.channel_new_leads), NotificationManager.IMPORTANCE_DEFAULT),
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
        tapToOpen(context, OUTCOME, context.getString(R.string.outcome_notification))
            .setPriority(NotificationCompat.PRIORITY_HIGH)
            .build()

    fun syncing(context: Context): Notification =
        NotificationCompat
            .Builder(context, SYNC)
            .setSmallIcon(R.drawable.ic_warmline)
            .setContentTitle(context.getString(R.string.syncing))
            .build()

    /** "Call Ann back now": the time the lead asked for has come. */
    fun callbackDue(
        context: Context,
        leadName: String,
    ): Notification =
        tapToOpen(context, REMINDERS, context.getString(R.string.callback_due, leadName))
            .setCategory(NotificationCompat.CATEGORY_REMINDER)
            .setPriority(NotificationCompat.PRIORITY_HIGH)
            .build()

    /** A lead sync just brought: who, and what they asked about. */
    fun newLead(
        context: Context,
        leadName: String,
        askedAbout: String?,
    ): Notification =
        tapToOpen(context, NEW_LEADS, context.getString(R.string.new_lead, leadName))
            .setContentText(askedAbout)
            .build()

    /** A notification on [channel] titled [title] that opens the app and goes when tapped. */
    private fun tapToOpen(
        context: Context,
        channel: String,
        title: String,
    ): NotificationCompat.Builder =
        NotificationCompat
            .Builder(context, channel)
            .setSmallIcon(R.drawable.ic_warmline)
            .setContentTitle(title)
            .setContentIntent(openApp(context))
            .setAutoCancel(true)

    /** Posts [notification] when the rep allows notifications (Android 13+ asks); else nothing. */
    fun notify(
        context: Context,
        id: Int,
        notification: Notification,
    ) {
        val manager = NotificationManagerCompat.from(context)
        if (manager.areNotificationsEnabled()) {
            try {
                manager.notify(id, notification)
            } catch (_: SecurityException) {
                // The permission was withdrawn between the check and the post.
            }
        }
    }
}
