package app.warmline.kit

import app.warmline.core.SyncScreen
import app.warmline.core.WarmlineException
import app.warmline.kit.platform.NetworkMonitor
import app.warmline.kit.platform.SyncScheduler
import app.warmline.kit.platform.TokenVault
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emptyFlow
import kotlinx.coroutines.launch

/**
 * Keeps the phone in sync through the platform: the core's sync driver while the app is in
 * front, the network coming back forwarded to it, and background work when the core's sync
 * screen has changes waiting. When and how to sync is the core's; this only connects the
 * platform's signals to it.
 */
class SyncKeeper(
    private val sync: SyncRepository,
    private val vault: TokenVault,
    private val scheduler: SyncScheduler,
    private val network: NetworkMonitor,
    private val scope: CoroutineScope,
) {
    /** Listens for the network while the app's process runs. */
    fun start() = network.start { scope.launch { networkBack() } }

    fun stop() = network.stop()

    /**
     * While collected (the app in front), the core's driver long-polls and pushes each change
     * at once; emits the sync status line. Empty before the phone is enrolled.
     */
    fun stayInSync(): Flow<SyncScreen> = vault.load()?.let { sync.stayInSync(it.server, it.token) } ?: emptyFlow()

    /** The network is back: the driver tries now, and changes waiting go up even if the app closes. */
    suspend fun networkBack() {
        sync.networkAvailable()
        scheduleIfWaiting()
    }

    /** The app leaves the screen: changes still waiting go up by background work once online. */
    suspend fun leavingForeground() = scheduleIfWaiting()

    private suspend fun scheduleIfWaiting() {
        // The core counts what is waiting; the platform only chooses how to run it.
        if (sync.screen().pendingChanges > 0uL) scheduler.syncWhenOnline()
    }

    /**
     * One sync, for background work: the core records a failure and its back-off in the sync
     * screen it returns. Null before the phone is enrolled.
     */
    suspend fun syncOnce(): SyncScreen? {
        val credentials = vault.load() ?: return null
        try {
            sync.sync(credentials.server, credentials.token)
        } catch (failed: WarmlineException) {
            // Kept by the core (last error, failures, next attempt); shown on the sync screen.
        }
        return sync.screen()
    }
}
