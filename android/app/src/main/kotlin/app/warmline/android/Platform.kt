package app.warmline.android

import android.content.Context
import app.warmline.android.platform.AndroidDialer
import app.warmline.android.platform.AndroidLocalNotices
import app.warmline.android.platform.CallLogDurations
import app.warmline.android.platform.ConnectivityNetworkMonitor
import app.warmline.android.platform.KeystoreTokenVault
import app.warmline.android.platform.TelephonyCallStates
import app.warmline.android.platform.WorkManagerScheduler

/** The Android ends of the kit's platform interfaces, one of each per process. */
class Platform(context: Context) {
    val dialer = AndroidDialer(context)
    val callStates = TelephonyCallStates(context)
    val callLog = CallLogDurations(context)
    val vault = KeystoreTokenVault(context)
    val scheduler = WorkManagerScheduler(context)
    val network = ConnectivityNetworkMonitor(context)
    val notices = AndroidLocalNotices(context)
}
