package app.warmline.android.platform

import android.content.Context
import androidx.work.Constraints
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.ExistingWorkPolicy
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.OutOfQuotaPolicy
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import app.warmline.kit.platform.SyncScheduler
import java.time.Duration

/**
 * WorkManager: a periodic sync (its shortest period, 15 minutes) and one expedited sync
 * that waits for a network, both running [SyncWorker], which asks the core to sync once.
 */
class WorkManagerScheduler(
    context: Context,
) : SyncScheduler {
    private val work = WorkManager.getInstance(context)
    private val online = Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build()

    override fun schedulePeriodic() {
        val request =
            PeriodicWorkRequestBuilder<SyncWorker>(Duration.ofMinutes(15))
                .setConstraints(online)
                .build()
        work.enqueueUniquePeriodicWork(PERIODIC, ExistingPeriodicWorkPolicy.KEEP, request)
    }

    override fun syncWhenOnline() {
        val request =
            OneTimeWorkRequestBuilder<SyncWorker>()
                .setConstraints(online)
                .setExpedited(OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST)
                .build()
        work.enqueueUniqueWork(WHEN_ONLINE, ExistingWorkPolicy.KEEP, request)
    }

    override fun cancelAll() {
        work.cancelUniqueWork(PERIODIC)
        work.cancelUniqueWork(WHEN_ONLINE)
    }

    private companion object {
        const val PERIODIC = "sync-periodic"
        const val WHEN_ONLINE = "sync-when-online"
    }
}
