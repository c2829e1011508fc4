package app.warmline.kit

import app.warmline.core.CallIntent
import app.warmline.core.CallScreen
import app.warmline.core.PromptCard

/**
 * What the rep does on the card of one call, wherever the card is drawn: the app's call
 * screen, the overlay over the dialer or the ongoing notification's buttons. Each step is
 * saved by the core before it returns.
 */
class CallCard(
    private val calls: CallsRepository,
    val sessionId: String,
) {
    suspend fun next(): PromptCard = calls.send(sessionId, CallIntent.Next)

    suspend fun back(): PromptCard = calls.send(sessionId, CallIntent.Back)

    suspend fun skip(): PromptCard = calls.send(sessionId, CallIntent.Skip)

    suspend fun choose(choiceId: String): PromptCard = calls.send(sessionId, CallIntent.Choose(choiceId))

    suspend fun answer(
        questionId: String,
        value: String,
    ): PromptCard = calls.send(sessionId, CallIntent.Answer(questionId, value))

    /** The quick note as typed, kept at every keystroke so a killed app loses none of it. */
    suspend fun type(text: String) = calls.setDraft(sessionId, text)

    /** Saves the typed note to the call. */
    suspend fun saveNote(): CallScreen = calls.saveDraft(sessionId)

    /** The rep says no call was made. */
    suspend fun cancelDial(): CallScreen = calls.cancelDial(sessionId)
}
