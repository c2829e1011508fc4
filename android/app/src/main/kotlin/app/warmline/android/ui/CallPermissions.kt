package app.warmline.android.ui

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
import app.warmline.android.R
import app.warmline.android.platform.CallPermissions

/**
 * The tap on call: the first time, the reasons, then the system's permission dialog; then
 * (and every later time) the dial, whatever the rep chose. Refused permissions only mean the
 * dialer opens instead and the core learns of the call when the rep comes back.
 */
@Composable
fun rememberDial(model: AppViewModel): (String) -> Unit {
    val context = LocalContext.current
    val permissions = remember { CallPermissions(context) }
    var explaining by remember { mutableStateOf<String?>(null) }
    var waiting by remember { mutableStateOf<String?>(null) }
    val ask =
        rememberLauncherForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) {
            waiting?.let(model::dial)
            waiting = null
        }
    explaining?.let { lead ->
        val answered = {
            permissions.explained()
            explaining = null
        }
        AlertDialog(
            onDismissRequest = { explaining = null },
            title = { Text(stringResource(R.string.permissions_title)) },
            text = { Text(stringResource(R.string.permissions_why)) },
            confirmButton = {
                TextButton({
                    answered()
                    waiting = lead
                    ask.launch(permissions.wanted)
                }) { Text(stringResource(R.string.continue_label)) }
            },
            dismissButton = {
                TextButton({
                    answered()
                    model.dial(lead)
                }) { Text(stringResource(R.string.not_now)) }
            },
        )
    }
    return { leadId ->
        if (permissions.shouldExplain()) {
            explaining = leadId
        } else {
            model.dial(leadId)
        }
    }
}
