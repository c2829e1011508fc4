package app.warmline.android.platform

import android.Manifest
import android.content.Context
import android.os.Build
import androidx.core.content.edit

/**
 * The runtime permissions a call uses, asked once, in context, at the first tap on call:
 * `CALL_PHONE`, `READ_PHONE_STATE`, `READ_CALL_LOG` and (API 33+) `POST_NOTIFICATIONS`.
 * Refusing any of them only costs convenience, so later taps dial without asking again.
 */
class CallPermissions(
    private val context: Context,
) {
    val wanted: Array<String> =
        listOfNotNull(
            Manifest.permission.CALL_PHONE,
            Manifest.permission.READ_PHONE_STATE,
            Manifest.permission.READ_CALL_LOG,
            Manifest.permission.POST_NOTIFICATIONS.takeIf { Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU },
        ).toTypedArray()

    private val prefs = context.getSharedPreferences("ui", Context.MODE_PRIVATE)

    /** Whether to explain before the system asks: the first time, and only if something is missing. */
    fun shouldExplain(): Boolean = !prefs.getBoolean(ASKED, false) && !wanted.all(context::granted)

    fun explained() = prefs.edit { putBoolean(ASKED, true) }

    private companion object {
        const val ASKED = "call_permissions_asked"
    }
}
