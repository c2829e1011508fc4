package app.warmline.core

import java.nio.file.Files
import java.time.Duration
import java.time.Instant
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking

/** Drives the generated bindings directly: what crosses the boundary, and how. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class BindingsTest {
    private val dir = Files.createTempDirectory("warmline-kt")
    private val dbPath = dir.resolve("rep.db").toString()

    @AfterTest
    fun cleanUp() = dir.deleteRecursively()

    private fun open() = Warmline.open(dbPath, WarmlineSettings(defaultRegion = "US"))

    private val ann = NewLead(firstName = "Ann", lastName = "Lee", phone = "(415) 555-2671", email = "ann@example.com")

    @Test
    fun `a lead is stored with its phone in E164 and read back after reopening`() {
        val before = Instant.now().minusSeconds(1)
        val added = open().use { it.addLead(ann) }
        assertEquals("+14155552671", added.phoneE164)
        assertEquals("(415) 555-2671", added.phoneRaw)
        assertEquals("Ann Lee", added.displayName)
        assertTrue(added.createdAt.isAfter(before), "createdAt ${added.createdAt} crosses as an Instant")

        val readBack = open().use { it.lead(added.id) }
        assertEquals(added, readBack)
    }

    @Test
    fun `an impossible number is refused with a typed error naming the input`() {
        open().use { core ->
            val error = assertFailsWith<WarmlineException.InvalidPhoneNumber> {
                core.addLead(ann.copy(phone = "555-0000-1"))
            }
            assertEquals("555-0000-1", error.input)
            assertTrue(error.detail.contains("555-0000-1"), error.detail)
        }
    }

    @Test
    fun `unknown ids, duplicates and bad settings are typed errors`() {
        open().use { core ->
            assertFailsWith<WarmlineException.NotFound> { core.lead("0190e7a0-0000-7000-8000-000000000000") }
            core.addLead(ann)
            assertFailsWith<WarmlineException.AlreadyExists> { core.addLead(ann.copy(phone = "+1 415 555 2671")) }
        }
        val error = assertFailsWith<WarmlineException.InvalidInput> {
            Warmline.open(dir.resolve("other.db").toString(), WarmlineSettings(defaultRegion = "Atlantis"))
        }
        assertEquals("default_region", error.field)
    }

    @Test
    fun `the async batch runs on the core's runtime and reports each row`() = runBlocking {
        open().use { core ->
            val outcomes = core.addLeads(listOf(ann, ann.copy(phone = "12"), ann.copy(firstName = "Bo", phone = "+44 20 7946 0958")))
            assertIs<AddLeadOutcome.Added>(outcomes[0])
            val rejected = assertIs<AddLeadOutcome.Rejected>(outcomes[1])
            assertEquals(1u, rejected.index)
            assertIs<WarmlineException.InvalidPhoneNumber>(rejected.error)
            val bo = assertIs<AddLeadOutcome.Added>(outcomes[2]).lead
            assertEquals("+442079460958", core.lead(bo.id).phoneE164)
        }
    }

    @Test
    fun `an observer hears changes until its handle is closed`() {
        open().use { core ->
            val seen = CopyOnWriteArrayList<String>()
            val handle = core.observeLeads(object : LeadsObserver {
                override fun onLeadsChanged(leadIds: List<String>) {
                    seen.addAll(leadIds)
                }
            })
            val first = core.addLead(ann)
            handle.close()
            core.addLead(ann.copy(phone = "+44 20 7946 0958"))
            assertEquals(listOf(first.id), seen.toList())
        }
    }

    @Test
    fun `timestamps cross as instants to the millisecond`() {
        open().use { core ->
            val lead = core.addLead(ann)
            assertEquals(lead.createdAt, lead.updatedAt)
            assertTrue(Duration.between(lead.createdAt, Instant.now()).abs() < Duration.ofMinutes(1))
            assertEquals(0, lead.createdAt.nano % 1_000_000, "whole milliseconds")
        }
    }
}
