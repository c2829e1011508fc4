package app.warmline.kit

import java.nio.file.Path
import kotlin.io.path.deleteRecursively

/**
 * Deletes a test's folder once the core has let go of it. A sync driver's thread may
 * still be finishing a round when the kit closes, and SQLite removes the WAL file when
 * that last reference drops: a file vanishing mid-walk is retried, not a failure.
 */
@OptIn(kotlin.io.path.ExperimentalPathApi::class)
fun Path.deleteWhenReleased() {
    repeat(DELETE_ATTEMPTS - 1) {
        if (runCatching { deleteRecursively() }.isSuccess) return
        Thread.sleep(DELETE_RETRY_MILLIS)
    }
    deleteRecursively()
}

private const val DELETE_ATTEMPTS = 20
private const val DELETE_RETRY_MILLIS = 50L
