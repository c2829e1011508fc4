package app.warmline.kit

import app.warmline.core.NewLead
import app.warmline.core.TestClock
import java.nio.file.Files
import java.time.Instant
import java.time.ZoneId
import kotlin.io.path.deleteRecursively
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** The phone's clock or zone changing (Android's `ACTION_TIME_CHANGED`) reaches the core's refresh driver. */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
class ClockChangeTest {
    private val dir = Files.createTempDirectory("warmline-clock")
    private val clock = TestClock(Instant.parse("2026-12-01T07:00:00Z")) // 02:00 in New York
    private val kit = WarmlineKit.open(dir.resolve("rep.db").toFile(), ZoneId.of("America/New_York"), clock = clock)

    @AfterTest
    fun cleanUp() {
        kit.close()
        dir.deleteRecursively()
    }

    @Test
    fun `a clock change redraws the queue when a held lead's hours have come`() =
        runBlocking {
            kit.leads.add(NewLead(firstName = "Ann", phone = "+1 212 555 0190"))
            val callable = Channel<UInt>(Channel.UNLIMITED)
            val collector = launch(Dispatchers.Default) { kit.queue.screens().collect { callable.send(it.callableNow) } }
            assertEquals(0u, withTimeout(5_000) { callable.receive() })
            clock.now = Instant.parse("2026-12-01T14:00:00Z") // 09:00 in New York
            kit.clockChanged()
            assertEquals(1u, withTimeout(5_000) { callable.receive() })
            collector.cancel()
        }
}
