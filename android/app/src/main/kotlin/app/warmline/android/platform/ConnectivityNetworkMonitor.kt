package app.warmline.android.platform

import android.content.Context
import android.net.ConnectivityManager
import android.net.Network
import app.warmline.kit.platform.NetworkMonitor

/** `ConnectivityManager.registerDefaultNetworkCallback` (API 24; `ACCESS_NETWORK_STATE`). */
class ConnectivityNetworkMonitor(
    context: Context,
) : NetworkMonitor {
    private val connectivity = context.getSystemService(ConnectivityManager::class.java)
    private var callback: ConnectivityManager.NetworkCallback? = null

    override fun start(onAvailable: () -> Unit) {
        if (callback != null) return
        val available = onAvailable
        val registered =
            object : ConnectivityManager.NetworkCallback() {
                override fun onAvailable(network: Network) = available()
            }
        connectivity.registerDefaultNetworkCallback(registered)
        callback = registered
    }

    override fun stop() {
        callback?.let(connectivity::unregisterNetworkCallback)
        callback = null
    }
}
