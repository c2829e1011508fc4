package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.WarmlineException
import app.warmline.kit.platform.Credentials
import app.warmline.kit.platform.FakeScheduler
import app.warmline.kit.platform.FakeVault
import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking

/** Enrolment with a manager's code or link against the real server, and signing out. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class AccountTest {
    private val dir = Files.createTempDirectory("warmline-account")
    private val serverBinary = File(System.getProperty("warmline.server") ?: error("set -Dwarmline.server"))
    private val serverDb = dir.resolve("server.db").toString()
    private val code: String
    private val server: Process
    private val url: String
    private val database = dir.resolve("rep.db").toFile()
    private val kit = WarmlineKit.open(database)
    private val vault = FakeVault()
    private val scheduler = FakeScheduler()
    private val account = Account(kit.sync, vault, scheduler)

    init {
        fun admin(vararg args: String): String {
            val process = ProcessBuilder(serverBinary.path, "--database", serverDb, *args).start()
            val out = process.inputStream.bufferedReader().readText().trim()
            check(process.waitFor() == 0) { "warmline-server ${args.joinToString(" ")} failed" }
            return out
        }
        val team = admin("team-create", "Brightside")
        code = admin("rep-add", "--team", team, "Sam Reyes")
        server = ProcessBuilder(serverBinary.path, "--listen", "127.0.0.1:0", "--database", serverDb)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
        url = server.inputStream.bufferedReader().readLine().removePrefix("listening on ")
    }

    @AfterTest
    fun cleanUp() {
        runCatching { kit.close() }
        server.destroy()
        server.waitFor(5, TimeUnit.SECONDS)
        dir.deleteRecursively()
    }

    private fun link() = "warmline://enrol?server=${java.net.URLEncoder.encode(url, "UTF-8")}&code=$code"

    @Test
    fun `a manager's link enrols the phone, keeps the token in the vault and schedules sync`() =
        runBlocking {
            assertFalse(account.enrolled())
            val enrolment = account.enrol(link(), "Pixel 9")
            assertEquals(Credentials(url, enrolment.token), vault.credentials)
            assertTrue(account.enrolled())
            assertEquals(1, scheduler.periodic)
            assertEquals("Sam Reyes", kit.sync.settings().repName)
        }

    @Test
    fun `a typed code uses the default server`() =
        runBlocking {
            account.enrol(code, "Pixel 9", defaultServer = url)
            assertEquals(url, vault.credentials?.server)
        }

    @Test
    fun `a bad link is refused by the core and nothing is kept`() =
        runBlocking {
            assertFailsWith<WarmlineException.InvalidInput> {
                account.enrol("warmline://enrol?server=http%3A%2F%2Fsync.example&code=AB12", "Pixel 9")
            }
            assertNull(vault.credentials)
            assertEquals(0, scheduler.periodic)
        }

    @Test
    fun `signing out stops background sync, deletes the store and forgets the token`() =
        runBlocking {
            account.enrol(link(), "Pixel 9")
            kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190"))
            val lost = account.signOut(kit)
            assertTrue(lost > 0, "the lead never reached the server")
            assertEquals(1, scheduler.cancelled)
            assertNull(vault.credentials)
            assertFalse(database.exists())
        }
}
