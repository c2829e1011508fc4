package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.TestClock
import app.warmline.kit.platform.Credentials
import app.warmline.kit.platform.FakeNetwork
import app.warmline.kit.platform.FakeScheduler
import app.warmline.kit.platform.FakeVault
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking

/** The platform's sync signals (network back, app leaving, background work) reaching the core. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class SyncKeeperTest {
    private val dir = Files.createTempDirectory("warmline-keeper")
    private val clock = TestClock(Instant.parse("2026-12-01T15:00:00Z"))
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile(), ZoneId.of("America/New_York"), clock = clock)
    private val sync = RecordingSync(kit.sync)
    private val vault = FakeVault()
    private val scheduler = FakeScheduler()
    private val network = FakeNetwork()

    private fun keeper(scope: CoroutineScope) = SyncKeeper(sync, vault, scheduler, network, scope)

    private suspend fun changeSomething() {
        val lead = kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190"))
        kit.calls.addNote(lead.id, "prefers mornings")
    }

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteRecursively()
    }

    @Test
    fun `the network coming back reaches the driver, and background sync only when changes wait`() =
        runBlocking {
            val keeper = keeper(this)
            keeper.start()
            network.comeBack()
            settle()
            assertEquals(1, sync.networkAvailable)
            assertEquals(0, scheduler.whenOnline, "nothing waits to go up")
            changeSomething()
            network.comeBack()
            settle()
            assertEquals(2, sync.networkAvailable)
            assertEquals(1, scheduler.whenOnline)
            keeper.stop()
            assertNull(network.onAvailable)
        }

    @Test
    fun `leaving the screen with changes waiting schedules them to go up once online`() =
        runBlocking {
            val keeper = keeper(this)
            keeper.leavingForeground()
            assertEquals(0, scheduler.whenOnline)
            changeSomething()
            keeper.leavingForeground()
            assertEquals(1, scheduler.whenOnline)
        }

    @Test
    fun `the open app's driver runs on the vault's server and token, and not before enrolment`() =
        runBlocking {
            val keeper = keeper(this)
            assertTrue(keeper.stayInSync().toList().isEmpty())
            assertTrue(sync.stayedInSync.isEmpty())
            vault.credentials = Credentials("https://sync.example", "secret-token")
            keeper.stayInSync().toList()
            assertEquals(listOf("https://sync.example" to "secret-token"), sync.stayedInSync.toList())
        }

    @Test
    fun `background work syncs once and the core keeps a failure on its sync screen`() =
        runBlocking {
            val keeper = keeper(this)
            assertNull(keeper.syncOnce(), "not enrolled: nothing to do")
            changeSomething()
            vault.credentials = Credentials("http://127.0.0.1:9", "secret-token")
            val screen = assertNotNull(keeper.syncOnce())
            assertEquals(1u, screen.failures)
            assertNotNull(screen.lastError)
            assertTrue(screen.pendingChanges > 0uL)
        }

    @Test
    fun `credentials never print their token`() {
        assertTrue("secret" !in Credentials("https://sync.example", "secret-token").toString())
    }
}
