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
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking

/** A clock the test moves by hand. */
class TestClock(var now: Instant) : WarmlineClock {
    override fun now(): Instant = now
}

/** Drives the generated bindings directly: what crosses the boundary, and how. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class BindingsTest {
    private val dir = Files.createTempDirectory("warmline-kt")
    private val dbPath = dir.resolve("rep.db").toString()
    private val device = DeviceSettings(timeZone = "America/New_York")

    @AfterTest
    fun cleanUp() = dir.deleteRecursively()

    private fun open() = Warmline.open(dbPath, device)

    private val ann = NewLead(firstName = "Ann", lastName = "Lee", phone = "(415) 555-2671", email = "ann@example.com")

    @Test
    fun `a lead is stored with its phone in E164 and read back after reopening`() {
        val before = Instant.now().minusSeconds(1)
        val added = open().use { it.addLead(ann) }
        assertEquals("+14155552671", added.phoneE164)
        assertEquals("(415) 555-2671", added.phoneRaw)
        assertEquals("Ann Lee", added.displayName)
        assertEquals(LeadStatus.NEW, added.status)
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
    fun `unknown ids, unknown zones and bad settings are typed errors`() {
        open().use { core ->
            assertFailsWith<WarmlineException.NotFound> { core.lead("0190e7a0-0000-7000-8000-000000000000") }
            assertFailsWith<WarmlineException.NotFound> {
                core.recordOutcome("0190e7a0-0000-7000-8000-000000000000", Outcome.NoAnswer)
            }
            val zone = assertFailsWith<WarmlineException.InvalidInput> { core.addLead(ann.copy(timeZone = "Mars/Base")) }
            assertEquals("time_zone", zone.field)
            val settings = core.teamSettings()
            val monday = DayWindow(startMinute = (17 * 60).toUShort(), endMinute = (9 * 60).toUShort())
            val backwards = settings.copy(callingHours = listOf<DayWindow?>(monday) + settings.callingHours.drop(1))
            val window = assertFailsWith<WarmlineException.InvalidInput> { core.updateTeamSettings(backwards) }
            assertEquals("calling_hours", window.field)
            assertEquals(settings, core.teamSettings(), "nothing changed")
        }
        val error = assertFailsWith<WarmlineException.InvalidInput> {
            Warmline.open(dir.resolve("other.db").toString(), DeviceSettings(timeZone = "Atlantis/Capital"))
        }
        assertEquals("device_time_zone", error.field)
    }

    @Test
    fun `the queue ranks with reasons, holds leads outside their hours and follows outcomes`() {
        // 02:00 UTC on 28 Nov is 21:00 in New York: New York leads are held until 08:00.
        val clock = TestClock(Instant.parse("2026-11-28T02:00:00Z"))
        Warmline.openWithClock(dbPath, DeviceSettings("America/Los_Angeles"), clock).use { core ->
            val east = core.addLead(NewLead(firstName = "East", phone = "+1 212 555 0121", timeZone = "America/New_York"))
            val west = core.addLead(
                NewLead(
                    firstName = "West",
                    phone = "+1 415 555 0122",
                    timeZone = "America/Los_Angeles",
                    inquiredAt = clock.now.minus(Duration.ofMinutes(3)),
                ),
            )
            val queue = core.queue(50u)
            assertEquals(listOf("West", "East"), queue.entries.map { it.lead.firstName })
            assertEquals("New: asked 3 min ago", queue.entries[0].reason)
            assertEquals(QueueTier.NEW, queue.entries[0].tier)
            assertEquals("Callable at 08:00 their time", queue.entries[1].reason)
            assertEquals(Instant.parse("2026-11-28T13:00:00Z"), queue.entries[1].facts.callableAt)
            assertEquals(1u, queue.callableNow)

            val callback = Instant.parse("2026-11-28T17:30:00Z")
            core.recordOutcome(west.id, Outcome.NotAGoodTime(callback))
            core.markDoNotCall(east.id)
            val after = core.queue(50u)
            assertEquals(listOf("West"), after.entries.map { it.lead.firstName })
            assertEquals("Callback promised for tomorrow 09:30", after.entries[0].reason, "in the rep's Los Angeles time")
            assertEquals(QueueTier.LATER, after.entries[0].tier)
            assertEquals(callback, after.refreshAt)
        }
    }

    @Test
    fun `a call is recorded with its times, its outcome and a timeline`() {
        val clock = TestClock(Instant.parse("2026-11-27T15:00:00Z"))
        Warmline.openWithClock(dbPath, device, clock).use { core ->
            val lead = core.addLead(ann)
            val attempt = core.startAttempt(lead.id)
            core.attemptConnected(attempt.id, clock.now.plusSeconds(10))
            val ended = core.attemptEnded(attempt.id, clock.now.plusSeconds(100))
            assertEquals(90u, ended.talkSeconds)
            val moved = core.recordOutcome(lead.id, Outcome.Voicemail)
            assertEquals(LeadStatus.ATTEMPTING, moved.status)
            assertEquals(Instant.parse("2026-11-27T15:10:00Z"), moved.nextActionAt)

            val detail = core.leadDetail(lead.id)
            assertEquals(listOf(Outcome.Voicemail), detail.attempts.map { it.outcome })
            assertEquals(
                listOf(
                    TimelineEventKind.INQUIRY,
                    TimelineEventKind.CALL_STARTED,
                    TimelineEventKind.STATUS_CHANGED,
                    TimelineEventKind.CALL_CONNECTED,
                    TimelineEventKind.CALL_ENDED,
                    TimelineEventKind.OUTCOME,
                ),
                detail.timeline.map { it.kind },
            )

            val scheduled = core.scheduleCallback(lead.id, Instant.parse("2026-11-28T14:00:00Z"))
            assertEquals(LeadStatus.CALLBACK_SCHEDULED, scheduled.status)
            val past = assertFailsWith<WarmlineException.InvalidInput> {
                core.scheduleCallback(lead.id, Instant.parse("2026-11-26T14:00:00Z"))
            }
            assertEquals("callback_at", past.field)

            core.markDoNotCall(lead.id)
            assertFailsWith<WarmlineException.DoNotCall> { core.startAttempt(lead.id) }
            assertNull(core.lead(lead.id).nextActionAt)
        }
    }

    @Test
    fun `a callback agreed in the lead's own time`() {
        open().use { core ->
            val lead = core.addLead(ann.copy(timeZone = "Asia/Kolkata"))
            assertEquals(Instant.parse("2026-11-28T08:30:00Z"), core.atLeadLocalTime(lead.id, "2026-11-28T14:00"))
            val bad = assertFailsWith<WarmlineException.InvalidInput> { core.atLeadLocalTime(lead.id, "tomorrow 2pm") }
            assertEquals("local_time", bad.field)
        }
    }

    @Test
    fun `the same phone twice is one lead with two inquiries`() {
        open().use { core ->
            val first = core.addLead(ann)
            val again = core.addLead(ann.copy(phone = "+1 415 555 2671", askedAbout = "batteries"))
            assertEquals(first.id, again.id)
            assertEquals(2u, again.inquiryCount)
            assertEquals("batteries", again.askedAbout)
        }
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
            assertEquals("Europe/London", bo.timeZone)
            assertEquals(TimeZoneSource.PHONE_REGION, bo.timeZoneSource)
        }
    }

    @Test
    fun `observers hear changes until their handle is closed`() {
        open().use { core ->
            val seen = CopyOnWriteArrayList<String>()
            var queueChanges = 0
            val leads = core.observeLeads(object : LeadsObserver {
                override fun onLeadsChanged(leadIds: List<String>) {
                    seen.addAll(leadIds)
                }
            })
            val queue = core.observeQueue(object : QueueObserver {
                override fun onQueueChanged() {
                    queueChanges++
                }
            })
            val first = core.addLead(ann)
            core.recordOutcome(first.id, Outcome.NoAnswer)
            leads.close()
            queue.close()
            core.addLead(ann.copy(phone = "+44 20 7946 0958"))
            assertEquals(listOf(first.id, first.id), seen.toList())
            assertEquals(2, queueChanges)
        }
    }
}
