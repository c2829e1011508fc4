package app.warmline.android.platform

import android.content.Context
import androidx.work.CoroutineWorker
import androidx.work.ForegroundInfo
import androidx.work.WorkerParameters
import app.warmline.android.call.CallChannels
import app.warmline.android.graph

/**
 * One sync for WorkManager. A failure is the core's to keep (its sync screen shows it and its
 * schedule says when to try again), so the work itself always succeeds. Then the callback
 * reminders are booked again: alarms do not survive a reboot, WorkManager's work does.
 */
class SyncWorker(
    context: Context,
    params: WorkerParameters,
) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val session = applicationContext.graph.session
        session.keeper.syncOnce()
        session.reminders.refresh()
        return Result.success()
    }

    /** Expedited work runs as a foreground service below API 31, which needs a notification. */
    override suspend fun getForegroundInfo() = ForegroundInfo(CallChannels.SYNC_NOTIFICATION, CallChannels.syncing(applicationContext))
}
