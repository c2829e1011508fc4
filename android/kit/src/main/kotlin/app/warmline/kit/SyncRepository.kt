package app.warmline.kit

import app.warmline.core.Enrolment
import app.warmline.core.HttpTransport
import app.warmline.core.SyncReport
import app.warmline.core.SyncStatus
import app.warmline.core.Warmline
import java.time.Duration
import java.time.Instant
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Sync for the app's WorkManager job, the "sync now" button and an open app. The core
 * pushes, pulls, merges and decides when to try again; the app keeps the token in the
 * Keystore and passes it in.
 */
interface SyncRepository {
    /**
     * Exchanges a manager's one-time code for this phone's token and names (keep the token
     * in the Keystore); the core remembers whose phone it is. After a `DeviceRevoked`, enrol
     * again here to keep the unsynced changes, or sign out with `WarmlineKit.signOut`.
     */
    suspend fun enrol(server: String, code: String, deviceName: String): Enrolment

    suspend fun sync(server: String, token: String): SyncReport

    suspend fun pendingChanges(): Long

    suspend fun status(): SyncStatus

    /**
     * While collected (an open app), keeps this phone in sync: waits until the core's
     * `nextAttemptAt` (now, or a back-off after failures), syncs with a long poll so news
     * arrives within a second or so, and emits the status after each attempt.
     */
    fun stayInSync(server: String, token: String): Flow<SyncStatus>
}

class CoreSyncRepository(
    private val core: Warmline,
    private val transport: HttpTransport = HttpUrlConnectionTransport(),
) : SyncRepository {
    override suspend fun enrol(server: String, code: String, deviceName: String) =
        core.enrol(transport, server, code, deviceName)

    override suspend fun sync(server: String, token: String) = core.sync(transport, server, token)

    override suspend fun pendingChanges() = core.pendingChanges().toLong()

    override suspend fun status() = core.syncStatus()

    override fun stayInSync(server: String, token: String): Flow<SyncStatus> = flow {
        while (true) {
            delay(Duration.between(Instant.now(), core.syncStatus().nextAttemptAt).toMillis().coerceAtLeast(0))
            try {
                core.syncWaiting(transport, server, token, LONG_POLL_SECONDS)
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                // Recorded by the core with its back-off; the status below carries it.
            }
            emit(core.syncStatus())
        }
    }

    private companion object {
        const val LONG_POLL_SECONDS = 25u
    }
}
