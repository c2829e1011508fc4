package app.warmline.kit

import app.warmline.core.CallScreen
import app.warmline.core.CallView
import app.warmline.kit.platform.AppLauncher
import app.warmline.kit.platform.OngoingNotification
import app.warmline.kit.platform.OverlayHost
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.takeWhile

/**
 * Draws the card outside the app while a call is live: over the dialer when the rep allowed
 * overlays, else in the ongoing notification; neither when the core's screen does not ask
 * for it (`overlay`). When the call ends it brings the app back on the outcome sheet.
 */
class CallSurfaces(
    private val calls: CallsRepository,
    private val overlay: OverlayHost,
    private val notification: OngoingNotification,
    private val launcher: AppLauncher,
) {
    /** Follows the call until the core's screen leaves the call; returns its last screen. */
    suspend fun follow(sessionId: String): CallScreen? {
        var last: CallScreen? = null
        calls.screens(sessionId).takeWhile { screen ->
            last = screen
            show(screen)
            screen.view == CallView.IN_CALL
        }.collect()
        return last
    }

    /** Draws one state of the call screen outside the app. */
    fun show(screen: CallScreen) {
        when (screen.view) {
            CallView.IN_CALL -> card(screen)
            CallView.OUTCOME_SHEET -> {
                hideAll()
                launcher.showOutcome(screen.sessionId)
            }
            CallView.CLOSED -> hideAll()
        }
    }

    private fun card(screen: CallScreen) {
        when {
            !screen.overlay -> hideAll()
            overlay.canDraw() -> {
                notification.hide()
                overlay.show(screen)
            }
            else -> {
                overlay.hide()
                notification.show(screen)
            }
        }
    }

    fun hideAll() {
        overlay.hide()
        notification.hide()
    }
}
