package app.warmline.kit

import app.warmline.core.AppScreen
import app.warmline.core.CallIntent
import app.warmline.core.CallScreen
import app.warmline.core.CallScreenObserver
import app.warmline.core.DialResult
import app.warmline.core.Note
import app.warmline.core.Outcome
import app.warmline.core.OutcomeSheet
import app.warmline.core.PhoneCapabilities
import app.warmline.core.PhoneEvent
import app.warmline.core.PromptCard
import app.warmline.core.ScriptSummary
import app.warmline.core.SearchHit
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
 * A call walked through the script, for the call screen, the overlay over the dialer and
 * the ongoing notification. Each function returns the next [PromptCard] to draw; the core
 * has saved the step before it returns, so a killed app resumes with [openCall].
 */
interface CallsRepository {
    /**
     * The rep tapped call. The core refuses a do-not-call lead (`WarmlineException.DoNotCall`)
     * and asks for confirmation outside the lead's calling hours; otherwise the result carries
     * the number to hand to the dialer and the call screen.
     */
    suspend fun dial(leadId: String, capabilities: PhoneCapabilities, confirmOutsideHours: Boolean = false): DialResult

    /** Forwards what the phone reported (call state, app in background/foreground) with when it happened. */
    suspend fun report(sessionId: String, event: PhoneEvent, at: Instant): CallScreen

    /** The rep backed out of the dialer. */
    suspend fun cancelDial(sessionId: String): CallScreen

    /** Keeps the quick note as it is typed. */
    suspend fun setDraft(sessionId: String, text: String)

    /** Saves the typed note to the call. */
    suspend fun saveDraft(sessionId: String): CallScreen

    suspend fun screen(sessionId: String): CallScreen

    suspend fun outcomeSheet(sessionId: String): OutcomeSheet

    /** Which screen the app should show (an open call wins after a restart). */
    suspend fun currentScreen(): AppScreen

    /** The call screen now and after every change, for the call screen, the overlay and the notification. */
    fun screens(sessionId: String): Flow<CallScreen>

    /** The rep tapped call on a queue row. */
    suspend fun start(leadId: String): PromptCard

    /** From the telephony callback: the call connected. */
    suspend fun connected(sessionId: String, at: Instant): PromptCard

    /** From the telephony callback: the call ended. */
    suspend fun ended(sessionId: String, at: Instant): PromptCard

    /** Next, back, skip, a choice, an answer or a quick note. */
    suspend fun send(sessionId: String, intent: CallIntent): PromptCard

    /** The outcome picked after hanging up. */
    suspend fun finish(sessionId: String, outcome: Outcome): PromptCard

    /** The call left open when the app was killed, if any. */
    suspend fun openCall(): PromptCard?

    suspend fun addNote(leadId: String, text: String): Note

    suspend fun notes(leadId: String): List<Note>

    suspend fun search(query: String, limit: Int = 20): List<SearchHit>

    suspend fun script(): ScriptSummary

    /** Replaces the team's script; throws `WarmlineException.InvalidScript` listing every problem. */
    suspend fun setScript(toml: String): ScriptSummary
}

/** [CallsRepository] backed by the Rust core. */
class CoreCallsRepository(
    private val core: Warmline,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) : CallsRepository {
    override suspend fun dial(leadId: String, capabilities: PhoneCapabilities, confirmOutsideHours: Boolean) =
        withContext(io) { core.dial(leadId, capabilities, confirmOutsideHours) }

    override suspend fun report(sessionId: String, event: PhoneEvent, at: Instant) =
        withContext(io) { core.phoneReport(sessionId, event, at) }

    override suspend fun cancelDial(sessionId: String) = withContext(io) { core.cancelDial(sessionId) }

    override suspend fun setDraft(sessionId: String, text: String) = withContext(io) { core.setDraft(sessionId, text) }

    override suspend fun saveDraft(sessionId: String) = withContext(io) { core.saveDraft(sessionId) }

    override suspend fun screen(sessionId: String) = withContext(io) { core.callScreen(sessionId) }

    override suspend fun outcomeSheet(sessionId: String) = withContext(io) { core.outcomeSheet(sessionId) }

    override suspend fun currentScreen() = withContext(io) { core.currentScreen() }

    override fun screens(sessionId: String): Flow<CallScreen> = callbackFlow {
        val handle = core.observeCallScreen(
            sessionId,
            object : CallScreenObserver {
                override fun onCallScreen(screen: CallScreen) {
                    trySend(screen)
                }

                override fun onError(error: WarmlineException) {
                    close(error)
                }
            },
        )
        awaitClose { handle.close() }
    }

    override suspend fun start(leadId: String) = withContext(io) { core.startCall(leadId) }

    override suspend fun connected(sessionId: String, at: Instant) = withContext(io) { core.callConnected(sessionId, at) }

    override suspend fun ended(sessionId: String, at: Instant) = withContext(io) { core.callEnded(sessionId, at) }

    override suspend fun send(sessionId: String, intent: CallIntent) = withContext(io) { core.callIntent(sessionId, intent) }

    override suspend fun finish(sessionId: String, outcome: Outcome) = withContext(io) { core.endCall(sessionId, outcome) }

    override suspend fun openCall() = withContext(io) { core.openCall() }

    override suspend fun addNote(leadId: String, text: String) = withContext(io) { core.addNote(leadId, text) }

    override suspend fun notes(leadId: String) = withContext(io) { core.notes(leadId) }

    override suspend fun search(query: String, limit: Int) = withContext(io) { core.searchNotes(query, limit.toUInt()) }

    override suspend fun script() = withContext(io) { core.script() }

    override suspend fun setScript(toml: String) = withContext(io) { core.setScript(toml) }
}
