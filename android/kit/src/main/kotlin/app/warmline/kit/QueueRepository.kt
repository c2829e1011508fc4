package app.warmline.kit

import app.warmline.core.Queue
import app.warmline.core.QueueObserver
import app.warmline.core.QueueScreen
import app.warmline.core.QueueScreenObserver
import app.warmline.core.WarmlineException
import app.warmline.core.Warmline
import java.time.Duration
import java.time.Instant
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/** "Who do I call now?" for the queue screen. The ranking is the core's. */
interface QueueRepository {
    suspend fun page(limit: Int = DEFAULT_PAGE): Queue

    /** The queue screen's rows with their badges. */
    suspend fun screen(limit: Int = DEFAULT_PAGE): QueueScreen

    /** The queue screen now and after every change. */
    fun screens(limit: Int = DEFAULT_PAGE): Flow<QueueScreen>

    /**
     * The queue now, then again whenever it changes: after any write, and at the instant the
     * core says the order changes by itself (a held lead becomes callable).
     */
    fun updates(limit: Int = DEFAULT_PAGE): Flow<Queue>

    companion object {
        const val DEFAULT_PAGE = 50
    }
}

/** [QueueRepository] backed by the Rust core. */
class CoreQueueRepository(
    private val core: Warmline,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    private val now: () -> Instant = Instant::now,
) : QueueRepository {
    override suspend fun page(limit: Int): Queue = withContext(io) { core.queue(limit.toUInt()) }

    override suspend fun screen(limit: Int): QueueScreen = withContext(io) { core.queueScreen(limit.toUInt()) }

    override fun screens(limit: Int): Flow<QueueScreen> = callbackFlow {
        val handle = core.observeQueueScreen(
            limit.toUInt(),
            object : QueueScreenObserver {
                override fun onQueueScreen(screen: QueueScreen) {
                    trySend(screen)
                }

                override fun onError(error: WarmlineException) {
                    close(error)
                }
            },
        )
        awaitClose { handle.close() }
    }

    override fun updates(limit: Int): Flow<Queue> = channelFlow {
        val changed = Channel<Unit>(Channel.CONFLATED)
        val handle = core.observeQueue(object : QueueObserver {
            override fun onQueueChanged() {
                changed.trySend(Unit)
            }
        })
        try {
            while (true) {
                val queue = page(limit)
                send(queue)
                val wait = queue.refreshAt?.let { Duration.between(now(), it).toMillis().coerceAtLeast(0) }
                if (wait == null) changed.receive() else withTimeoutOrNull(wait) { changed.receive() }
            }
        } finally {
            handle.close()
        }
    }
}
