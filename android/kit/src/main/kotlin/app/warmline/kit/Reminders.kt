package app.warmline.kit

import app.warmline.kit.platform.LocalNotices

/**
 * Local notifications wired to the core: the callbacks the core lists are the reminders the
 * phone holds, booked again whenever that list changes; each lead sync brings is announced.
 * Which callbacks, and how far ahead, is the core's answer.
 */
class Reminders(
    private val leads: LeadsRepository,
    private val notices: LocalNotices,
) {
    /** Books the reminders the core lists now. */
    suspend fun refresh() = notices.replaceCallbackReminders(leads.reminders())

    /** Books the core's list now and again whenever it changes, while collected. */
    suspend fun follow() = leads.reminderLists().collect { notices.replaceCallbackReminders(it) }

    /** Announces each lead sync brings, while collected. */
    suspend fun announceArrivals() = leads.arrivals().collect { notices.announce(it) }

    /** Signing out. */
    fun clear() = notices.clearAll()
}
