package app.warmline.android.ui

import android.text.format.DateFormat
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.DatePicker
import androidx.compose.material3.DatePickerDialog
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TimePicker
import androidx.compose.material3.rememberDatePickerState
import androidx.compose.material3.rememberTimePickerState
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import app.warmline.android.R
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.ZoneId
import java.time.ZoneOffset

/**
 * "Call me back Thursday at 3": a date, then a time, both on the lead's own clock, starting
 * from the core's suggestion. The picked wall-clock time goes to the core, which makes it
 * an instant in the lead's zone.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun CallbackPicker(
    suggested: Instant,
    leadZone: ZoneId,
    onPicked: (LocalDateTime) -> Unit,
    onDismiss: () -> Unit,
) {
    val start = suggested.atZone(leadZone).toLocalDateTime()
    var day by remember { mutableStateOf<LocalDate?>(null) }
    val pickedDay = day
    if (pickedDay == null) {
        // The date picker works in UTC midnights, whatever zone is meant.
        val dateState = rememberDatePickerState(start.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli())
        DatePickerDialog(
            onDismissRequest = onDismiss,
            confirmButton = {
                TextButton({ day = dateState.selectedDateMillis?.utcDate() ?: start.toLocalDate() }) {
                    Text(stringResource(R.string.next))
                }
            },
            dismissButton = { TextButton(onDismiss) { Text(stringResource(R.string.cancel)) } },
        ) { DatePicker(dateState) }
    } else {
        val timeState = rememberTimePickerState(start.hour, start.minute, DateFormat.is24HourFormat(LocalContext.current))
        AlertDialog(
            onDismissRequest = onDismiss,
            title = { Text(stringResource(R.string.callback_their_time, leadZone.id)) },
            text = { TimePicker(timeState) },
            confirmButton = {
                TextButton({ onPicked(pickedDay.atTime(LocalTime.of(timeState.hour, timeState.minute))) }) {
                    Text(stringResource(R.string.callback_confirm))
                }
            },
            dismissButton = { TextButton(onDismiss) { Text(stringResource(R.string.cancel)) } },
        )
    }
}

private fun Long.utcDate(): LocalDate = Instant.ofEpochMilli(this).atZone(ZoneOffset.UTC).toLocalDate()
