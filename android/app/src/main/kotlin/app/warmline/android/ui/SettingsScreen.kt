package app.warmline.android.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import app.warmline.android.R
import app.warmline.core.SettingsScreen as SettingsState

/** Who this phone belongs to, the team's settings, the overlay permission, and signing out. */
@Composable
fun SettingsScreen(
    model: AppViewModel,
    modifier: Modifier = Modifier,
) {
    val settings by produceState<SettingsState?>(null) { value = model.kit.sync.settings() }
    var confirming by rememberSaveable { mutableStateOf(false) }
    Column(modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(ScreenPadding)) {
        Heading(stringResource(R.string.tab_settings))
        settings?.let { shown ->
            shown.repName?.let { Labelled(stringResource(R.string.rep), it) }
            shown.teamName?.let { Labelled(stringResource(R.string.team), it) }
            shown.team.company?.let { Labelled(stringResource(R.string.company), it) }
            Labelled(stringResource(R.string.time_zone), shown.deviceTimeZone)
            Labelled(stringResource(R.string.sync_pending), shown.pendingChanges.toString())
            Labelled(stringResource(R.string.core_version), shown.coreVersion)
        }
        OverlayInvite()
        WideButton(stringResource(R.string.sign_out), { confirming = true }, primary = false)
    }
    if (confirming) {
        val pending = settings?.pendingChanges ?: 0uL
        AlertDialog(
            onDismissRequest = { confirming = false },
            title = { Text(stringResource(R.string.sign_out)) },
            text = { Text(stringResource(R.string.sign_out_warning, pending.toLong())) },
            confirmButton = {
                TextButton({
                    confirming = false
                    model.signOut()
                }) { Text(stringResource(R.string.sign_out)) }
            },
            dismissButton = { TextButton({ confirming = false }) { Text(stringResource(R.string.cancel)) } },
        )
    }
}
