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
import app.warmline.core.LeadsScreen as LeadsState

/** All leads, searched by the core (name, company or number) as the rep types. */
@Composable
fun LeadsScreen(
    model: AppViewModel,
    modifier: Modifier = Modifier,
) {
    var query by rememberSaveable { mutableStateOf("") }
    val screen by produceState<LeadsState?>(null, query) { value = model.kit.leads.list(query) }
    Column(modifier.fillMaxSize()) {
        OutlinedTextField(
            value = query,
            onValueChange = { query = it },
            label = { Text(stringResource(R.string.search_leads)) },
            singleLine = true,
            modifier = Modifier.fillMaxWidth().padding(ScreenPadding),
        )
        LazyColumn {
            items(screen?.rows.orEmpty(), key = { it.lead.leadId }) { row ->
                Column(
                    Modifier
                        .fillMaxWidth()
                        .clickable { model.route.value = Route.Lead(row.lead.leadId) }
                        .heightIn(min = TouchTarget)
                        .padding(ScreenPadding),
                ) {
                    Text(row.lead.name, style = MaterialTheme.typography.titleMedium)
                    Text(listOfNotNull(row.lead.company, row.lead.phone).joinToString(" · "))
                    row.callbackAt?.let { Text(stringResource(R.string.callback_at, it.shown())) }
                }
                HorizontalDivider()
            }
        }
    }
}
