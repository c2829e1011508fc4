package app.warmline.android

import android.content.Context
import app.warmline.android.call.CallService
import app.warmline.kit.Account
import app.warmline.kit.CallCard
import app.warmline.kit.PhoneCalls
import app.warmline.kit.Reminders
import app.warmline.kit.SyncKeeper
import app.warmline.kit.WarmlineKit
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch

/** One signed-in store and the kit's coordinators over it, wired to the Android platform. */
class Session(
    context: Context,
    val kit: WarmlineKit,
    platform: Platform,
    scope: CoroutineScope,
) {
    // The call service starts while the app is still in front (Android 12+ requires it).
    val phone =
        PhoneCalls(
            kit.calls,
            platform.dialer,
            platform.callStates,
            platform.callLog,
            scope,
            beforeDialer = { screen -> CallService.start(context, screen.sessionId, screen.lead.name) },
        )
    val keeper = SyncKeeper(kit.sync, platform.vault, platform.scheduler, platform.network, scope)
    val account = Account(kit.sync, platform.vault, platform.scheduler)
    val reminders = Reminders(kit.leads, platform.notices)

    /** Callback reminders kept in line with the core, and new leads announced, until cancelled. */
    fun followNotices(scope: CoroutineScope): Job =
        scope.launch {
            launch { reminders.follow() }
            launch { reminders.announceArrivals() }
        }

    fun card(sessionId: String) = CallCard(kit.calls, sessionId)
}
