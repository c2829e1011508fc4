package app.warmline.android.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp

/** The smallest touch target the app draws (Material's accessibility minimum). */
val TouchTarget = 48.dp

val ScreenPadding = PaddingValues(horizontal = 16.dp, vertical = 8.dp)

@Composable
fun Heading(
    text: String,
    modifier: Modifier = Modifier,
) = Text(
    text,
    style = MaterialTheme.typography.titleLarge,
    modifier = modifier.semantics { heading() }.padding(vertical = 8.dp),
)

/** A full-width button at least one touch target tall; text wraps at large font scales. */
@Composable
fun WideButton(
    text: String,
    onClick: () -> Unit,
    modifier: Modifier = Modifier,
    primary: Boolean = true,
    enabled: Boolean = true,
) {
    val sized = modifier.fillMaxWidth().heightIn(min = TouchTarget)
    if (primary) {
        Button(onClick, sized, enabled) { Text(text) }
    } else {
        OutlinedButton(onClick, sized, enabled) { Text(text) }
    }
}

@Composable
fun Labelled(
    label: String,
    value: String,
) = Column(Modifier.padding(vertical = 4.dp)) {
    Text(label, style = MaterialTheme.typography.labelMedium)
    Text(value, style = MaterialTheme.typography.bodyLarge)
}
