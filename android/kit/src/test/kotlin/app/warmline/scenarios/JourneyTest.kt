package app.warmline.scenarios

import app.warmline.core.AppScreen
import app.warmline.core.CallIntent
import app.warmline.core.DialResult
import app.warmline.core.NewLead
import app.warmline.core.Outcome
import app.warmline.core.PhoneCapabilities
import app.warmline.core.PhoneEvent
import app.warmline.core.TestClock
import app.warmline.core.WarmlineException
import app.warmline.kit.WarmlineKit
import java.io.File
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import kotlin.io.path.deleteRecursively
import kotlin.test.assertEquals
import kotlin.test.fail
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory

private fun journeyDir(): File {
    System.getProperty("warmline.scenarios")?.let { return File(File(it).parentFile, "journeys") }
    var dir: File? = File("").absoluteFile
    while (dir != null && !File(dir, "tests/journeys").isDirectory) dir = dir.parentFile
    return File(dir ?: fail("tests/journeys not found"), "tests/journeys")
}

/**
 * The shared user journeys (`tests/journeys`), driven through the Kotlin kit the app uses:
 * taps and phone events forwarded, screen states asserted. Each journey is a test of its own;
 * the Rust and Swift suites run the same files.
 */
@Suppress("UNCHECKED_CAST")
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class JourneyTest {

    @TestFactory
    fun journeys(): List<DynamicTest> =
        journeyDir().listFiles { f -> f.extension == "json" }!!.sortedBy { it.name }.map { file ->
            DynamicTest.dynamicTest(file.nameWithoutExtension) {
                runBlocking { Journey(Json.parse(file.readText()) as Map<String, Any?>).run() }
            }
        }

    private class Journey(val journey: Map<String, Any?>) {
        /** Fixed at the journey's `now`, or the system's for journeys with a real server. */
        val clock = (journey["now"] as String).takeIf { it != "system" }?.let { TestClock(Instant.parse(it)) }
        val device = journey["device"] as Map<String, Any?>
        val dir = Files.createTempDirectory("warmline-journey")
        val db = dir.resolve("rep.db").toFile()
        var kit = open()
        val leads = mutableMapOf<String, String>()
        var lead = ""
        var session: String? = null
        var server: Server? = null

        fun open() = WarmlineKit.open(db, ZoneId.of(device["time_zone"] as String), device["rep_first_name"] as String?, clock)

        fun now(): Instant = clock?.now ?: Instant.now()

        suspend fun run() {
            try {
                if (journey["server"] == true) server = Server(dir).also { it.enrol(kit) }
                val team = journey["team"] as Map<String, Any?>
                kit.leads.updateTeamSettings(kit.leads.teamSettings().copy(company = team["company"] as String?))
                for (l in journey["leads"] as List<Map<String, Any?>>) {
                    val asked = (l["asked_minutes_ago"] ?: 0L) as Long
                    val added = kit.leads.add(
                        NewLead(
                            firstName = l["first_name"] as String,
                            phone = l["phone"] as String,
                            askedAbout = l["asked_about"] as String?,
                            inquiredAt = now().minusSeconds(asked * 60),
                            timeZone = l["time_zone"] as String?,
                        ),
                    )
                    leads[l["key"] as String] = added.id
                }
                lead = leads.values.first()
                val name = journey["name"] as String
                (journey["steps"] as List<Map<String, Any?>>).forEachIndexed { index, step ->
                    val place = "$name, step ${index + 1} (${step["do"]})"
                    val expect = (step["expect"] ?: emptyMap<String, Any?>()) as Map<String, Any?>
                    val result = runCatching { step(step) }
                    result.fold(
                        onSuccess = { confirmation ->
                            assertEquals(null, expect["error"], "$place: expected an error")
                            check(expect, confirmation, place)
                        },
                        onFailure = { err ->
                            if (err !is WarmlineException) throw err
                            assertEquals(expect["error"], err::class.simpleName, "$place: ${err.message}")
                            check(expect, null, place)
                        },
                    )
                }
            } finally {
                kit.close()
                server?.stop()
                dir.deleteRecursively()
            }
        }

        fun session() = session ?: fail("no call in progress")

        suspend fun step(step: Map<String, Any?>): String? {
            (step["lead"] as String?)?.let { lead = leads.getValue(it) }
            val at = now().plusSeconds((step["after_seconds"] ?: 0L) as Long)
            when (step["do"]) {
                "check" -> {}
                "dial" -> {
                    val phone = capabilities(step["phone"] as String)
                    when (val result = kit.calls.dial(lead, phone, (step["confirm"] ?: false) as Boolean)) {
                        is DialResult.Dialling -> session = result.screen.sessionId
                        is DialResult.NeedsConfirmation -> return result.reason
                    }
                }
                "phone" -> kit.calls.report(session(), phoneEvent(step), at)
                "choose" -> kit.calls.send(session(), CallIntent.Choose(step["choice"] as String))
                "answer" -> kit.calls.send(session(), CallIntent.Answer(step["question"] as String, step["value"] as String))
                "next" -> kit.calls.send(session(), CallIntent.Next)
                "draft" -> kit.calls.setDraft(session(), step["text"] as String)
                "save_draft" -> kit.calls.saveDraft(session())
                "end" -> kit.calls.finish(session(), outcome(step))
                "mark_do_not_call" -> kit.leads.markDoNotCall(lead)
                "note" -> kit.calls.addNote(lead, step["text"] as String)
                "sync" -> server!!.let { kit.sync.sync(it.url, it.token) }
                "sync_offline" -> kit.sync.sync("http://127.0.0.1:9", "token")
                "revoke" -> server!!.revoke()
                "publish_script" -> server!!.publishScript(File(journeyDir(), step["file"] as String))
                "reopen" -> {
                    kit.close()
                    kit = open()
                }
                else -> fail("unknown step ${step["do"]}")
            }
            return null
        }

        suspend fun check(expect: Map<String, Any?>, confirmation: String?, place: String) {
            val call = session?.let { kit.calls.screen(it) }
            val sheet = session?.let { kit.calls.outcomeSheet(it) }
            val stored = kit.leads.lead(lead)
            for ((key, want) in expect) {
                val got: Any? = when (key) {
                    "screen" -> when (kit.calls.currentScreen()) {
                        is AppScreen.Queue -> "queue"
                        is AppScreen.Call -> "call"
                        is AppScreen.Outcome -> "outcome"
                        is AppScreen.SignedOut -> "signed_out"
                    }
                    "needs_confirmation" -> confirmation
                    "view" -> call!!.view.name.lowercase()
                    "overlay" -> call!!.overlay
                    "answered" -> call!!.answered
                    "stage" -> call!!.card.stageId
                    "draft" -> call!!.draft
                    "path" -> call!!.path.map { it.stageId }
                    "suggested" -> sheet!!.suggested?.name?.lowercase()
                    "may_not_have_called" -> sheet!!.mayNotHaveCalled
                    "talk_seconds" -> sheet!!.talk.seconds.toLong()
                    "talk_confidence" -> sheet!!.talk.confidence.name.lowercase()
                    "callback_default" -> iso(sheet!!.callbackDefault)
                    "attempts" -> stored.attempts.toLong()
                    "status" -> stored.status.name.lowercase()
                    "callback_at" -> stored.callbackAt?.let { iso(it) }
                    "notes" -> kit.calls.notes(lead).size.toLong()
                    "synced" -> kit.calls.notes(lead).let { notes -> notes.isNotEmpty() && notes.all { it.synced } }
                    "pending" -> kit.sync.pendingChanges()
                    "signed_out_notes" -> kit.sync.signedOut()?.unsyncedNotes?.size?.toLong()
                    "queue_top" -> kit.queue.screen(5).rows[0].lead.name
                    "queue_reason" -> kit.queue.screen(5).rows.find { it.lead.leadId == lead }?.reason
                    "error" -> continue
                    else -> fail("$place: unknown expectation $key")
                }
                assertEquals(want, got, "$place: $key")
            }
        }

        suspend fun outcome(step: Map<String, Any?>): Outcome = when (step["outcome"]) {
            "no_answer" -> Outcome.NoAnswer
            "voicemail" -> Outcome.Voicemail
            "bad_number" -> Outcome.BadNumber
            "not_a_good_time" -> Outcome.NotAGoodTime(kit.leads.atLeadLocalTime(lead, step["callback_local"] as String))
            "found_elsewhere" -> Outcome.FoundElsewhere
            "not_a_fit" -> Outcome.NotAFit
            "qualified" -> Outcome.Qualified
            "do_not_call" -> Outcome.DoNotCall
            else -> fail("unknown outcome ${step["outcome"]}")
        }

        /** A real `warmline-server` on loopback (path in `warmline.server`) with one team. */
        class Server(dir: java.nio.file.Path) {
            private val binary = File(System.getProperty("warmline.server") ?: fail("set -Dwarmline.server"))
            private val database = dir.resolve("server.db").toString()
            private val team = admin("team-create", "Brightside")
            private val code = admin("rep-add", "--team", team, "Sam Reyes")
            private val process: Process = ProcessBuilder(binary.path, "--listen", "127.0.0.1:0", "--database", database)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .apply { environment()["WARMLINE_ADMIN_TOKEN"] = ADMIN_TOKEN }
                .start()
            val url: String = process.inputStream.bufferedReader().readLine().removePrefix("listening on ")
            var token = ""
            private var deviceId = ""

            private fun admin(vararg args: String): String {
                val admin = ProcessBuilder(binary.path, "--database", database, *args).start()
                val out = admin.inputStream.bufferedReader().readText().trim()
                check(admin.waitFor() == 0) { "warmline-server ${args.joinToString(" ")} failed" }
                return out
            }

            suspend fun enrol(kit: WarmlineKit) {
                val enrolment = kit.sync.enrol(url, code, "Sam's phone")
                token = enrolment.token
                deviceId = enrolment.deviceId
            }

            /** The manager publishes the team's script, as `warmline script set` does. */
            fun publishScript(file: File) {
                admin("script-set", "--team", team, file.path)
            }

            fun revoke() {
                val connection = java.net.URI("$url/v1/devices/$deviceId/revoke").toURL().openConnection() as java.net.HttpURLConnection
                connection.requestMethod = "POST"
                connection.doOutput = true
                connection.setRequestProperty("Authorization", "Bearer $ADMIN_TOKEN")
                connection.setRequestProperty("Content-Type", "application/json")
                connection.outputStream.use { it.write("""{"team_id":"$team"}""".toByteArray()) }
                assertEquals(200, connection.responseCode)
            }

            fun stop() {
                process.destroy()
                process.waitFor()
            }

            private companion object {
                const val ADMIN_TOKEN = "kotlin-journeys-admin-token-0123456789abcdef"
            }
        }

        fun iso(at: Instant): String = DateTimeFormatter.ISO_INSTANT.format(at)

        fun capabilities(phone: String) = when (phone) {
            "iphone" -> PhoneCapabilities(callStates = true, answerState = true)
            "android" -> PhoneCapabilities(callStates = true, answerState = false)
            "no_permission" -> PhoneCapabilities(callStates = false, answerState = false)
            else -> fail("unknown phone $phone")
        }

        fun phoneEvent(step: Map<String, Any?>): PhoneEvent = when (step["event"]) {
            "dial_requested" -> PhoneEvent.DialRequested
            "dialer_opened" -> PhoneEvent.DialerOpened
            "call_dialing" -> PhoneEvent.CallDialing
            "call_active" -> PhoneEvent.CallActive
            "call_held" -> PhoneEvent.CallHeld
            "call_ended" -> PhoneEvent.CallEnded((step["measured_seconds"] as Long?)?.toUInt())
            "app_background" -> PhoneEvent.AppBackground
            "app_foreground" -> PhoneEvent.AppForeground
            "dial_cancelled" -> PhoneEvent.DialCancelled
            else -> fail("unknown phone event ${step["event"]}")
        }
    }
}
