package app.warmline.android.ui

/** Where the rep browses while no call is open (the bottom bar's tabs and the lead screen). */
sealed interface Route {
    data object Queue : Route

    data object Leads : Route

    data class Lead(
        val leadId: String,
    ) : Route

    data object Notes : Route

    data object Sync : Route

    data object Settings : Route
}

/** The screen to draw: the core's `current_screen` first (an open call wins), then the rep's route. */
sealed interface Destination {
    data object Enrol : Destination

    data object SignedOut : Destination

    data class Call(
        val sessionId: String,
    ) : Destination

    data class Outcome(
        val sessionId: String,
    ) : Destination

    data class Browse(
        val route: Route,
    ) : Destination
}
