package app.warmline.kit

import app.warmline.core.EnrolLink
import app.warmline.core.Enrolment
import app.warmline.core.HttpTransport
import app.warmline.core.SettingsScreen
import app.warmline.core.SignedOutScreen
import app.warmline.core.SyncDriverHandle
import app.warmline.core.SyncReport
import app.warmline.core.SyncScreen
import app.warmline.core.SyncScreenObserver
import app.warmline.core.SyncStatus
import app.warmline.core.Warmline
import app.warmline.core.WarmlineException
import app.warmline.core.readEnrolLink
import java.util.concurrent.atomic.AtomicReference
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow

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

    /** The sync status line. */
    suspend fun screen(): SyncScreen

    /**
     * Reads the code the rep typed, or the `warmline://enrol?…` link a manager's QR code opened;
     * throws `WarmlineException.InvalidInput` naming what is wrong.
     */
    fun readLink(text: String, defaultServer: String? = null): EnrolLink

    suspend fun settings(): SettingsScreen

    /** Why the server signed this phone out and what never reached it; null while it has not. */
    suspend fun signedOut(): SignedOutScreen?

    /**
     * While collected (an open app), the core's sync driver keeps this phone in sync (long
     * polls for news, pushes each change at once, backs off as its schedule says); emits the
     * sync status line whenever it changes.
     */
    fun stayInSync(server: String, token: String): Flow<SyncScreen>

    /** The platform says the network is back: the driver tries now instead of waiting out a back-off. */
    fun networkAvailable()
}

class CoreSyncRepository(
    private val core: Warmline,
    private val transport: HttpTransport = HttpUrlConnectionTransport(),
) : SyncRepository {
    private val live = AtomicReference<SyncDriverHandle?>(null)

    override suspend fun enrol(server: String, code: String, deviceName: String) =
        core.enrol(transport, server, code, deviceName)

    override suspend fun sync(server: String, token: String) = core.sync(transport, server, token)

    override suspend fun pendingChanges() = core.pendingChanges().toLong()

    override suspend fun status() = core.syncStatus()

    override suspend fun screen() = core.syncScreen()

    override fun readLink(text: String, defaultServer: String?) = readEnrolLink(text, defaultServer)

    override suspend fun settings() = core.settingsScreen()

    override suspend fun signedOut() = core.signedOutScreen()

    override fun stayInSync(server: String, token: String): Flow<SyncScreen> = callbackFlow {
        val driver = core.startSyncDriver(transport, server, token)
        live.set(driver)
        val handle = core.observeSyncScreen(
            object : SyncScreenObserver {
                override fun onSyncScreen(screen: SyncScreen) {
                    trySend(screen)
                }

                override fun onError(error: WarmlineException) {
                    close(error)
                }
            },
        )
        awaitClose {
            handle.close()
            live.compareAndSet(driver, null)
            driver.close()
        }
    }

    override fun networkAvailable() {
        live.get()?.networkAvailable()
    }
}
