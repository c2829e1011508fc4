package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.Outcome
import app.warmline.kit.platform.FakeNotices
import java.io.File
import java.nio.file.Files
import java.time.Duration
import java.time.Instant
import java.util.concurrent.TimeUnit
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

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

    private suspend fun until(what: String, done: () -> Boolean) =
        withTimeout(5_000) {
            while (!done()) delay(20)
        }.also { check(done()) { what } }

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
            val server = Server(dir)
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

    /** A real `warmline-server` on loopback with one team and two reps' codes. */
    private class Server(
        dir: java.nio.file.Path,
    ) {
        private val binary = File(System.getProperty("warmline.server") ?: error("set -Dwarmline.server"))
        private val database = dir.resolve("server.db").toString()
        val codes: List<String>
        private val process: Process
        val url: String

        init {
            val team = admin("team-create", "Brightside")
            codes = listOf(admin("rep-add", "--team", team, "Sam"), admin("rep-add", "--team", team, "Ana"))
            process =
                ProcessBuilder(binary.path, "--listen", "127.0.0.1:0", "--database", database)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
            url = process.inputStream.bufferedReader().readLine().removePrefix("listening on ")
        }

        private fun admin(vararg args: String): String {
            val admin = ProcessBuilder(binary.path, "--database", database, *args).start()
            val out = admin.inputStream.bufferedReader().readText().trim()
            check(admin.waitFor() == 0) { "warmline-server ${args.joinToString(" ")} failed" }
            return out
        }

        fun stop() {
            process.destroy()
            process.waitFor(5, TimeUnit.SECONDS)
        }
    }
}
