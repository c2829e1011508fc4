package app.warmline.android.platform

import android.content.Context
import android.content.pm.PackageManager
import androidx.core.content.ContextCompat

/** Whether the rep granted [permission] (a platform fact, asked by the adapters before using an API). */
fun Context.granted(permission: String): Boolean =
    ContextCompat.checkSelfPermission(this, permission) == PackageManager.PERMISSION_GRANTED
