package app.warmline.bench

import app.warmline.core.DialResult
import app.warmline.core.NewLead
import app.warmline.core.PhoneCapabilities
import app.warmline.kit.WarmlineKit
import java.nio.file.Files
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * What a screen state costs through the Kotlin kit on the JVM (`cargo xtask bench-kits`):
 * a small call into the core, a screen read (the core builds it, JNA carries it, the kit
 * hands it over), and a write delivered to a screen's Flow.
 */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
fun main() = runBlocking {
    val dir = Files.createTempDirectory("warmline-kit-bench")
    try {
        WarmlineKit.open(dir.resolve("bench.db").toFile(), ZoneId.of("America/New_York")).use { kit ->
            val ids = (0 until 200).map { n ->
                kit.leads.add(NewLead(firstName = "Lead $n", phone = "+1 212 555 %04d".format(1000 + n))).id
            }
            val dial = kit.calls.dial(ids[0], PhoneCapabilities(callStates = true, answerState = true), true)
            val session = (dial as DialResult.Dialling).screen.sessionId
            measure("a small call (team settings)") { kit.leads.teamSettings() }
            measure("the call screen") { kit.calls.screen(session) }
            measure("the queue screen, 50 rows") { kit.queue.screen(50) }
            val delivered = Channel<Unit>(Channel.UNLIMITED)
            val collector = launch(Dispatchers.Default) { kit.calls.screens(session).collect { delivered.send(Unit) } }
            delivered.receive()
            var n = 0
            measure("a draft saved, to the call screen's Flow") {
                kit.calls.setDraft(session, "draft ${n++}")
                delivered.receive()
            }
            collector.cancel()
        }
    } finally {
        dir.deleteRecursively()
    }
}

private suspend fun measure(what: String, block: suspend () -> Unit) {
    repeat(WARM_UP) { block() }
    val times = LongArray(RUNS) {
        val start = System.nanoTime()
        block()
        System.nanoTime() - start
    }
    times.sort()
    fun us(p: Double) = times[((times.size - 1) * p).toInt()] / 1_000.0
    println("%-45s p50 %9.1f µs   p99 %9.1f µs   (n = %d)".format("Kotlin: $what", us(0.5), us(0.99), RUNS))
}

private const val WARM_UP = 200
private const val RUNS = 2_000
