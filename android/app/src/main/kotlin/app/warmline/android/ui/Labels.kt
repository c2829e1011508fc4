package app.warmline.android.ui

import androidx.annotation.StringRes
import androidx.compose.runtime.Composable
import androidx.compose.ui.res.stringResource
import app.warmline.android.R
import app.warmline.core.Badge
import app.warmline.core.OutcomeKind
import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle

/** Words and times for what the core hands over; wording only, no decision. */
private val shortTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)

fun Instant.shown(zone: ZoneId = ZoneId.systemDefault()): String = shortTime.format(atZone(zone))

@StringRes
fun OutcomeKind.label(): Int =
    when (this) {
        OutcomeKind.NO_ANSWER -> R.string.outcome_no_answer
        OutcomeKind.VOICEMAIL -> R.string.outcome_voicemail
        OutcomeKind.BAD_NUMBER -> R.string.outcome_bad_number
        OutcomeKind.NOT_A_GOOD_TIME -> R.string.outcome_not_a_good_time
        OutcomeKind.FOUND_ELSEWHERE -> R.string.outcome_found_elsewhere
        OutcomeKind.NOT_A_FIT -> R.string.outcome_not_a_fit
        OutcomeKind.QUALIFIED -> R.string.outcome_qualified
        OutcomeKind.DO_NOT_CALL -> R.string.outcome_do_not_call
    }

@Composable
fun Badge.text(): String =
    when (this) {
        Badge.New -> stringResource(R.string.badge_new)
        is Badge.CallbackDue -> stringResource(R.string.badge_callback, at.shown())
        is Badge.Attempt -> stringResource(R.string.badge_attempt, number.toInt(), of.toInt())
        is Badge.WindowClosesAt -> stringResource(R.string.badge_window_closes, at.shown())
        is Badge.OpensAt -> stringResource(R.string.badge_opens, at.shown(ZoneId.of(timeZone)))
        is Badge.BeingCalled -> stringResource(R.string.badge_being_called, until.shown())
    }
