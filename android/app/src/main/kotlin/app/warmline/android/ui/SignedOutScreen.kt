package app.warmline.android.ui

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import app.warmline.android.R
import app.warmline.core.SignedOutScreen as SignedOutState

/**
 * The server no longer accepts this phone: the core's reason and what never reached the
 * server. Enrolling again keeps those changes and sends them; signing out deletes them.
 */
@Composable
fun SignedOutScreen(
    model: AppViewModel,
    modifier: Modifier = Modifier,
) {
    val screen by produceState<SignedOutState?>(null) { value = model.kit.sync.signedOut() }
    LazyColumn(modifier.fillMaxSize().padding(ScreenPadding)) {
        item {
            Heading(stringResource(R.string.signed_out_title))
            screen?.let {
                Text(it.message)
                Text(stringResource(R.string.signed_out_unsynced, it.unsyncedChanges.toLong()), Modifier.padding(vertical = 8.dp))
            }
        }
        items(screen?.unsyncedNotes.orEmpty()) { note ->
            Text(note.leadName, style = MaterialTheme.typography.titleSmall)
            note.prompt?.let { Text(it, style = MaterialTheme.typography.labelMedium) }
            Text(note.text, Modifier.padding(bottom = 8.dp))
        }
        item {
            Heading(stringResource(R.string.enrol_again))
            EnrolForm(model, "")
            WideButton(stringResource(R.string.sign_out), model::signOut, primary = false)
        }
    }
}
