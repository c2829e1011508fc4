package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.WarmlineException
import app.warmline.kit.platform.Credentials
import app.warmline.kit.platform.FakeScheduler
import app.warmline.kit.platform.FakeVault
import java.nio.file.Files
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
    private val server = TestServer(dir, "Sam Reyes")
    private val code = server.codes.single()
    private val url = server.url
    private val database = dir.resolve("rep.db").toFile()
    private val kit = WarmlineKit.open(database)
    private val vault = FakeVault()
    private val scheduler = FakeScheduler()
    private val account = Account(kit.sync, vault, scheduler)

    @AfterTest
    fun cleanUp() {
        runCatching { kit.close() }
        server.stop()
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
