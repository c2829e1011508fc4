package app.warmline.android.ui

import android.os.Build
import androidx.lifecycle.ViewModel
import androidx.lifecycle.ViewModelProvider.AndroidViewModelFactory.Companion.APPLICATION_KEY
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.initializer
import androidx.lifecycle.viewmodel.viewModelFactory
import app.warmline.android.AppGraph
import app.warmline.android.graph
import app.warmline.core.AppScreen
import app.warmline.core.DialResult
import app.warmline.core.OutcomeKind
import app.warmline.core.SyncScreen
import app.warmline.core.WarmlineException
import app.warmline.kit.CallCard
import app.warmline.kit.toOutcome
import java.time.Instant
import java.time.LocalDateTime
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flatMapLatest
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch

/**
 * Forwards the rep's taps to the kit and holds what the screens draw. It decides nothing about
 * leads, calls or sync: the destination is the core's current screen, else the rep's tab.
 */
@OptIn(ExperimentalCoroutinesApi::class)
class AppViewModel(
    private val graph: AppGraph,
) : ViewModel() {
    private val session get() = graph.session
    private val core = MutableStateFlow<AppScreen>(AppScreen.Queue)
    private val enrolled = MutableStateFlow(session.account.enrolled())

    val route = MutableStateFlow<Route>(Route.Queue)
    val link = MutableStateFlow<String?>(null)
    val message = MutableStateFlow<String?>(null)
    val confirmation = MutableStateFlow<DialResult.NeedsConfirmation?>(null)

    val destination: StateFlow<Destination> =
        combine(enrolled, core, route) { yes, screen, tab -> destinationOf(yes, screen, tab) }
            .stateIn(viewModelScope, SharingStarted.Eagerly, Destination.Browse(Route.Queue))

    /** The sync status line; while collected (the app in front) the core's sync driver runs. */
    val sync: StateFlow<SyncScreen?> =
        enrolled
            .flatMapLatest { yes -> if (yes) session.keeper.stayInSync() else flowOf(null) }
            .stateIn(viewModelScope, SharingStarted.WhileSubscribed(STOP_AFTER_MILLIS), null)

    private fun destinationOf(
        enrolled: Boolean,
        screen: AppScreen,
        route: Route,
    ): Destination {
        if (!enrolled) return Destination.Enrol
        return when (screen) {
            is AppScreen.Call -> Destination.Call(screen.sessionId)
            is AppScreen.Outcome -> Destination.Outcome(screen.sessionId)
            AppScreen.SignedOut -> Destination.SignedOut
            AppScreen.Queue -> Destination.Browse(route)
        }
    }

    val kit get() = session.kit

    fun card(sessionId: String): CallCard = session.card(sessionId)

    /** Looks again at the core's current screen (the app came to the front). */
    fun refresh() = forward {}

    fun openLink(text: String) {
        link.value = text
    }

    fun enrol(
        text: String,
        server: String?,
    ) = forward { session.account.enrol(text, Build.MODEL, server) }

    fun dial(
        leadId: String,
        confirmOutsideHours: Boolean = false,
    ) = forward {
        confirmation.value = null
        when (val result = session.phone.dial(leadId, confirmOutsideHours)) {
            is DialResult.Dialling -> Unit
            is DialResult.NeedsConfirmation -> {
                confirmation.value = result
            }
        }
    }

    fun step(
        sessionId: String,
        action: suspend CallCard.() -> Unit,
    ) = forward { card(sessionId).action() }

    fun finish(
        sessionId: String,
        kind: OutcomeKind,
        callbackAt: Instant,
    ) = forward { kit.calls.finish(sessionId, kind.toOutcome(callbackAt)) }

    /** "Not a good time", calling back at [local] on the lead's own clock (the core makes it an instant). */
    fun finishAtLeadTime(
        sessionId: String,
        leadId: String,
        local: LocalDateTime,
    ) = forward {
        val callbackAt = kit.leads.atLeadLocalTime(leadId, local.toString())
        kit.calls.finish(sessionId, OutcomeKind.NOT_A_GOOD_TIME.toOutcome(callbackAt))
    }

    fun addNote(
        leadId: String,
        text: String,
    ) = forward { kit.calls.addNote(leadId, text) }

    fun signOut() = forward { graph.signOut() }

    /** Runs a forwarded tap; the core's refusal is shown to the rep as it words it. */
    private fun forward(block: suspend () -> Unit) {
        viewModelScope.launch {
            try {
                block()
                enrolled.value = session.account.enrolled()
                core.value = kit.calls.currentScreen()
            } catch (refused: WarmlineException) {
                message.value = refused.message
            }
        }
    }

    companion object {
        private const val STOP_AFTER_MILLIS = 5_000L

        val Factory =
            viewModelFactory {
                initializer {
                    val app = checkNotNull(this[APPLICATION_KEY])
                    AppViewModel(app.graph)
                }
            }
    }
}
