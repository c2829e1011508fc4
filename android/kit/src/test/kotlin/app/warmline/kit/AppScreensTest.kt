package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.TestClock
import app.warmline.core.WarmlineException
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** The screens outside a call, through the kit: all leads, the lead screen, enrolment, settings. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class AppScreensTest {
    private val dir = Files.createTempDirectory("warmline-screens")
    private val clock = TestClock(Instant.parse("2026-12-01T15:00:00Z"))
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile(), ZoneId.of("America/New_York"), clock = clock)

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteRecursively()
    }

    @Test
    fun `all leads are searched by name, company or number`() = runBlocking {
        kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190", company = "Acme Farms"))
        kit.leads.add(NewLead(firstName = "Bo", phone = "+1 415 555 0777"))
        assertEquals(listOf("Ann"), kit.leads.list("acme").rows.map { it.lead.name })
        assertEquals(listOf("Bo"), kit.leads.list("(415) 555-0777").rows.map { it.lead.name })
        assertEquals(2, kit.leads.list().rows.size)
    }

    @Test
    fun `the lead screen is redrawn when a note is saved, with its synced tick off`() = runBlocking {
        val ann = kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190"))
        val screens = Channel<Int>(Channel.UNLIMITED)
        val collector = launch(Dispatchers.Default) {
            kit.leads.screens(ann.id).take(2).collect { screen ->
                assertTrue(screen.notes.none { it.synced })
                screens.send(screen.notes.size)
            }
        }
        assertEquals(0, withTimeout(5_000) { screens.receive() })
        kit.calls.addNote(ann.id, "prefers mornings")
        assertEquals(1, withTimeout(5_000) { screens.receive() })
        withTimeout(5_000) { collector.join() }
    }

    @Test
    fun `an enrolment link is read by the core and plain http beyond this machine is refused`() = runBlocking {
        val link = kit.sync.readLink("warmline://enrol?server=https%3A%2F%2Fsync.example&code=ab12-cd34")
        assertEquals("https://sync.example", link.server)
        assertEquals("AB12CD34", link.code)
        val refused = assertFailsWith<WarmlineException.InvalidInput> {
            kit.sync.readLink("warmline://enrol?server=http%3A%2F%2Fsync.example&code=AB12")
        }
        assertTrue(refused.message.contains("only https"), refused.message)
        assertNull(kit.sync.signedOut())
        val settings = kit.sync.settings()
        assertEquals("America/New_York", settings.deviceTimeZone)
        assertFalse(settings.coreVersion.isEmpty())
    }
}
