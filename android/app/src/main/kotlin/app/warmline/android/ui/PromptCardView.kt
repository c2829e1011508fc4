package app.warmline.android.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.FilledTonalButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import app.warmline.android.R
import app.warmline.core.CardQuestion
import app.warmline.core.PromptCard
import app.warmline.core.QuestionKind
import app.warmline.kit.CallCard

/** A step on the card, forwarded to the kit's [CallCard]. */
typealias Step = (suspend CallCard.() -> Unit) -> Unit

/** The core's prompt card: the lines to say, the tip, the lead's own words, questions and choices. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun PromptCardView(
    card: PromptCard,
    step: Step,
    modifier: Modifier = Modifier,
) = Column(modifier) {
    Text(stringResource(R.string.stage_of, card.stageNumber.toInt(), card.stageCount.toInt()), style = MaterialTheme.typography.labelMedium)
    Heading(card.title)
    card.lines.forEach { Text(it, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(vertical = 4.dp)) }
    card.tip?.let { Text(it, style = MaterialTheme.typography.bodySmall, modifier = Modifier.padding(vertical = 4.dp)) }
    card.repeatBack.forEach { quote ->
        Text(stringResource(R.string.their_words, quote.text), style = MaterialTheme.typography.bodyMedium)
    }
    card.questions.forEach { QuestionView(it, step) }
    FlowRow {
        card.choices.forEach { choice ->
            FilledTonalButton(
                onClick = { step { choose(choice.id) } },
                modifier = Modifier.heightIn(min = TouchTarget).padding(end = 8.dp, top = 4.dp),
            ) { Text(choice.label) }
        }
    }
    card.notes.forEach { Text("• $it", style = MaterialTheme.typography.bodySmall) }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun QuestionView(
    question: CardQuestion,
    step: Step,
) = Column(Modifier.padding(vertical = 8.dp)) {
    Text(question.prompt, style = MaterialTheme.typography.titleSmall)
    when (question.kind) {
        QuestionKind.TEXT -> TextAnswer(question, step)
        QuestionKind.YES_NO, QuestionKind.CHOICE ->
            FlowRow {
                val options = question.options.ifEmpty { listOf(stringResource(R.string.yes), stringResource(R.string.no)) }
                options.forEach { option ->
                    FilledTonalButton(
                        onClick = { step { answer(question.id, option) } },
                        modifier = Modifier.heightIn(min = TouchTarget).padding(end = 8.dp),
                    ) { Text(option) }
                }
            }
    }
    question.answer?.let { Text(stringResource(R.string.answered, it), style = MaterialTheme.typography.bodySmall) }
}

@Composable
private fun TextAnswer(
    question: CardQuestion,
    step: Step,
) {
    var text by rememberSaveable(question.id) { mutableStateOf(question.answer.orEmpty()) }
    OutlinedTextField(
        value = text,
        onValueChange = { text = it },
        label = { Text(stringResource(R.string.answer)) },
        modifier = Modifier.fillMaxWidth(),
    )
    TextButton(
        onClick = { step { answer(question.id, text) } },
        modifier = Modifier.heightIn(min = TouchTarget),
    ) { Text(stringResource(R.string.save_answer)) }
}
