package app.warmline.android

import android.app.Application
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.util.Log
import androidx.core.content.ContextCompat
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import app.warmline.android.call.CallChannels
import app.warmline.kit.WarmlineKit
import java.io.File
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/**
 * What lives as long as the process: the platform adapters, the open store ([session]) and
 * the process-wide signals forwarded to the kit (app in front or behind, network, clock).
 */
class AppGraph(private val app: Application) {
    // A failed forward is logged by its type only: core messages may name leads.
    val scope =
        CoroutineScope(
            SupervisorJob() + Dispatchers.Main.immediate +
                CoroutineExceptionHandler { _, failure -> Log.w("Warmline", failure::class.java.simpleName) },
        )
    val platform = Platform(app)

    // In noBackupFilesDir: never part of a backup, whatever the backup rules say.
    private val database = File(app.noBackupFilesDir, "warmline.db")

    @Volatile private var current: Session? = null
    private var notices: Job? = null

    val session: Session
        get() = current ?: synchronized(this) { current ?: open().also { current = it } }

    private fun open() = Session(app, WarmlineKit.open(database), platform, scope)

    fun start() {
        CallChannels.create(app)
        session.keeper.start()
        notices = session.followNotices(scope)
        ProcessLifecycleOwner.get().lifecycle.addObserver(foreground)
        val clock = IntentFilter(Intent.ACTION_TIME_CHANGED).apply { addAction(Intent.ACTION_TIMEZONE_CHANGED) }
        ContextCompat.registerReceiver(app, clockChanged, clock, ContextCompat.RECEIVER_NOT_EXPORTED)
    }

    /** Signs out: stops listening, deletes the store and the token, opens a fresh store. Returns changes lost. */
    suspend fun signOut(): Long {
        val leaving = session
        leaving.keeper.stop()
        notices?.cancel()
        leaving.reminders.clear()
        val lost = leaving.account.signOut(leaving.kit)
        synchronized(this) { current = null }
        session.keeper.start()
        notices = session.followNotices(scope)
        return lost
    }

    private val foreground =
        object : DefaultLifecycleObserver {
            override fun onStart(owner: LifecycleOwner) {
                scope.launch { session.phone.appForeground() }
            }

            override fun onStop(owner: LifecycleOwner) {
                scope.launch {
                    session.phone.appBackground()
                    session.keeper.leavingForeground()
                }
            }
        }

    private val clockChanged =
        object : BroadcastReceiver() {
            override fun onReceive(
                context: Context,
                intent: Intent,
            ) = session.kit.clockChanged()
        }
}
