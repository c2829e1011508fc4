package app.warmline.kit

import app.warmline.core.EnrolLink
import app.warmline.core.Enrolment
import app.warmline.kit.platform.Credentials
import app.warmline.kit.platform.SyncScheduler
import app.warmline.kit.platform.TokenVault

/**
 * Enrolment and signing out: the core reads the code or link and talks to the server; the
 * device token goes to the platform's vault, never to the store or a log.
 */
class Account(
    private val sync: SyncRepository,
    private val vault: TokenVault,
    private val scheduler: SyncScheduler,
) {
    /** Whether this phone holds a device token (the enrolment screen shows until it does). */
    fun enrolled(): Boolean = vault.load() != null

    /** Reads a typed code or a `warmline://enrol?…` link; the core refuses what is wrong. */
    fun read(
        text: String,
        defaultServer: String? = null,
    ): EnrolLink = sync.readLink(text, defaultServer)

    /** Enrols with the code or link the rep typed or opened, keeps the token, schedules sync. */
    suspend fun enrol(
        text: String,
        deviceName: String,
        defaultServer: String? = null,
    ): Enrolment {
        val link = read(text, defaultServer)
        val enrolment = sync.enrol(link.server, link.code, deviceName)
        vault.save(Credentials(link.server, enrolment.token))
        scheduler.schedulePeriodic()
        return enrolment
    }

    /** Signs out: background sync stops, the store is deleted, the token is forgotten. Returns changes lost. */
    suspend fun signOut(kit: WarmlineKit): Long {
        scheduler.cancelAll()
        val lost = kit.signOut()
        vault.clear()
        return lost
    }
}
