package app.warmline.kit.platform

import app.warmline.core.CallScreen

/**
 * The card over the dialer. Android: a `TYPE_APPLICATION_OVERLAY` window owned by the call
 * service, which needs `SYSTEM_ALERT_WINDOW` (granted in the system settings).
 */
interface OverlayHost {
    /** Whether the rep has let the app draw over other apps. */
    fun canDraw(): Boolean

    /** Shows [screen]'s card (or redraws it); the window stays until [hide]. */
    fun show(screen: CallScreen)

    fun hide()
}

/** The same card in an ongoing notification (prompt text, Back and Next), when there is no overlay. */
interface OngoingNotification {
    fun show(screen: CallScreen)

    fun hide()
}

/** Brings the app back in front of the dialer, on its outcome sheet. */
fun interface AppLauncher {
    fun showOutcome(sessionId: String)
}
