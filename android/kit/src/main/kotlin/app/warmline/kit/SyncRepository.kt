package app.warmline.kit

import app.warmline.core.Enrolment
import app.warmline.core.HttpTransport
import app.warmline.core.SyncReport
import app.warmline.core.Warmline
import app.warmline.core.enrolDevice

/**
 * Sync for the app's WorkManager job and the "sync now" button. The core pushes, pulls
 * and merges; the app keeps the token in the Keystore and passes it in.
 */
interface SyncRepository {
    suspend fun enrol(server: String, code: String, deviceName: String): Enrolment

    suspend fun sync(server: String, token: String): SyncReport

    suspend fun pendingChanges(): Long
}

class CoreSyncRepository(
    private val core: Warmline,
    private val transport: HttpTransport = HttpUrlConnectionTransport(),
) : SyncRepository {
    override suspend fun enrol(server: String, code: String, deviceName: String) =
        enrolDevice(transport, server, code, deviceName)

    override suspend fun sync(server: String, token: String) = core.sync(transport, server, token)

    override suspend fun pendingChanges() = core.pendingChanges().toLong()
}
