package app.warmline.android.ui

import android.content.Intent
import android.net.Uri
import android.provider.Settings
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AssistChip
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.warmline.android.R
import app.warmline.core.QueueRow
import app.warmline.core.SyncScreen

/** "Who do I call now?": the core's ranked rows with their reasons; one tap calls. */
@Composable
fun QueueScreen(
    model: AppViewModel,
    sync: SyncScreen?,
    modifier: Modifier = Modifier,
) {
    val screen by remember { model.kit.queue.screens() }.collectAsStateWithLifecycle(null)
    val dial = rememberDial(model)
    LazyColumn(modifier.fillMaxSize()) {
        item { SyncLine(sync, Modifier.padding(ScreenPadding)) }
        item { OverlayInvite(Modifier.padding(ScreenPadding)) }
        screen?.let { queue ->
            item {
                Heading(
                    stringResource(R.string.queue_title, queue.callableNow.toInt(), queue.open.toInt()),
                    Modifier.padding(ScreenPadding),
                )
            }
            items(queue.rows, key = { it.lead.leadId }) { row ->
                QueueRowView(row, open = { model.route.value = Route.Lead(row.lead.leadId) }, call = { dial(row.lead.leadId) })
                HorizontalDivider()
            }
        }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun QueueRowView(
    row: QueueRow,
    open: () -> Unit,
    call: () -> Unit,
) = Row(
    Modifier.clickable(onClick = open).heightIn(min = TouchTarget).padding(ScreenPadding),
    verticalAlignment = Alignment.CenterVertically,
) {
    Column(Modifier.weight(1f)) {
        Text(row.lead.name, style = MaterialTheme.typography.titleMedium)
        Text(row.reason, style = MaterialTheme.typography.bodyMedium)
        // Chips wrap onto more lines at large font scales.
        FlowRow { row.badges.forEach { AssistChip(onClick = open, label = { Text(it.text()) }, modifier = Modifier.padding(end = 4.dp)) } }
    }
    val describe = stringResource(R.string.call_lead, row.lead.name)
    Button(
        onClick = call,
        modifier = Modifier.heightIn(min = TouchTarget).semantics { contentDescription = describe },
    ) { Text(stringResource(R.string.call)) }
}

/** Explains the card over the dialer, then opens the system's "display over other apps" screen. */
@Composable
fun OverlayInvite(modifier: Modifier = Modifier) {
    val context = LocalContext.current
    if (Settings.canDrawOverlays(context)) return
    Card(modifier) {
        Column(Modifier.padding(16.dp)) {
            Text(stringResource(R.string.overlay_why))
            WideButton(
                stringResource(R.string.overlay_allow),
                {
                    val intent = Intent(Settings.ACTION_MANAGE_OVERLAY_PERMISSION, Uri.parse("package:${context.packageName}"))
                    context.startActivity(intent)
                },
                primary = false,
            )
        }
    }
}
