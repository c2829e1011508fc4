package app.warmline.android.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import app.warmline.android.R

/** Enrolment: the code the manager gave, or the `warmline://enrol` link their QR code opened. */
@Composable
fun EnrolScreen(
    model: AppViewModel,
    modifier: Modifier = Modifier,
) {
    val link by model.link.collectAsStateWithLifecycle()
    Column(modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(ScreenPadding)) {
        Heading(stringResource(R.string.enrol_title))
        Text(stringResource(R.string.enrol_explain))
        EnrolForm(model, link.orEmpty())
    }
}

/** The code field and its button, also on the signed-out screen to enrol again. */
@Composable
fun EnrolForm(
    model: AppViewModel,
    initial: String,
) {
    var text by rememberSaveable(initial) { mutableStateOf(initial) }
    var server by rememberSaveable { mutableStateOf("") }
    OutlinedTextField(
        value = text,
        onValueChange = { text = it },
        label = { Text(stringResource(R.string.enrol_code)) },
        singleLine = true,
        keyboardOptions = KeyboardOptions(capitalization = KeyboardCapitalization.Characters, imeAction = ImeAction.Done),
        modifier = Modifier.fillMaxWidth().padding(vertical = 16.dp),
    )
    OutlinedTextField(
        value = server,
        onValueChange = { server = it },
        label = { Text(stringResource(R.string.enrol_server)) },
        supportingText = { Text(stringResource(R.string.enrol_server_hint)) },
        singleLine = true,
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri, imeAction = ImeAction.Done),
        modifier = Modifier.fillMaxWidth().padding(bottom = 16.dp),
    )
    WideButton(stringResource(R.string.enrol_button), { model.enrol(text, server.ifBlank { null }) })
}
