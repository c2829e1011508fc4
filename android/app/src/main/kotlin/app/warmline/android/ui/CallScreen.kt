package app.warmline.android.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.warmline.android.R
import app.warmline.core.CallScreen as CallState

/**
 * The call in the app: the card scrolls above, the quick note and Back / Next sit at the
 * bottom where the thumb is. When the core's view changes (call ended, dial cancelled) the
 * app asks the core which screen comes next.
 */
@Composable
fun CallScreen(
    model: AppViewModel,
    sessionId: String,
    modifier: Modifier = Modifier,
) {
    val screen by remember(sessionId) { model.kit.calls.screens(sessionId) }.collectAsStateWithLifecycle(null)
    val step: Step = { action -> model.step(sessionId, action) }
    LaunchedEffect(screen?.view) { model.refresh() }
    val call = screen ?: return
    Column(modifier.fillMaxSize().imePadding()) {
        Column(Modifier.weight(1f).verticalScroll(rememberScrollState()).padding(ScreenPadding)) {
            Text(call.lead.name, style = MaterialTheme.typography.headlineSmall)
            call.lead.askedAbout?.let { Text(stringResource(R.string.asked_about_value, it)) }
            Text(call.path.joinToString(" › ") { it.title }, style = MaterialTheme.typography.bodySmall)
            PromptCardView(call.card, step, Modifier.padding(top = 8.dp))
            TextButton({ step { cancelDial() } }, Modifier.heightIn(min = TouchTarget)) { Text(stringResource(R.string.did_not_call)) }
        }
        Surface(tonalElevation = 3.dp) {
            Column(Modifier.padding(ScreenPadding)) {
                DraftNote(call, step)
                CardButtons(call, step)
            }
        }
    }
}

/** The quick note, kept by the core at every keystroke (a killed app loses none of it). */
@Composable
fun DraftNote(
    call: CallState,
    step: Step,
) {
    // Typed here and sent as typed; starts from the core's saved draft (the app may have been killed).
    var text by rememberSaveable(call.sessionId) { mutableStateOf(call.draft) }
    OutlinedTextField(
        value = text,
        onValueChange = { typed ->
            text = typed
            step { type(typed) }
        },
        label = { Text(stringResource(R.string.quick_note)) },
        modifier = Modifier.fillMaxWidth(),
    )
    TextButton(
        onClick = {
            step { saveNote() }
            text = ""
        },
        modifier = Modifier.heightIn(min = TouchTarget),
    ) { Text(stringResource(R.string.save_note)) }
}

/** Back and Next, as wide as the thumb wants, enabled as the core's card says. */
@Composable
fun CardButtons(
    call: CallState,
    step: Step,
) = Row(Modifier.fillMaxWidth()) {
    OutlinedButton(
        onClick = { step { back() } },
        enabled = call.card.canGoBack,
        modifier = Modifier.weight(1f).heightIn(min = TouchTarget),
    ) { Text(stringResource(R.string.back)) }
    Spacer(Modifier.width(12.dp))
    Button(
        onClick = { step { next() } },
        enabled = call.card.canGoNext,
        modifier = Modifier.weight(1f).heightIn(min = TouchTarget),
    ) { Text(stringResource(R.string.next)) }
}
