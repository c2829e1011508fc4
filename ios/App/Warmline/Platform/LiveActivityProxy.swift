import ActivityKit
import Foundation
import WarmlineKit
import WarmlineLiveCard

/// `LiveActivityHost` on ActivityKit: one activity per call, updated locally. Stale after
/// two hours without an update, so a card left behind by a crash does not linger.
actor LiveActivityProxy: LiveActivityHost {
    private var activity: Activity<CallActivityAttributes>?

    /// Starts the call's activity, or takes over the one this call already has (the app
    /// was killed, or launched in the background by one of the activity's buttons).
    func start(_ card: ActivityCard) async throws {
        let running = Activity<CallActivityAttributes>.activities
        if let existing = running.first(where: { $0.attributes.sessionId == card.sessionId }) {
            activity = existing
            await existing.update(content(card))
            return
        }
        activity = try Activity.request(
            attributes: CallActivityAttributes(sessionId: card.sessionId),
            content: content(card),
            pushType: nil)
    }

    func update(_ card: ActivityCard) async {
        await activity?.update(content(card))
    }

    func end(_ card: ActivityCard) async {
        await activity?.end(content(card), dismissalPolicy: .immediate)
        activity = nil
    }

    /// Ends the activities a killed app left behind, except the open call's (at launch).
    func endLeftovers(keeping sessionId: String?) async {
        for leftover in Activity<CallActivityAttributes>.activities where leftover.attributes.sessionId != sessionId {
            await leftover.end(nil, dismissalPolicy: .immediate)
        }
    }

    private func content(_ card: ActivityCard) -> ActivityContent<ActivityCard> {
        ActivityContent(state: card, staleDate: Date().addingTimeInterval(2 * 3600))
    }
}
