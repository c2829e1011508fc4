package app.warmline.android.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import app.warmline.android.R
import app.warmline.core.OutcomeKind
import app.warmline.core.OutcomeSheet
import java.time.ZoneId

/**
 * After the call: the core's choices, its suggestion drawn first-class, the recap items the
 * call missed, and "I didn't call" when the core says the call may not have happened. The
 * buttons sit at the bottom, within the thumb's reach.
 */
@Composable
fun OutcomeSheetScreen(
    model: AppViewModel,
    sessionId: String,
    modifier: Modifier = Modifier,
) {
    val sheet by produceState<OutcomeSheet?>(null, sessionId) { value = model.kit.calls.outcomeSheet(sessionId) }
    val shown = sheet ?: return
    Column(modifier.fillMaxSize().padding(ScreenPadding)) {
        Column(Modifier.weight(1f).verticalScroll(rememberScrollState())) {
            Heading(stringResource(R.string.outcome_title, shown.lead.name))
            Text(stringResource(R.string.talk_time, shown.talk.seconds.toInt() / 60, shown.talk.seconds.toInt() % 60))
            shown.missed.forEach { Text(stringResource(R.string.missed, it.label), style = MaterialTheme.typography.bodySmall) }
        }
        // The choices at the bottom, in the thumb's reach; they scroll if a large font needs it.
        Column(
            Modifier.weight(2f, fill = false).verticalScroll(rememberScrollState()),
            verticalArrangement = Arrangement.spacedBy(8.dp),
        ) {
            Choices(model, sessionId, shown)
        }
    }
}

@Composable
private fun Choices(
    model: AppViewModel,
    sessionId: String,
    shown: OutcomeSheet,
) {
    val zone = ZoneId.of(shown.lead.timeZone)
    var picking by remember { mutableStateOf(false) }
    shown.choices.forEach { kind ->
        val label = stringResource(kind.label())
        val text =
            when (kind) {
                OutcomeKind.NOT_A_GOOD_TIME -> stringResource(R.string.callback_choice, label, shown.callbackDefault.shown(zone))
                else -> label
            }
        WideButton(text, { model.finish(sessionId, kind, shown.callbackDefault) }, primary = kind == shown.suggested)
        if (kind == OutcomeKind.NOT_A_GOOD_TIME) {
            TextButton({ picking = true }, Modifier.heightIn(min = TouchTarget)) { Text(stringResource(R.string.callback_other_time)) }
        }
    }
    if (picking) {
        CallbackPicker(
            suggested = shown.callbackDefault,
            leadZone = zone,
            onPicked = { local ->
                picking = false
                model.finishAtLeadTime(sessionId, shown.lead.leadId, local)
            },
            onDismiss = { picking = false },
        )
    }
    if (shown.mayNotHaveCalled) {
        WideButton(stringResource(R.string.did_not_call), { model.step(sessionId) { cancelDial() } }, primary = false)
    }
}
