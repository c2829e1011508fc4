package app.warmline.android.call

import android.content.Context
import android.graphics.PixelFormat
import android.provider.Settings
import android.view.Gravity
import android.view.WindowManager
import androidx.compose.runtime.mutableStateOf
import androidx.compose.ui.platform.ComposeView
import androidx.compose.ui.platform.ViewCompositionStrategy
import app.warmline.android.ui.OverlayCard
import app.warmline.android.ui.theme.WarmlineTheme
import app.warmline.core.CallScreen
import app.warmline.kit.CallCard
import app.warmline.kit.platform.OverlayHost

/**
 * The card over the dialer: a `TYPE_APPLICATION_OVERLAY` window (API 26; `SYSTEM_ALERT_WINDOW`
 * granted in Settings, `Settings.canDrawOverlays`, API 23) holding Compose with its own
 * [WindowOwner]. Collapsed it is a small bubble the rep drags; expanded, the card takes
 * focus only so the note field can be typed in.
 */
class OverlayWindow(
    private val context: Context,
    private val card: (String) -> CallCard,
) : OverlayHost {
    private val windows = context.getSystemService(WindowManager::class.java)
    private val screen = mutableStateOf<CallScreen?>(null)
    private var view: ComposeView? = null
    private var owner: WindowOwner? = null
    private val params =
        WindowManager.LayoutParams(
            WindowManager.LayoutParams.WRAP_CONTENT,
            WindowManager.LayoutParams.WRAP_CONTENT,
            WindowManager.LayoutParams.TYPE_APPLICATION_OVERLAY,
            WindowManager.LayoutParams.FLAG_NOT_FOCUSABLE or WindowManager.LayoutParams.FLAG_NOT_TOUCH_MODAL,
            PixelFormat.TRANSLUCENT,
        ).apply {
            gravity = Gravity.TOP or Gravity.START
            y = context.resources.displayMetrics.heightPixels / 4
        }

    override fun canDraw() = Settings.canDrawOverlays(context)

    override fun show(screen: CallScreen) {
        this.screen.value = screen
        if (view == null) attach(card(screen.sessionId))
    }

    override fun hide() {
        view?.let(windows::removeView)
        owner?.destroy()
        view = null
        owner = null
        screen.value = null
        // It comes back folded, so it must not keep the keyboard's focus from the dialer.
        params.flags = params.flags or WindowManager.LayoutParams.FLAG_NOT_FOCUSABLE
    }

    private fun attach(actions: CallCard) {
        val owner = WindowOwner()
        val view =
            ComposeView(context).apply {
                setViewCompositionStrategy(ViewCompositionStrategy.DisposeOnDetachedFromWindow)
                setContent {
                    WarmlineTheme {
                        screen.value?.let { OverlayCard(it, actions, this@OverlayWindow::drag, this@OverlayWindow::focusable) }
                    }
                }
            }
        owner.attach(view)
        windows.addView(view, params)
        this.owner = owner
        this.view = view
    }

    private fun drag(
        dx: Float,
        dy: Float,
    ) {
        params.x += dx.toInt()
        params.y += dy.toInt()
        view?.let { windows.updateViewLayout(it, params) }
    }

    private fun focusable(expanded: Boolean) {
        params.flags =
            if (expanded) {
                params.flags and WindowManager.LayoutParams.FLAG_NOT_FOCUSABLE.inv()
            } else {
                params.flags or WindowManager.LayoutParams.FLAG_NOT_FOCUSABLE
            }
        view?.let { windows.updateViewLayout(it, params) }
    }
}
