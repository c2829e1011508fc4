package app.warmline.android.ui

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.warmline.android.R

/** The app's frame: the destination's screen, the tabs at the bottom (thumb reach), messages. */
@Composable
fun WarmlineRoot(model: AppViewModel) {
    val destination by model.destination.collectAsStateWithLifecycle()
    val sync by model.sync.collectAsStateWithLifecycle()
    val message by model.message.collectAsStateWithLifecycle()
    val confirmation by model.confirmation.collectAsStateWithLifecycle()
    val snackbar = remember { SnackbarHostState() }
    LaunchedEffect(message) {
        message?.let {
            snackbar.showSnackbar(it)
            model.message.value = null
        }
    }
    val browsing = destination as? Destination.Browse
    BackHandler(enabled = browsing != null && browsing.route != Route.Queue) { model.route.value = Route.Queue }
    Scaffold(
        snackbarHost = { SnackbarHost(snackbar) },
        bottomBar = { browsing?.let { Tabs(it.route) { route -> model.route.value = route } } },
    ) { padding ->
        val inside = Modifier.padding(padding)
        when (val shown = destination) {
            Destination.Enrol -> EnrolScreen(model, inside)
            Destination.SignedOut -> SignedOutScreen(model, inside)
            is Destination.Call -> CallScreen(model, shown.sessionId, inside)
            is Destination.Outcome -> OutcomeSheetScreen(model, shown.sessionId, inside)
            is Destination.Browse -> Browse(model, shown.route, sync, inside)
        }
    }
    confirmation?.let { asked ->
        AlertDialog(
            onDismissRequest = { model.confirmation.value = null },
            title = { Text(stringResource(R.string.outside_hours_title, asked.lead.name)) },
            text = { Text(asked.reason) },
            confirmButton = {
                TextButton({ model.dial(asked.lead.leadId, confirmOutsideHours = true) }) { Text(stringResource(R.string.call_anyway)) }
            },
            dismissButton = { TextButton({ model.confirmation.value = null }) { Text(stringResource(R.string.cancel)) } },
        )
    }
}

@Composable
private fun Browse(
    model: AppViewModel,
    route: Route,
    sync: app.warmline.core.SyncScreen?,
    modifier: Modifier,
) = when (route) {
    Route.Queue -> QueueScreen(model, sync, modifier)
    Route.Leads -> LeadsScreen(model, modifier)
    is Route.Lead -> LeadScreen(model, route.leadId, modifier)
    Route.Notes -> NoteSearchScreen(model, modifier)
    Route.Sync -> SyncStatusScreen(sync, modifier)
    Route.Settings -> SettingsScreen(model, modifier)
}

@Composable
private fun Tabs(
    current: Route,
    go: (Route) -> Unit,
) = NavigationBar {
    val tabs =
        listOf(
            Route.Queue to R.string.tab_queue,
            Route.Leads to R.string.tab_leads,
            Route.Notes to R.string.tab_notes,
            Route.Sync to R.string.tab_sync,
            Route.Settings to R.string.tab_settings,
        )
    for ((route, label) in tabs) {
        NavigationBarItem(
            selected = current == route,
            onClick = { go(route) },
            icon = {},
            label = { Text(stringResource(label)) },
        )
    }
}
