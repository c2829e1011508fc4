package app.warmline.android.platform

import android.app.AlarmManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import androidx.core.app.NotificationManagerCompat
import app.warmline.android.call.CallChannels
import app.warmline.core.NewLeadAlert
import app.warmline.core.Reminder
import app.warmline.kit.platform.LocalNotices

/**
 * Reminders as inexact alarms that post a notification at the callback's time
 * ([ReminderReceiver]); no exact-alarm permission is needed, and a few minutes' slack is
 * fine for "call back at 3". The lead ids booked are remembered so a replaced list cancels
 * the alarms it no longer holds.
 */
class AndroidLocalNotices(
    private val context: Context,
) : LocalNotices {
    private val alarms = context.getSystemService(AlarmManager::class.java)
    private val booked = context.getSharedPreferences("reminders", Context.MODE_PRIVATE)

    override fun replaceCallbackReminders(reminders: List<Reminder>) {
        val keep = reminders.map { it.lead.leadId }.toSet()
        (bookedIds() - keep).forEach { alarms.cancel(alarm(it, "")) }
        reminders.forEach { reminder ->
            alarms.setAndAllowWhileIdle(
                AlarmManager.RTC_WAKEUP,
                reminder.at.toEpochMilli(),
                alarm(reminder.lead.leadId, reminder.lead.name),
            )
        }
        booked.edit().putStringSet(BOOKED, keep).apply()
    }

    override fun announce(alert: NewLeadAlert) {
        CallChannels.notify(context, alert.lead.leadId.hashCode(), CallChannels.newLead(context, alert.lead.name, alert.lead.askedAbout))
    }

    override fun clearAll() {
        bookedIds().forEach { alarms.cancel(alarm(it, "")) }
        booked.edit().clear().apply()
        NotificationManagerCompat.from(context).cancelAll()
    }

    private fun bookedIds(): Set<String> = booked.getStringSet(BOOKED, emptySet()).orEmpty()

    /** One alarm per lead: the same request code and intent find it again to cancel it. */
    private fun alarm(
        leadId: String,
        name: String,
    ): PendingIntent =
        PendingIntent.getBroadcast(
            context,
            leadId.hashCode(),
            Intent(context, ReminderReceiver::class.java)
                .setAction(ReminderReceiver.ACTION)
                .setData(android.net.Uri.fromParts("warmline-lead", leadId, null))
                .putExtra(ReminderReceiver.LEAD_NAME, name),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )

    private companion object {
        const val BOOKED = "booked"
    }
}
