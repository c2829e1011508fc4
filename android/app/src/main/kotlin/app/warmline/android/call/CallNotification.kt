package app.warmline.android.call

import android.Manifest
import android.app.Notification
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import app.warmline.android.R
import app.warmline.core.CallScreen
import app.warmline.kit.platform.OngoingNotification

/**
 * The card in the call service's ongoing notification, for phones without the overlay: the
 * stage, the lines to say, Back and Next. Tapping it opens the app's call screen, which has
 * everything else (choices, questions, the note).
 */
class CallNotification(
    private val context: Context,
) : OngoingNotification {
    /** Named in the plain notification; set by the service from the dial. */
    var leadName = ""

    override fun show(screen: CallScreen) {
        leadName = screen.lead.name
        val card = screen.card
        val builder =
            NotificationCompat
                .Builder(context, CallChannels.CALL)
                .setSmallIcon(R.drawable.ic_warmline)
                .setContentTitle(card.title)
                .setContentText(card.lines.firstOrNull().orEmpty())
                .setStyle(NotificationCompat.BigTextStyle().bigText(card.lines.joinToString("\n")))
                .setSubText(context.getString(R.string.stage_of, card.stageNumber.toInt(), card.stageCount.toInt()))
                .setContentIntent(CallChannels.openApp(context))
                .setOngoing(true)
                .setOnlyAlertOnce(true)
                .setCategory(NotificationCompat.CATEGORY_CALL)
        if (card.canGoBack) builder.addAction(0, context.getString(R.string.back), action(CardActionReceiver.BACK, screen))
        if (card.canGoNext) builder.addAction(0, context.getString(R.string.next), action(CardActionReceiver.NEXT, screen))
        post(builder.build())
    }

    /** Back to the plain "call in progress" notification the service must keep showing. */
    override fun hide() = post(CallChannels.callInProgress(context, leadName))

    private fun post(notification: Notification) {
        // Without POST_NOTIFICATIONS (API 33+) the system shows nothing; the app's call screen has the card.
        val allowed =
            Build.VERSION.SDK_INT < 33 ||
                ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) == PackageManager.PERMISSION_GRANTED
        if (allowed) NotificationManagerCompat.from(context).notify(CallChannels.CALL_NOTIFICATION, notification)
    }

    private fun action(
        step: String,
        screen: CallScreen,
    ): PendingIntent =
        PendingIntent.getBroadcast(
            context,
            step.hashCode(),
            Intent(context, CardActionReceiver::class.java)
                .setAction(step)
                .putExtra(CardActionReceiver.SESSION, screen.sessionId),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
}
