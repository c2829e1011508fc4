package app.warmline.kit.platform

import app.warmline.core.CallScreen
import app.warmline.core.NewLeadAlert
import app.warmline.core.Reminder
import java.time.Instant

/** Hand-written doubles of the platform edges; each records what it was asked to do. */
class FakeDialer(
    var used: DialerUsed = DialerUsed.CALLED,
    private val log: MutableList<String> = mutableListOf(),
) : Dialer {
    val numbers = mutableListOf<String>()

    override fun call(number: String): DialerUsed {
        numbers += number
        log += "dialer"
        return used
    }
}

class FakeCallStates(
    override var canReport: Boolean = true,
    private val log: MutableList<String> = mutableListOf(),
) : CallStateSource {
    var listener: CallStateListener? = null
        private set

    override fun start(listener: CallStateListener) {
        this.listener = listener
        log += "call states"
    }

    override fun stop() {
        listener = null
    }

    fun report(
        state: PhoneCallState,
        at: Instant,
    ) = checkNotNull(listener) { "nobody listens to call states" }.onCallState(state, at)
}

class FakeCallLog(
    var seconds: UInt? = null,
) : CallLogReader {
    val asked = mutableListOf<Pair<String, Instant>>()

    override suspend fun measuredSeconds(
        number: String,
        since: Instant,
    ): UInt? {
        asked += number to since
        return seconds
    }
}

class FakeOverlay(
    var allowed: Boolean,
) : OverlayHost {
    @Volatile var shown: CallScreen? = null

    override fun canDraw() = allowed

    override fun show(screen: CallScreen) {
        shown = screen
    }

    override fun hide() {
        shown = null
    }
}

class FakeNotification : OngoingNotification {
    @Volatile var shown: CallScreen? = null

    override fun show(screen: CallScreen) {
        shown = screen
    }

    override fun hide() {
        shown = null
    }
}

class FakeLauncher : AppLauncher {
    val outcomes = java.util.concurrent.CopyOnWriteArrayList<String>()

    override fun showOutcome(sessionId: String) {
        outcomes += sessionId
    }
}

class FakeNotices : LocalNotices {
    @Volatile var reminders: List<Reminder> = emptyList()
    val announced = java.util.concurrent.CopyOnWriteArrayList<NewLeadAlert>()
    var cleared = 0

    override fun replaceCallbackReminders(reminders: List<Reminder>) {
        this.reminders = reminders
    }

    override fun announce(alert: NewLeadAlert) {
        announced += alert
    }

    override fun clearAll() {
        cleared++
    }
}

class FakeScheduler : SyncScheduler {
    var periodic = 0
    var whenOnline = 0
    var cancelled = 0

    override fun schedulePeriodic() {
        periodic++
    }

    override fun syncWhenOnline() {
        whenOnline++
    }

    override fun cancelAll() {
        cancelled++
    }
}

class FakeNetwork : NetworkMonitor {
    var onAvailable: (() -> Unit)? = null
        private set

    override fun start(onAvailable: () -> Unit) {
        this.onAvailable = onAvailable
    }

    override fun stop() {
        onAvailable = null
    }

    fun comeBack() = checkNotNull(onAvailable) { "nobody listens to the network" }()
}

class FakeVault(
    var credentials: Credentials? = null,
) : TokenVault {
    override fun load() = credentials

    override fun save(credentials: Credentials) {
        this.credentials = credentials
    }

    override fun clear() {
        credentials = null
    }
}
