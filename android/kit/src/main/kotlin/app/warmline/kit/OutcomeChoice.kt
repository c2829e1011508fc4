package app.warmline.kit

import app.warmline.core.Outcome
import app.warmline.core.OutcomeKind
import java.time.Instant

/**
 * The outcome the rep picked on the sheet, as the core logs it. Only "not a good time"
 * carries data: the callback time, which starts at the sheet's `callbackDefault`.
 */
fun OutcomeKind.toOutcome(callbackAt: Instant): Outcome =
    when (this) {
        OutcomeKind.NO_ANSWER -> Outcome.NoAnswer
        OutcomeKind.VOICEMAIL -> Outcome.Voicemail
        OutcomeKind.BAD_NUMBER -> Outcome.BadNumber
        OutcomeKind.NOT_A_GOOD_TIME -> Outcome.NotAGoodTime(callbackAt)
        OutcomeKind.FOUND_ELSEWHERE -> Outcome.FoundElsewhere
        OutcomeKind.NOT_A_FIT -> Outcome.NotAFit
        OutcomeKind.QUALIFIED -> Outcome.Qualified
        OutcomeKind.DO_NOT_CALL -> Outcome.DoNotCall
    }
