package app.warmline.kit

import app.warmline.core.Warmline
import app.warmline.core.WarmlineSettings
import java.io.File

/**
 * The app's entry point to the core: one per signed-in rep, opened on the database file
 * in the app's private storage. Close it when the rep signs out.
 */
class WarmlineKit private constructor(private val core: Warmline) : AutoCloseable {
    val leads: LeadsRepository = CoreLeadsRepository(core)

    override fun close() = core.close()

    companion object {
        /** Opens (creating and migrating as needed) the store at [database]. */
        fun open(database: File, defaultRegion: String = "US"): WarmlineKit =
            WarmlineKit(Warmline.open(database.absolutePath, WarmlineSettings(defaultRegion)))
    }
}
