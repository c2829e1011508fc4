package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.SignedOutReason
import app.warmline.core.WarmlineException
import java.io.File
import java.net.HttpURLConnection
import java.net.URI
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/**
 * Two Kotlin "phones" sync through the real `warmline-server` binary (path in the
 * `warmline.server` system property, set by `cargo xtask test`) over loopback, with the
 * kit's `HttpURLConnection` transport.
 */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class SyncRepositoryTest {
    private val dir = Files.createTempDirectory("warmline-sync")
    private val serverBinary = File(System.getProperty("warmline.server") ?: error("set -Dwarmline.server"))
    private val database = dir.resolve("server.db").toString()
    private val team: String
    private val codes: List<String>
    private val server: Process
    private val url: String

    init {
        fun admin(vararg args: String): String {
            val process = ProcessBuilder(serverBinary.path, "--database", database, *args).start()
            val out = process.inputStream.bufferedReader().readText().trim()
            check(process.waitFor() == 0) { "warmline-server ${args.joinToString(" ")} failed" }
            return out
        }
        team = admin("team-create", "Brightside")
        codes = listOf(admin("rep-add", "--team", team, "Sam Reyes"), admin("rep-add", "--team", team, "Ana"))
        server = ProcessBuilder(serverBinary.path, "--listen", "127.0.0.1:0", "--database", database)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .apply { environment()["WARMLINE_ADMIN_TOKEN"] = ADMIN_TOKEN }
            .start()
        url = server.inputStream.bufferedReader().readLine().removePrefix("listening on ")
    }

    @AfterTest
    fun cleanUp() {
        server.destroy()
        server.waitFor(5, TimeUnit.SECONDS)
        dir.deleteWhenReleased()
    }

    @Test
    fun `a note saved on one phone reaches the other through the server`() = runBlocking {
        WarmlineKit.open(dir.resolve("a.db").toFile()).use { a ->
            WarmlineKit.open(dir.resolve("b.db").toFile()).use { b ->
                val tokenA = a.sync.enrol(url, codes[0], "Sam's phone").token
                val tokenB = b.sync.enrol(url, codes[1].lowercase(), "Ana's phone").token
                assertEquals(64, tokenA.length)

                val lead = a.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190"))
                a.calls.addNote(lead.id, "prefers mornings")
                assertTrue(a.sync.pendingChanges() > 0)
                val pushed = a.sync.sync(url, tokenA)
                assertTrue(pushed.pushed > 0u)
                assertEquals(0L, a.sync.pendingChanges())
                assertEquals(true, a.calls.notes(lead.id).single().synced)

                val pulled = b.sync.sync(url, tokenB)
                assertTrue(pulled.applied > 0u)
                assertEquals("Ann", b.leads.lead(lead.id).firstName)
                assertEquals(listOf("prefers mornings"), b.calls.notes(lead.id).map { it.text })

                val refused = assertFailsWith<WarmlineException.Unauthorised> { b.sync.sync(url, "not-a-token") }
                assertTrue(refused.detail.contains("unknown to the server"), refused.detail)
                assertEquals(SignedOutReason.UNAUTHORISED, b.sync.status().signedOutReason)
            }
        }
    }

    /** Revokes a device as a manager would, through the server's admin route. */
    private fun revoke(deviceId: String) {
        val connection = URI("$url/v1/devices/$deviceId/revoke").toURL().openConnection() as HttpURLConnection
        connection.requestMethod = "POST"
        connection.doOutput = true
        connection.setRequestProperty("Authorization", "Bearer $ADMIN_TOKEN")
        connection.setRequestProperty("Content-Type", "application/json")
        connection.outputStream.use { it.write("""{"team_id":"$team"}""".toByteArray()) }
        assertEquals(200, connection.responseCode)
    }

    @Test
    fun `a revoked phone is told so and signing out deletes its store`() = runBlocking {
        val file = dir.resolve("a.db").toFile()
        val a = WarmlineKit.open(file)
        val enrolment = a.sync.enrol(url, codes[0], "Sam's phone")
        assertEquals("Sam Reyes" to "Brightside", enrolment.repName to enrolment.teamName)
        val lead = a.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190"))
        assertEquals("Hi Ann, this is Sam from our company.", a.calls.start(lead.id).lines.first(), "the opener has the rep's name")
        a.sync.sync(url, enrolment.token)
        a.calls.addNote(lead.id, "call after 5")

        revoke(enrolment.deviceId)
        val refused = assertFailsWith<WarmlineException.DeviceRevoked> { a.sync.sync(url, enrolment.token) }
        assertTrue(refused.detail.contains("revoked by the team's manager"), refused.detail)
        val status = a.sync.status()
        assertEquals(SignedOutReason.DEVICE_REVOKED, status.signedOutReason)
        assertEquals(1L, status.pendingChanges.toLong(), "the note waits, not lost")

        assertEquals(1L, a.signOut(), "the unsynced note is what signing out discards")
        assertFalse(file.exists())
        assertTrue(dir.toFile().listFiles()!!.none { it.name.startsWith("a.db") }, "no -wal or -shm left")
    }

    @Test
    fun `an open app staying in sync gets a lead pushed by another phone within seconds`() = runBlocking {
        WarmlineKit.open(dir.resolve("a.db").toFile()).use { a ->
            WarmlineKit.open(dir.resolve("b.db").toFile()).use { b ->
                val tokenA = a.sync.enrol(url, codes[0], "Sam's phone").token
                val tokenB = b.sync.enrol(url, codes[1], "Ana's phone").token
                val lead = a.leads.add(NewLead(firstName = "Flo", phone = "+1 212 555 0195"))
                val arrived = async(Dispatchers.Default) {
                    b.sync.stayInSync(url, tokenB).first { runCatching { b.leads.lead(lead.id) }.isSuccess }
                }
                delay(500)
                a.sync.sync(url, tokenA)
                val status = withTimeout(20_000) { arrived.await() }
                assertEquals(0u, status.failures)
                assertEquals("Flo", b.leads.lead(lead.id).firstName)
            }
        }
    }

    @Test
    fun `while the server is unreachable the app backs off as the core says`() = runBlocking {
        WarmlineKit.open(dir.resolve("a.db").toFile()).use { a ->
            a.leads.add(NewLead(firstName = "Gus", phone = "+1 212 555 0196"))
            val statuses = a.sync.stayInSync("http://127.0.0.1:9", "token").filter { it.failures > 0u }.take(2).toList()
            assertEquals(listOf(1u, 2u), statuses.map { it.failures })
            assertTrue(statuses.all { it.lastError!!.contains("127.0.0.1:9") }, statuses.toString())
            assertTrue(statuses.last().nextAttemptAt > statuses.first().nextAttemptAt)
            assertEquals(1L, a.sync.status().pendingChanges.toLong(), "nothing lost")
        }
    }

    private companion object {
        const val ADMIN_TOKEN = "kotlin-kit-test-admin-token-0123456789abcdef"
    }
}
