package app.warmline.android.platform

import android.Manifest
import android.content.Context
import android.provider.CallLog
import app.warmline.kit.platform.CallLogReader
import java.time.Instant
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext

/**
 * The talk time of an outgoing call from the call log (`CallLog.Calls`, API 1; `READ_CALL_LOG`).
 * The phone app writes the entry a moment after the call ends, so it is looked for a few times.
 */
class CallLogDurations(
    private val context: Context,
) : CallLogReader {
    override suspend fun measuredSeconds(
        number: String,
        since: Instant,
    ): UInt? {
        if (!context.granted(Manifest.permission.READ_CALL_LOG)) return null
        repeat(LOOKS) { look ->
            find(number, since)?.let { return it }
            if (look < LOOKS - 1) delay(LOOK_APART_MILLIS)
        }
        return null
    }

    private suspend fun find(
        number: String,
        since: Instant,
    ): UInt? =
        withContext(Dispatchers.IO) {
            context.contentResolver
                .query(
                    CallLog.Calls.CONTENT_URI,
                    arrayOf(CallLog.Calls.DURATION),
                    "${CallLog.Calls.NUMBER} = ? AND ${CallLog.Calls.DATE} >= ? AND ${CallLog.Calls.TYPE} = ?",
                    arrayOf(number, since.toEpochMilli().toString(), CallLog.Calls.OUTGOING_TYPE.toString()),
                    "${CallLog.Calls.DATE} DESC",
                )?.use { rows -> if (rows.moveToFirst()) rows.getLong(0).toUInt() else null }
        }

    private companion object {
        const val LOOKS = 4
        const val LOOK_APART_MILLIS = 750L
    }
}
