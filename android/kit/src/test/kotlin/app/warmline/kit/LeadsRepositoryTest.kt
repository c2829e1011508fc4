package app.warmline.kit

import app.warmline.core.LeadStatus
import app.warmline.core.NewLead
import app.warmline.core.Outcome
import app.warmline.core.TimelineEventKind
import app.warmline.core.WarmlineException
import java.nio.file.Files
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class LeadsRepositoryTest {
    private val dir = Files.createTempDirectory("warmline-kit")
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile())

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteRecursively()
    }

    private val ann = NewLead(firstName = "Ann", lastName = "", phone = "415 555 2671", email = null, company = "Acme")

    @Test
    fun `add and read back through the repository`() = runBlocking {
        val added = kit.leads.add(ann)
        val readBack = kit.leads.lead(added.id)
        assertEquals("+14155552671", readBack.phoneE164)
        assertEquals("Ann", readBack.displayName)
        assertEquals("Acme", readBack.company)
    }

    @Test
    fun `a refused lead surfaces as the core's typed error`() = runBlocking {
        val error = assertFailsWith<WarmlineException.InvalidPhoneNumber> { kit.leads.add(ann.copy(phone = "+1 111")) }
        assertEquals("+1 111", error.input)
    }

    @Test
    fun `a call from tap to outcome`() = runBlocking {
        val lead = kit.leads.add(ann)
        val first = kit.calls.start(lead.id)
        kit.calls.connected(first.sessionId, java.time.Instant.now())
        kit.calls.send(first.sessionId, app.warmline.core.CallIntent.Choose("yes"))
        kit.calls.ended(first.sessionId, java.time.Instant.now().plusSeconds(60))
        val last = kit.calls.finish(first.sessionId, Outcome.Qualified)
        assertEquals(app.warmline.core.CallPhase.OUTCOME_RECORDED, last.phase)
        assertEquals(LeadStatus.QUALIFIED, kit.leads.lead(lead.id).status)
        val detail = kit.leads.detail(lead.id)
        assertEquals(1, detail.attempts.size)
        val changes = detail.timeline.filter { it.kind == TimelineEventKind.STATUS_CHANGED }.map { it.detail }
        assertEquals(listOf("new → attempting", "attempting → qualified"), changes)
        assertEquals(null, kit.calls.openCall())
    }

    @Test
    fun `notes are saved and found by search`() = runBlocking {
        val lead = kit.leads.add(ann)
        kit.calls.addNote(lead.id, "Prefers morning calls, roof faces south")
        val hits = kit.calls.search("roof")
        assertEquals(1, hits.size)
        assertEquals("Ann", hits[0].leadName)
        assertEquals(true, hits[0].snippet.contains("[roof]"))
        val tooLong = assertFailsWith<WarmlineException.InvalidInput> { kit.calls.addNote(lead.id, "x".repeat(65 * 1024)) }
        assertEquals("note", tooLong.field)
        val script = assertFailsWith<WarmlineException.InvalidScript> { kit.calls.setScript("id = \"x\"") }
        assertEquals(true, script.detail.contains("missing field"), script.detail)
    }

    @Test
    fun `changes flow emits the ids a write touched`() = runBlocking {
        // Unconfined: the flow subscribes before `async` returns, so the write below is seen.
        val firstChange = async(Dispatchers.Unconfined) { withTimeout(5_000) { kit.leads.changes().first() } }
        val added = kit.leads.add(ann)
        assertEquals(listOf(added.id), firstChange.await())
    }
}
