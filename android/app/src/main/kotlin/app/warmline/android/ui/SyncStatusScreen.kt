package app.warmline.android.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import app.warmline.android.R
import app.warmline.core.SyncHealth
import app.warmline.core.SyncScreen

/** The sync status as the core reports it: health, what waits, last success, last error, next try. */
@Composable
fun SyncStatusScreen(
    sync: SyncScreen?,
    modifier: Modifier = Modifier,
) = Column(modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(ScreenPadding)) {
    Heading(stringResource(R.string.tab_sync))
    SyncLine(sync)
    sync?.let { status ->
        Labelled(stringResource(R.string.sync_pending), status.pendingChanges.toString())
        Labelled(stringResource(R.string.sync_last), status.lastSyncedAt?.shown() ?: stringResource(R.string.never))
        status.lastError?.let { Labelled(stringResource(R.string.sync_error), it) }
        Labelled(stringResource(R.string.sync_next), status.nextAttemptAt.shown())
    }
}

/** One line: online, offline with what waits, or not yet synced; read out when it changes. */
@Composable
fun SyncLine(
    sync: SyncScreen?,
    modifier: Modifier = Modifier,
) {
    val text =
        sync?.let { status ->
            when (status.health) {
                SyncHealth.NOT_YET -> stringResource(R.string.sync_not_yet)
                SyncHealth.ONLINE -> stringResource(R.string.sync_online, status.pendingChanges.toLong())
                SyncHealth.OFFLINE -> stringResource(R.string.sync_offline, status.pendingChanges.toLong())
            }
        } ?: stringResource(R.string.sync_not_enrolled)
    Text(
        text,
        style = MaterialTheme.typography.bodyMedium,
        modifier = modifier.semantics { liveRegion = LiveRegionMode.Polite },
    )
}
