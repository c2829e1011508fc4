package app.warmline.android.call

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import app.warmline.android.graph
import kotlinx.coroutines.launch

/** The notification card's Back and Next, forwarded to the call's card in the kit. */
class CardActionReceiver : BroadcastReceiver() {
    override fun onReceive(
        context: Context,
        intent: Intent,
    ) {
        val sessionId = intent.getStringExtra(SESSION) ?: return
        val graph = context.graph
        val card = graph.session.card(sessionId)
        val pending = goAsync()
        graph.scope.launch {
            try {
                when (intent.action) {
                    NEXT -> card.next()
                    BACK -> card.back()
                }
            } finally {
                pending.finish()
            }
        }
    }

    companion object {
        const val NEXT = "app.warmline.android.card.NEXT"
        const val BACK = "app.warmline.android.card.BACK"
        const val SESSION = "session"
    }
}
