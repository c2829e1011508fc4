package app.warmline.kit

import app.warmline.core.CallIntent
import app.warmline.core.Note
import app.warmline.core.Outcome
import app.warmline.core.PromptCard
import app.warmline.core.ScriptSummary
import app.warmline.core.SearchHit
import app.warmline.core.Warmline
import java.time.Instant
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * A call walked through the script, for the call screen, the overlay over the dialer and
 * the ongoing notification. Each function returns the next [PromptCard] to draw; the core
 * has saved the step before it returns, so a killed app resumes with [openCall].
 */
interface CallsRepository {
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
