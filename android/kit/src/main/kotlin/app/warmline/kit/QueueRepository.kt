package app.warmline.kit

import app.warmline.core.Queue
import app.warmline.core.QueueScreen
import app.warmline.core.QueueScreenObserver
import app.warmline.core.Warmline
import app.warmline.core.WarmlineException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.withContext

/** "Who do I call now?" for the queue screen. The ranking is the core's. */
interface QueueRepository {
    suspend fun page(limit: Int = DEFAULT_PAGE): Queue

    /** The queue screen's rows with their badges. */
    suspend fun screen(limit: Int = DEFAULT_PAGE): QueueScreen

    /**
     * The queue screen now, then again whenever it changes: after any write, and at the
     * instant the core says the order changes by itself (a held lead becomes callable).
     */
    fun screens(limit: Int = DEFAULT_PAGE): Flow<QueueScreen>

    companion object {
        const val DEFAULT_PAGE = 50
    }
}

/** [QueueRepository] backed by the Rust core. */
class CoreQueueRepository(
    private val core: Warmline,
    private val io: CoroutineDispatcher = Dispatchers.IO,
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
}
