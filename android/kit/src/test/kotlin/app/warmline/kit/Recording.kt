package app.warmline.kit

import app.warmline.core.CallScreen
import app.warmline.core.DialResult
import app.warmline.core.PhoneCapabilities
import app.warmline.core.PhoneEvent
import app.warmline.core.SyncScreen
import java.time.Instant
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emptyFlow
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.withTimeout

/** The real calls repository, recording what the kit forwarded to it. */
class RecordingCalls(
    private val real: CallsRepository,
) : CallsRepository by real {
    val reports = CopyOnWriteArrayList<Pair<PhoneEvent, Instant>>()
    val capabilities = CopyOnWriteArrayList<PhoneCapabilities>()

    override suspend fun dial(
        leadId: String,
        capabilities: PhoneCapabilities,
        confirmOutsideHours: Boolean,
    ): DialResult {
        this.capabilities += capabilities
        return real.dial(leadId, capabilities, confirmOutsideHours)
    }

    override suspend fun report(
        sessionId: String,
        event: PhoneEvent,
        at: Instant,
    ): CallScreen {
        reports += event to at
        return real.report(sessionId, event, at)
    }
}

/** The real sync repository, recording the driver's calls; the driver itself is not started. */
class RecordingSync(
    private val real: SyncRepository,
) : SyncRepository by real {
    var networkAvailable = 0
    val stayedInSync = CopyOnWriteArrayList<Pair<String, String>>()

    override fun networkAvailable() {
        networkAvailable++
        real.networkAvailable()
    }

    override fun stayInSync(
        server: String,
        token: String,
    ): Flow<SyncScreen> {
        stayedInSync += server to token
        return emptyFlow()
    }
}

/** Waits for every coroutine launched in this scope so far (the platform callbacks' forwards). */
suspend fun CoroutineScope.settle() = coroutineContext[Job]!!.children.toList().joinAll()

/** Waits up to five seconds for [condition], which the core's observers make true on their own thread. */
suspend fun eventually(condition: () -> Boolean) =
    withTimeout(5_000) {
        while (!condition()) delay(10)
    }
