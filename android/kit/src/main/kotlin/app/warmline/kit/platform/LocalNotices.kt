package app.warmline.kit.platform

import app.warmline.core.NewLeadAlert
import app.warmline.core.Reminder

/** Local notifications. Android: alarms that post a reminder at its time, and the notification manager. */
interface LocalNotices {
    /** Holds a reminder for exactly these callbacks, dropping every earlier one. */
    fun replaceCallbackReminders(reminders: List<Reminder>)

    /** A lead sync just brought to this phone. */
    fun announce(alert: NewLeadAlert)

    /** Signing out: no reminder or notice about the team's leads stays behind. */
    fun clearAll()
}
