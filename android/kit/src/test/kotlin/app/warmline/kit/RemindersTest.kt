package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.Outcome
import app.warmline.kit.platform.FakeNotices
import java.nio.file.Files
import java.time.Duration
import java.time.Instant
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.fail
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull

/** Callback reminders and new-lead notices follow the core, against the real core and server. */
class RemindersTest {
    private val dir = Files.createTempDirectory("warmline-reminders")
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile())
    private val notices = FakeNotices()
    private val reminders = Reminders(kit.leads, notices)

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteWhenReleased()
    }

    private suspend fun until(
        what: String,
        done: () -> Boolean,
    ) {
        withTimeoutOrNull(5_000) { while (!done()) delay(20) } ?: fail("timed out waiting for $what")
    }

    @Test
    fun `the phone holds a reminder for each promised callback, and drops it once kept`() =
        runBlocking {
            val ann = kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190"))
            val following = launch(Dispatchers.IO) { reminders.follow() }
            kit.leads.scheduleCallback(ann.id, Instant.now().plus(Duration.ofDays(2)))
            until("Ann's reminder") { notices.reminders.map { it.lead.name } == listOf("Ann") }
            kit.leads.recordOutcome(ann.id, Outcome.Qualified)
            until("no reminder left") { notices.reminders.isEmpty() }
            following.cancelAndJoin()
        }

    @Test
    fun `signing out clears every notice`() {
        reminders.clear()
        assertEquals(1, notices.cleared)
    }

    @Test
    fun `a lead another phone adds is announced when sync brings it`() =
        runBlocking {
            val server = TestServer(dir, "Sam", "Ana")
            try {
                val office = WarmlineKit.open(dir.resolve("office.db").toFile())
                val officeToken = office.sync.enrol(server.url, server.codes[0], "office").token
                val token = kit.sync.enrol(server.url, server.codes[1], "phone").token
                val announcing = launch(Dispatchers.IO) { reminders.announceArrivals() }
                office.leads.add(NewLead(firstName = "Bea", phone = "+1 212 555 0143"))
                office.sync.sync(server.url, officeToken)
                office.close()
                kit.sync.sync(server.url, token)
                until("Bea announced") { notices.announced.map { it.lead.name } == listOf("Bea") }
                announcing.cancelAndJoin()
            } finally {
                server.stop()
            }
        }
}
