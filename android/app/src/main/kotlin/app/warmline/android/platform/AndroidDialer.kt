package app.warmline.android.platform

import android.Manifest
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import androidx.core.content.ContextCompat
import app.warmline.kit.platform.Dialer
import app.warmline.kit.platform.DialerUsed

/** `ACTION_CALL` with `CALL_PHONE` granted (API 1), else `ACTION_DIAL`, which needs no permission. */
class AndroidDialer(
    private val context: Context,
) : Dialer {
    override fun call(number: String): DialerUsed {
        val direct = ContextCompat.checkSelfPermission(context, Manifest.permission.CALL_PHONE) == PackageManager.PERMISSION_GRANTED
        val action = if (direct) Intent.ACTION_CALL else Intent.ACTION_DIAL
        val intent = Intent(action, Uri.fromParts("tel", number, null)).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        try {
            context.startActivity(intent)
        } catch (none: ActivityNotFoundException) {
            return DialerUsed.NO_DIALER
        }
        return if (direct) DialerUsed.CALLED else DialerUsed.DIALER_SHOWN
    }
}
