package app.warmline.android.ui

import android.Manifest
import android.content.Context
import android.os.Build
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.core.content.edit
import app.warmline.android.R
import app.warmline.android.platform.granted

/** What the first tap on call asks for, each explained in the dialog before the system asks. */
private fun callPermissions(): Array<String> =
    listOfNotNull(
        Manifest.permission.CALL_PHONE,
        Manifest.permission.READ_PHONE_STATE,
        Manifest.permission.READ_CALL_LOG,
        Manifest.permission.POST_NOTIFICATIONS.takeIf { Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU },
    ).toTypedArray()

private fun Context.askedBefore() = getSharedPreferences("ui", Context.MODE_PRIVATE).getBoolean(ASKED, false)

private fun Context.rememberAsked() = getSharedPreferences("ui", Context.MODE_PRIVATE).edit { putBoolean(ASKED, true) }

private const val ASKED = "call_permissions_asked"

/**
 * The tap on call: the first time, explain the phone permissions and let the system ask;
 * then (and every later time) dial whatever the rep chose: refused permissions only mean the
 * dialer opens instead and the call's end is noticed when the rep comes back.
 */
@Composable
fun rememberDial(model: AppViewModel): (String) -> Unit {
    val context = LocalContext.current
    var explaining by remember { mutableStateOf<String?>(null) }
    var waiting by remember { mutableStateOf<String?>(null) }
    val ask =
        rememberLauncherForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) {
            waiting?.let(model::dial)
            waiting = null
        }
    explaining?.let { lead ->
        AlertDialog(
            onDismissRequest = { explaining = null },
            title = { Text(stringResource(R.string.permissions_title)) },
            text = { Text(stringResource(R.string.permissions_why)) },
            confirmButton = {
                TextButton({
                    context.rememberAsked()
                    explaining = null
                    waiting = lead
                    ask.launch(callPermissions())
                }) { Text(stringResource(R.string.continue_label)) }
            },
            dismissButton = {
                TextButton({
                    context.rememberAsked()
                    explaining = null
                    model.dial(lead)
                }) { Text(stringResource(R.string.not_now)) }
            },
        )
    }
    return { leadId ->
        val ready = context.askedBefore() || callPermissions().all(context::granted)
        if (ready) {
            model.dial(leadId)
        } else {
            explaining = leadId
        }
    }
}
