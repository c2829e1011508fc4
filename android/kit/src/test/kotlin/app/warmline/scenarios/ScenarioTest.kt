package app.warmline.scenarios

import app.warmline.core.CallIntent
import app.warmline.core.DeviceSettings
import app.warmline.core.LeadSource
import app.warmline.core.NewLead
import app.warmline.core.Outcome
import app.warmline.core.PromptCard
import app.warmline.core.SourceKind
import app.warmline.core.TestClock
import app.warmline.core.Warmline
import app.warmline.core.WarmlineException
import java.io.File
import java.nio.file.Files
import java.time.Instant
import kotlin.io.path.deleteRecursively
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * The shared call scenarios (the JSON files in `tests/scenarios`) run through the Kotlin bindings.
 * The Rust and Swift suites run the same files; all three must agree.
 */
@Suppress("UNCHECKED_CAST")
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class ScenarioTest {
    private fun scenarioDir(): File {
        System.getProperty("warmline.scenarios")?.let { return File(it) }
        var dir: File? = File("").absoluteFile
        while (dir != null && !File(dir, "tests/scenarios").isDirectory) dir = dir.parentFile
        return File(dir ?: fail("tests/scenarios not found"), "tests/scenarios")
    }

    @Test
    fun `every shared scenario passes`() {
        val files = scenarioDir().listFiles { f -> f.extension == "json" }!!.sortedBy { it.name }
        assertTrue(files.size >= 5, "expected the five shared scenarios, found ${files.size}")
        files.forEach { run(Json.parse(it.readText()) as Map<String, Any?>) }
    }

    private fun Map<String, Any?>.str(key: String) = this[key] as String?

    private fun Map<String, Any?>.obj(key: String) = (this[key] ?: emptyMap<String, Any?>()) as Map<String, Any?>

    private fun run(scenario: Map<String, Any?>) {
        val name = scenario.str("name")!!
        val dir = Files.createTempDirectory("warmline-scenario")
        try {
            val db = dir.resolve("rep.db").toString()
            val clock = TestClock(Instant.parse(scenario.str("now")))
            val deviceJson = scenario.obj("device")
            val device = DeviceSettings(deviceJson.str("time_zone")!!, deviceJson.str("rep_first_name"))
            var app = Warmline.openWithClock(db, device, clock)
            app.updateTeamSettings(app.teamSettings().copy(company = scenario.obj("team").str("company")))
            scenario.str("script")?.let { app.setScript(it) }
            val l = scenario.obj("lead")
            val lead = app.addLead(
                NewLead(
                    firstName = l.str("first_name")!!,
                    phone = l.str("phone")!!,
                    askedAbout = l.str("asked_about"),
                    source = LeadSource(kind = sourceKind(l.str("source")), campaignName = l.str("campaign")),
                ),
            )
            var session = ""
            (scenario["steps"] as List<Map<String, Any?>>).forEachIndexed { index, step ->
                val place = "$name, step ${index + 1} (${step.str("do")})"
                val expect = step.obj("expect")
                val seconds = ((step["after_seconds"] ?: 0L) as Long)
                val result: Result<PromptCard> = runCatching {
                    when (step.str("do")) {
                        "start_call" -> app.startCall(lead.id)
                        "connected" -> app.callConnected(session, clock.now.plusSeconds(seconds))
                        "ended" -> app.callEnded(session, clock.now.plusSeconds(seconds))
                        "wait" -> {
                            clock.now = clock.now.plusSeconds(step["seconds"] as Long)
                            return@forEachIndexed
                        }
                        "next" -> app.callIntent(session, CallIntent.Next)
                        "back" -> app.callIntent(session, CallIntent.Back)
                        "skip" -> app.callIntent(session, CallIntent.Skip)
                        "choose" -> app.callIntent(session, CallIntent.Choose(step.str("choice")!!))
                        "answer" -> app.callIntent(session, CallIntent.Answer(step.str("question")!!, step.str("value")!!))
                        "note" -> app.callIntent(session, CallIntent.Note(step.str("text")!!))
                        "end" -> app.endCall(session, outcome(step))
                        "reopen" -> {
                            app.close()
                            app = Warmline.openWithClock(db, device, clock)
                            app.openCall() ?: fail("$place: no open call to resume")
                        }
                        else -> fail("$place: unknown step")
                    }
                }
                result.fold(
                    onSuccess = { card ->
                        session = card.sessionId
                        check(card, expect, place)
                    },
                    onFailure = { err ->
                        if (err !is WarmlineException) throw err
                        assertEquals(expect.str("error"), err::class.simpleName, "$place: ${err.message}")
                    },
                )
            }
            val fin = scenario.obj("final")
            val stored = app.lead(lead.id)
            assertEquals(fin.str("lead_status"), snake(stored.status.name), "$name: lead status")
            fin.str("callback_at")?.let { assertEquals(Instant.parse(it), stored.callbackAt, "$name: callback") }
            fin.str("queue_reason")?.let { assertEquals(it, app.queue(5u).entries[0].reason, "$name: queue reason") }
            (fin["open_call"] as Boolean?)?.let { assertEquals(it, app.openCall() != null, "$name: open call") }
            if (fin.containsKey("search")) {
                val search = fin.obj("search")
                assertEquals(search["hits"] as Long, app.searchNotes(search.str("query")!!, 10u).size.toLong(), "$name: search")
            }
            (fin["custom_field"] as List<String>?)?.let { (field, value) ->
                assertEquals(value, stored.customFields.find { it.name == field }?.value, "$name: custom field")
            }
            app.close()
        } finally {
            dir.deleteRecursively()
        }
    }

    private fun check(card: PromptCard, expect: Map<String, Any?>, place: String) {
        for ((key, want) in expect) {
            when (key) {
                "phase" -> assertEquals(want, snake(card.phase.name), "$place: phase")
                "stage" -> assertEquals(want, card.stageId, "$place: stage")
                "title" -> assertEquals(want, card.title, "$place: title")
                "progress" -> assertEquals(want, "${card.stageNumber}/${card.stageCount}", "$place: progress")
                "lines" -> assertEquals(want, card.lines, "$place: lines")
                "choices" -> assertEquals(want, card.choices.map { it.id }, "$place: choices")
                "can_go_back" -> assertEquals(want, card.canGoBack, "$place: can_go_back")
                "can_go_next" -> assertEquals(want, card.canGoNext, "$place: can_go_next")
                "repeat_back" -> assertEquals(want, card.repeatBack.map { it.text }, "$place: repeat back")
                "notes" -> assertEquals(want, card.notes, "$place: notes")
                "checklist" -> assertEquals(want, card.checklist.map { it.covered }, "$place: checklist")
                "suggested_outcome" -> assertEquals(want, card.suggestedOutcome?.let { snake(it.name) }, "$place: suggested")
                "answers" -> (want as Map<String, Any?>).forEach { (question, value) ->
                    assertEquals(value, card.questions.first { it.id == question }.answer, "$place: answer to $question")
                }
                "error" -> fail("$place: expected error $want, got a card")
                else -> fail("$place: unknown expectation $key")
            }
        }
    }

    private fun snake(enumName: String) = enumName.lowercase()

    private fun sourceKind(name: String?) = when (name) {
        "ad_form" -> SourceKind.AD_FORM
        "email" -> SourceKind.EMAIL
        "social_dm" -> SourceKind.SOCIAL_DM
        "web_form" -> SourceKind.WEB_FORM
        else -> SourceKind.OTHER
    }

    private fun outcome(step: Map<String, Any?>): Outcome = when (step.str("outcome")) {
        "no_answer" -> Outcome.NoAnswer
        "voicemail" -> Outcome.Voicemail
        "bad_number" -> Outcome.BadNumber
        "not_a_good_time" -> Outcome.NotAGoodTime(Instant.parse(step.str("callback_at")))
        "found_elsewhere" -> Outcome.FoundElsewhere
        "not_a_fit" -> Outcome.NotAFit
        "qualified" -> Outcome.Qualified
        "do_not_call" -> Outcome.DoNotCall
        else -> fail("unknown outcome ${step.str("outcome")}")
    }
}
