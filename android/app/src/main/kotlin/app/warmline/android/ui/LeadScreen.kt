package app.warmline.android.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.warmline.android.R
import app.warmline.core.Note

/** One lead: who they are, what they asked about, calls, notes with their synced tick; call and note. */
@Composable
fun LeadScreen(
    model: AppViewModel,
    leadId: String,
    modifier: Modifier = Modifier,
) {
    val screen by remember(leadId) { model.kit.leads.screens(leadId) }.collectAsStateWithLifecycle(null)
    val dial = rememberDial(model)
    val lead = screen ?: return
    LazyColumn(modifier.fillMaxSize().padding(ScreenPadding)) {
        item {
            Heading(lead.lead.name)
            Labelled(stringResource(R.string.phone), lead.lead.phone)
            lead.lead.company?.let { Labelled(stringResource(R.string.company), it) }
            lead.lead.askedAbout?.let { Labelled(stringResource(R.string.asked_about), it) }
            Labelled(stringResource(R.string.asked_at), lead.inquiredAt.shown())
            lead.upcomingCallback?.let { Labelled(stringResource(R.string.callback), it.shown()) }
            lead.beingCalled?.let { Text(stringResource(R.string.badge_being_called, it.until.shown())) }
            lead.customFields.forEach { Labelled(it.name, it.value) }
            WideButton(stringResource(R.string.call_lead, lead.lead.name), { dial(leadId) }, enabled = lead.canCall)
            NoteField { text -> model.addNote(leadId, text) }
            Heading(stringResource(R.string.notes))
        }
        items(lead.notes, key = { it.id }) { NoteRow(it) }
        item { Heading(stringResource(R.string.timeline)) }
        items(lead.timeline) { event -> Text("${event.at.shown()} · ${event.detail}", Modifier.padding(vertical = 4.dp)) }
    }
}

@Composable
private fun NoteField(save: (String) -> Unit) {
    var text by rememberSaveable { mutableStateOf("") }
    OutlinedTextField(
        value = text,
        onValueChange = { text = it },
        label = { Text(stringResource(R.string.add_note)) },
        modifier = Modifier.fillMaxWidth(),
    )
    WideButton(
        stringResource(R.string.save_note),
        {
            save(text)
            text = ""
        },
        primary = false,
        enabled = text.isNotBlank(),
    )
}

/** A note with its "synced" tick (the core's `synced`), spoken as words by screen readers. */
@Composable
fun NoteRow(note: Note) {
    val tick = stringResource(if (note.synced) R.string.synced else R.string.not_synced)
    Row(Modifier.fillMaxWidth().padding(vertical = 4.dp).semantics(mergeDescendants = true) {}) {
        Column(Modifier.weight(1f)) {
            note.prompt?.let { Text(it, style = MaterialTheme.typography.labelMedium) }
            Text(note.text)
            Text(note.at.shown(), style = MaterialTheme.typography.bodySmall)
        }
        Text(if (note.synced) "✓" else "…", Modifier.semantics { contentDescription = tick })
    }
}
