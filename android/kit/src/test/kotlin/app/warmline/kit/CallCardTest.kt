package app.warmline.kit

import app.warmline.core.DialResult
import app.warmline.core.NewLead
import app.warmline.core.TestClock
import app.warmline.kit.platform.FakeCallLog
import app.warmline.kit.platform.FakeCallStates
import app.warmline.kit.platform.FakeDialer
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runBlocking

/** Every action of the card (call screen, overlay, notification buttons) reaches the core's call. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class CallCardTest {
    private val dir = Files.createTempDirectory("warmline-card")
    private val clock = TestClock(Instant.parse("2026-12-01T15:00:00Z"))
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile(), ZoneId.of("America/New_York"), clock = clock)

    private suspend fun card(): CallCard =
        coroutineScope {
            val lead = kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190")).id
            val phone = PhoneCalls(kit.calls, FakeDialer(), FakeCallStates(), FakeCallLog(), this, now = { clock.now })
            CallCard(kit.calls, (phone.dial(lead) as DialResult.Dialling).screen.sessionId)
        }

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteRecursively()
    }

    @Test
    fun `choices, back, next and skip walk the script`() =
        runBlocking {
            val card = card()
            assertEquals("connect", kit.calls.screen(card.sessionId).card.stageId)
            assertEquals("still_looking", card.choose("yes").stageId)
            assertEquals("connect", card.back().stageId)
            card.choose("yes")
            assertEquals("attention", card.choose("still_looking").stageId)
            assertEquals("anything_else", card.next().stageId)
            val skipped = card.skip()
            assertTrue(skipped.stageId != "anything_else", skipped.stageId)
            assertEquals(skipped.stageId, kit.calls.screen(card.sessionId).card.stageId)
        }

    @Test
    fun `the quick note is kept as typed and saved to the call`() =
        runBlocking {
            val card = card()
            card.type("wants solar on the barn")
            assertEquals("wants solar on the barn", kit.calls.screen(card.sessionId).draft)
            val saved = card.saveNote()
            assertEquals("", saved.draft)
            assertTrue(saved.card.notes.contains("wants solar on the barn"), saved.card.notes.toString())
        }

    @Test
    fun `an answer to a question is saved on the card`() =
        runBlocking {
            val card = card()
            card.choose("yes")
            val prompt = card.choose("found")
            assertEquals("chose_instead", prompt.questions.single().id)
            val answered = card.answer("chose_instead", "Acme Energy")
            assertEquals("Acme Energy", answered.questions.single().answer)
        }

    @Test
    fun `cancelling the dial closes the call`() =
        runBlocking {
            val card = card()
            assertEquals(app.warmline.core.CallView.CLOSED, card.cancelDial().view)
        }
}
