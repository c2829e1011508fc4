package app.warmline.kit

import app.warmline.core.AddLeadOutcome
import app.warmline.core.Lead
import app.warmline.core.LeadDetail
import app.warmline.core.LeadScreen
import app.warmline.core.LeadScreenObserver
import app.warmline.core.LeadsObserver
import app.warmline.core.LeadsScreen
import app.warmline.core.NewLead
import app.warmline.core.NewLeadAlert
import app.warmline.core.NewLeadObserver
import app.warmline.core.Outcome
import app.warmline.core.Reminder
import app.warmline.core.RemindersObserver
import app.warmline.core.TeamSettings
import app.warmline.core.Warmline
import app.warmline.core.WarmlineException
import java.time.Instant
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.withContext

/**
 * Leads and calls as the app's screens use them: suspend functions that never block the
 * main thread, and a [Flow] of changes. Every rule (phone checks, de-duplication, what an
 * outcome does to a lead) is in the Rust core; this layer only moves calls to the right
 * thread and adapts callbacks to coroutines. Errors are the core's typed
 * [app.warmline.core.WarmlineException]s.
 */
interface LeadsRepository {
    suspend fun add(lead: NewLead): Lead

    /** Stores many leads; each row is stored or refused on its own. */
    suspend fun addAll(leads: List<NewLead>): List<AddLeadOutcome>

    suspend fun lead(id: String): Lead

    /** The lead with its calls and timeline. */
    suspend fun detail(id: String): LeadDetail

    /** Logs a call made outside a call session (dialled from elsewhere). */
    suspend fun recordOutcome(leadId: String, outcome: Outcome): Lead

    suspend fun scheduleCallback(leadId: String, at: Instant): Lead

    suspend fun markDoNotCall(leadId: String): Lead

    /** The instant of a wall-clock time in the lead's own zone (`2026-12-02T15:00`): "3 pm their time". */
    suspend fun atLeadLocalTime(leadId: String, local: String): Instant

    suspend fun teamSettings(): TeamSettings

    suspend fun updateTeamSettings(settings: TeamSettings)

    /** All leads, or those whose name, company or number contains [query]. */
    suspend fun list(query: String = ""): LeadsScreen

    suspend fun screen(leadId: String): LeadScreen

    /** The lead screen now and after every change (a note's synced tick included). */
    fun screens(leadId: String): Flow<LeadScreen>

    /** Promised callbacks until [until], soonest first: schedule a local reminder for each. */
    suspend fun upcomingCallbacks(until: Instant): List<Reminder>

    /** The callbacks to hold local reminders for now (the core decides how far ahead). */
    suspend fun reminders(): List<Reminder>

    /** [reminders] now and whenever that list changes, while collected. */
    fun reminderLists(): Flow<List<Reminder>>

    /** Each lead sync brings to this phone while collected: show a local notification. */
    fun arrivals(): Flow<NewLeadAlert>

    /** The ids of leads as they change; collecting starts observing, cancelling stops it. */
    fun changes(): Flow<List<String>>
}

/** [LeadsRepository] backed by the Rust core. */
class CoreLeadsRepository(
    private val core: Warmline,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) : LeadsRepository {
    override suspend fun add(lead: NewLead): Lead = withContext(io) { core.addLead(lead) }

    override suspend fun addAll(leads: List<NewLead>): List<AddLeadOutcome> = core.addLeads(leads)

    override suspend fun lead(id: String): Lead = withContext(io) { core.lead(id) }

    override suspend fun detail(id: String): LeadDetail = withContext(io) { core.leadDetail(id) }

    override suspend fun recordOutcome(leadId: String, outcome: Outcome): Lead =
        withContext(io) { core.recordOutcome(leadId, outcome) }

    override suspend fun scheduleCallback(leadId: String, at: Instant): Lead =
        withContext(io) { core.scheduleCallback(leadId, at) }

    override suspend fun markDoNotCall(leadId: String): Lead = withContext(io) { core.markDoNotCall(leadId) }

    override suspend fun atLeadLocalTime(leadId: String, local: String): Instant =
        withContext(io) { core.atLeadLocalTime(leadId, local) }

    override suspend fun teamSettings(): TeamSettings = withContext(io) { core.teamSettings() }

    override suspend fun updateTeamSettings(settings: TeamSettings) = withContext(io) { core.updateTeamSettings(settings) }

    override suspend fun list(query: String): LeadsScreen = withContext(io) { core.leadsScreen(query) }

    override suspend fun screen(leadId: String): LeadScreen = withContext(io) { core.leadScreen(leadId) }

    override fun screens(leadId: String): Flow<LeadScreen> = callbackFlow {
        val handle = core.observeLeadScreen(
            leadId,
            object : LeadScreenObserver {
                override fun onLeadScreen(screen: LeadScreen) {
                    trySend(screen)
                }

                override fun onError(error: WarmlineException) {
                    close(error)
                }
            },
        )
        awaitClose { handle.close() }
    }

    override suspend fun upcomingCallbacks(until: Instant): List<Reminder> = withContext(io) { core.upcomingCallbacks(until) }

    override suspend fun reminders(): List<Reminder> = withContext(io) { core.reminders() }

    override fun reminderLists(): Flow<List<Reminder>> = callbackFlow {
        val handle = core.observeReminders(
            object : RemindersObserver {
                override fun onReminders(reminders: List<Reminder>) {
                    trySend(reminders)
                }

                override fun onError(error: WarmlineException) {
                    close(error)
                }
            },
        )
        awaitClose { handle.close() }
    }

    override fun arrivals(): Flow<NewLeadAlert> = callbackFlow {
        val handle = core.observeNewLeads(
            object : NewLeadObserver {
                override fun onNewLead(alert: NewLeadAlert) {
                    trySend(alert)
                }
            },
        )
        awaitClose { handle.close() }
    }

    override fun changes(): Flow<List<String>> = callbackFlow {
        val handle = core.observeLeads(object : LeadsObserver {
            override fun onLeadsChanged(leadIds: List<String>) {
                trySend(leadIds)
            }
        })
        awaitClose { handle.close() }
    }
}
