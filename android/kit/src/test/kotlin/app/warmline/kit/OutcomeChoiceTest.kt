package app.warmline.kit

import app.warmline.core.DialResult
import app.warmline.core.NewLead
import app.warmline.core.Outcome
import app.warmline.core.OutcomeKind
import app.warmline.core.PhoneCapabilities
import app.warmline.core.TestClock
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlinx.coroutines.runBlocking

/** Each choice on the outcome sheet becomes the outcome the core logs. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class OutcomeChoiceTest {
    private val later = Instant.parse("2026-12-02T19:00:00Z")

    @Test
    fun `every kind maps to its outcome, a callback at the chosen time`() {
        val expected =
            mapOf(
                OutcomeKind.NO_ANSWER to Outcome.NoAnswer,
                OutcomeKind.VOICEMAIL to Outcome.Voicemail,
                OutcomeKind.BAD_NUMBER to Outcome.BadNumber,
                OutcomeKind.NOT_A_GOOD_TIME to Outcome.NotAGoodTime(later),
                OutcomeKind.FOUND_ELSEWHERE to Outcome.FoundElsewhere,
                OutcomeKind.NOT_A_FIT to Outcome.NotAFit,
                OutcomeKind.QUALIFIED to Outcome.Qualified,
                OutcomeKind.DO_NOT_CALL to Outcome.DoNotCall,
            )
        assertEquals(OutcomeKind.entries.toSet(), expected.keys)
        for ((kind, outcome) in expected) assertEquals(outcome, kind.toOutcome(later), kind.name)
    }

    @Test
    fun `the sheet's callback default becomes the lead's promised callback`() =
        runBlocking {
            val dir = Files.createTempDirectory("warmline-outcome")
            val clock = TestClock(Instant.parse("2026-12-01T15:00:00Z"))
            val kit = WarmlineKit.open(dir.resolve("rep.db").toFile(), ZoneId.of("America/New_York"), clock = clock)
            try {
                val lead = kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190")).id
                val capabilities = PhoneCapabilities(callStates = true, answerState = false)
                val session = (kit.calls.dial(lead, capabilities) as DialResult.Dialling).screen.sessionId
                val sheet = kit.calls.outcomeSheet(session)
                kit.calls.finish(session, OutcomeKind.NOT_A_GOOD_TIME.toOutcome(sheet.callbackDefault))
                assertEquals(sheet.callbackDefault, kit.leads.lead(lead).callbackAt)
            } finally {
                kit.close()
                dir.deleteRecursively()
            }
        }
}
