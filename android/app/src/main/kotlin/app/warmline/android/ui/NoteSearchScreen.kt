package app.warmline.android.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import app.warmline.android.R
import app.warmline.core.SearchHit

/** Full-text search over notes and answers, by the core; a hit opens its lead. */
@Composable
fun NoteSearchScreen(
    model: AppViewModel,
    modifier: Modifier = Modifier,
) {
    var query by rememberSaveable { mutableStateOf("") }
    val hits by produceState(emptyList<SearchHit>(), query) { value = model.kit.calls.search(query) }
    Column(modifier.fillMaxSize()) {
        OutlinedTextField(
            value = query,
            onValueChange = { query = it },
            label = { Text(stringResource(R.string.search_notes)) },
            singleLine = true,
            modifier = Modifier.fillMaxWidth().padding(ScreenPadding),
        )
        LazyColumn {
            items(hits, key = { it.note.id }) { hit ->
                Column(
                    Modifier
                        .fillMaxWidth()
                        .clickable { model.route.value = Route.Lead(hit.note.leadId) }
                        .heightIn(min = TouchTarget)
                        .padding(ScreenPadding),
                ) {
                    Text(hit.leadName, style = MaterialTheme.typography.titleMedium)
                    // The core marks matches with [ and ]; shown as they come.
                    Text(hit.snippet)
                    Text(hit.note.at.shown(), style = MaterialTheme.typography.bodySmall)
                }
                HorizontalDivider()
            }
        }
    }
}
