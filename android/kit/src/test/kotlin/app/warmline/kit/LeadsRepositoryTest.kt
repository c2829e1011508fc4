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
        val attempt = kit.leads.startCall(lead.id)
        kit.leads.callConnected(attempt.id, attempt.startedAt.plusSeconds(5))
        kit.leads.callEnded(attempt.id, attempt.startedAt.plusSeconds(65))
        val after = kit.leads.recordOutcome(lead.id, Outcome.Qualified)
        assertEquals(LeadStatus.QUALIFIED, after.status)
        val detail = kit.leads.detail(lead.id)
        assertEquals(60u, detail.attempts.single().talkSeconds)
        assertEquals(TimelineEventKind.STATUS_CHANGED, detail.timeline.last().kind)
    }

    @Test
    fun `changes flow emits the ids a write touched`() = runBlocking {
        // Unconfined: the flow subscribes before `async` returns, so the write below is seen.
        val firstChange = async(Dispatchers.Unconfined) { withTimeout(5_000) { kit.leads.changes().first() } }
        val added = kit.leads.add(ann)
        assertEquals(listOf(added.id), firstChange.await())
    }
}
