package app.warmline.android.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.gestures.detectDragGestures
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import app.warmline.android.R
import app.warmline.core.CallScreen
import app.warmline.core.WarmlineException
import app.warmline.kit.CallCard
import kotlinx.coroutines.launch

/**
 * The card over the dialer. Collapsed: a bubble with the stage number, dragged anywhere.
 * Expanded: the card, the quick note, Back and Next, and a button to fold it away.
 */
@Composable
fun OverlayCard(
    screen: CallScreen,
    card: CallCard,
    drag: (Float, Float) -> Unit,
    focusable: (Boolean) -> Unit,
) {
    val scope = rememberCoroutineScope()
    // A refused step changes nothing; the card keeps showing what the core says.
    val step: Step = { action ->
        scope.launch {
            try {
                card.action()
            } catch (refused: WarmlineException) {
                Unit
            }
        }
    }
    var expanded by rememberSaveable { mutableStateOf(false) }
    val toggle = {
        expanded = !expanded
        focusable(expanded)
    }
    val dragging = Modifier.pointerInput(Unit) { detectDragGestures { _, amount -> drag(amount.x, amount.y) } }
    if (expanded) {
        Card(dragging.widthIn(max = 360.dp).heightIn(max = 520.dp)) {
            Column(Modifier.padding(12.dp)) {
                Column(Modifier.weight(1f, fill = false).verticalScroll(rememberScrollState())) {
                    PromptCardView(screen.card, step)
                }
                DraftNote(screen, step)
                CardButtons(screen, step)
                TextButton(toggle, Modifier.heightIn(min = TouchTarget)) { Text(stringResource(R.string.fold_card)) }
            }
        }
    } else {
        val describe = stringResource(R.string.bubble_description, screen.card.title)
        Surface(
            shape = CircleShape,
            color = MaterialTheme.colorScheme.primaryContainer,
            tonalElevation = 6.dp,
            modifier = dragging.size(64.dp).clickable(onClick = toggle).semantics { contentDescription = describe },
        ) {
            Box(contentAlignment = Alignment.Center) {
                Text("${screen.card.stageNumber}/${screen.card.stageCount}", style = MaterialTheme.typography.titleMedium)
            }
        }
    }
}
