package app.warmline.kit

import app.warmline.core.NewLead
import java.nio.file.Files
import kotlin.io.path.deleteRecursively
import kotlin.test.Test
import kotlin.test.assertTrue
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assumptions.assumeTrue

/**
 * The Kotlin half of the cross-language sync test: `cargo xtask test` starts one server and
 * runs this suite and the Swift suite side by side. Kotlin writes a lead and a note; Swift
 * (in `CrossLanguageSyncTests.swift`) answers with a note of its own once it sees Kotlin's;
 * each side passes only when it has the other's words. Outside xtask there is no Swift
 * peer, so the test does not run there.
 */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class CrossLanguageSyncTest {
    @Test
    fun `a Kotlin client and a Swift client see each other's notes`() = runBlocking {
        val server = System.getProperty("warmline.xlang.server")
        val code = System.getProperty("warmline.xlang.code")
        assumeTrue(server != null && code != null, "runs under cargo xtask test, with the Swift suite")
        val dir = Files.createTempDirectory("warmline-xlang")
        try {
            WarmlineKit.open(dir.resolve("kotlin.db").toFile()).use { kit ->
                val token = kit.sync.enrol(server!!, code!!, "Kotlin phone").token
                val lead = kit.leads.add(NewLead(firstName = "Xena", phone = "+1 212 555 0777"))
                kit.calls.addNote(lead.id, "written in Kotlin")
                kit.sync.sync(server, token)
                var seen = false
                val deadline = System.nanoTime() + 420_000_000_000L // the Swift suite may still be compiling
                while (!seen && System.nanoTime() < deadline) {
                    delay(500)
                    kit.sync.sync(server, token)
                    seen = kit.calls.notes(lead.id).any { it.text == "written in Swift" }
                }
                assertTrue(seen, "the Swift client's note never arrived")
            }
        } finally {
            dir.deleteRecursively()
        }
    }
}
