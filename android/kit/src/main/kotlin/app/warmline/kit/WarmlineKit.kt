package app.warmline.kit

import app.warmline.core.DeviceSettings
import app.warmline.core.Warmline
import app.warmline.core.WarmlineClock
import app.warmline.core.signOut as deleteStore
import java.io.File
import java.time.ZoneId

/**
 * The app's entry point to the core: one per signed-in rep, opened on the database file
 * in the app's private storage. [signOut] closes it and deletes the rep's data.
 */
class WarmlineKit private constructor(
    private val core: Warmline,
    private val database: File,
) : AutoCloseable {
    val leads: LeadsRepository = CoreLeadsRepository(core)
    val queue: QueueRepository = CoreQueueRepository(core)
    val calls: CallsRepository = CoreCallsRepository(core)
    val sync: SyncRepository = CoreSyncRepository(core)

    /** Redraws the queue when its order changes by itself; held while the kit is open. */
    private val refresh = core.startRefreshDriver()

    /** The phone's clock or time zone changed (`ACTION_TIME_CHANGED`, `ACTION_TIMEZONE_CHANGED`). */
    fun clockChanged() = refresh.clockChanged()

    override fun close() {
        refresh.close()
        core.close()
    }

    /**
     * Signs the rep out: closes this kit and deletes its store, returning how many changes
     * had not reached the server and are lost (warn first with `sync.pendingChanges()`).
     * The app then deletes the device token it keeps in the Keystore.
     */
    suspend fun signOut(): Long {
        close()
        return deleteStore(database.absolutePath).toLong()
    }

    companion object {
        /**
         * Opens (creating and migrating as needed) the store at [database]. [timeZone] is the
         * phone's zone, used to show times to the rep; [clock] replaces the system clock in tests.
         */
        fun open(
            database: File,
            timeZone: ZoneId = ZoneId.systemDefault(),
            repFirstName: String? = null,
            clock: WarmlineClock? = null,
        ): WarmlineKit {
            val device = DeviceSettings(timeZone.id, repFirstName)
            if (clock == null) return WarmlineKit(Warmline.open(database.absolutePath, device), database)
            return WarmlineKit(Warmline.openWithClock(database.absolutePath, device, clock), database)
        }
    }
}
