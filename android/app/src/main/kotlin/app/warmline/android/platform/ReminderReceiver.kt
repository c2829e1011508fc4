package app.warmline.android.platform

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import app.warmline.android.call.CallChannels

/** A callback's alarm went off: the rep is reminded to call them back now. */
class ReminderReceiver : BroadcastReceiver() {
    override fun onReceive(
        context: Context,
        intent: Intent,
    ) {
        val leadId = intent.data?.schemeSpecificPart ?: return
        val name = intent.getStringExtra(LEAD_NAME).orEmpty()
        CallChannels.notify(context, leadId.hashCode(), CallChannels.callbackDue(context, name))
    }

    companion object {
        const val ACTION = "app.warmline.android.CALLBACK_DUE"
        const val LEAD_NAME = "lead_name"
    }
}
