package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.Outcome
import app.warmline.core.TestClock
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class QueueRepositoryTest {
    private val dir = Files.createTempDirectory("warmline-queue")
    private val clock = TestClock(Instant.parse("2026-11-27T15:00:00Z")) // 10:00 in New York
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile(), ZoneId.of("America/New_York"), clock = clock)

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteRecursively()
    }

    @Test
    fun `the queue page is ranked by the core`() = runBlocking {
        val old = kit.leads.add(NewLead(firstName = "Old", phone = "+1 212 555 0101", inquiredAt = clock.now.minusSeconds(3600)))
        kit.leads.add(NewLead(firstName = "Fresh", phone = "+1 212 555 0102", inquiredAt = clock.now.minusSeconds(120)))
        kit.leads.recordOutcome(old.id, Outcome.NoAnswer)
        val page = kit.queue.page()
        assertEquals(listOf("Fresh"), page.entries.filter { it.facts.callableNow }.map { it.lead.firstName })
        assertEquals("New: asked 2 min ago", page.entries[0].reason)
        assertEquals("Attempt 2 of 8 due 10:10", page.entries[1].reason)
    }

    @Test
    fun `the queue screen comes now and again after every change`() = runBlocking {
        kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0111"))
        val pages = Channel<List<String>>(Channel.UNLIMITED)
        val collector = launch(Dispatchers.Default) {
            kit.queue.screens().take(2).collect { q -> pages.send(q.rows.map { it.lead.name }) }
        }
        assertEquals(listOf("Ann"), withTimeout(5_000) { pages.receive() })
        kit.leads.add(NewLead(firstName = "Bo", phone = "+1 212 555 0112", inquiredAt = clock.now.minusSeconds(60)))
        assertEquals(listOf("Ann", "Bo"), withTimeout(5_000) { pages.receive() })
        withTimeout(5_000) { collector.join() }
    }
}
