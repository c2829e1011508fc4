package app.warmline.kit

import java.io.File
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** A real `warmline-server` on loopback (its path in `warmline.server`): one team, a code per rep. */
class TestServer(
    dir: Path,
    vararg reps: String,
) {
    private val binary = File(System.getProperty("warmline.server") ?: error("set -Dwarmline.server"))
    private val database = dir.resolve("server.db").toString()
    private val team = admin("team-create", "Brightside")

    /** One enrolment code per rep, in order. */
    val codes: List<String> = reps.map { admin("rep-add", "--team", team, it) }
    private val process: Process =
        ProcessBuilder(binary.path, "--listen", "127.0.0.1:0", "--database", database)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
    val url: String = process.inputStream.bufferedReader().readLine().removePrefix("listening on ")

    private fun admin(vararg args: String): String {
        val admin = ProcessBuilder(binary.path, "--database", database, *args).start()
        val out = admin.inputStream.bufferedReader().readText().trim()
        check(admin.waitFor() == 0) { "warmline-server ${args.joinToString(" ")} failed" }
        return out
    }

    fun stop() {
        process.destroy()
        process.waitFor(5, TimeUnit.SECONDS)
    }
}
