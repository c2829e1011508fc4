package app.warmline.kit.platform

/** The background scheduler. Android: WorkManager. */
interface SyncScheduler {
    /** A sync now and then while the app is closed (Android: periodic work, network required). */
    fun schedulePeriodic()

    /** One sync as soon as the phone is online, even if the app is closed (Android: expedited work). */
    fun syncWhenOnline()

    /** Stops both (signing out). */
    fun cancelAll()
}

/** Told when the phone gets a usable network. Android: `ConnectivityManager.NetworkCallback`. */
interface NetworkMonitor {
    fun start(onAvailable: () -> Unit)

    fun stop()
}
