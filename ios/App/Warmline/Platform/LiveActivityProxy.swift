import ActivityKit
import Foundation
import WarmlineKit
import WarmlineLiveCard

/// `LiveActivityHost` on ActivityKit: one activity per call, updated locally. Stale after
/// two hours without an update, so a card left behind by a crash does not linger.
actor LiveActivityProxy: LiveActivityHost {
    private var activity: Activity<CallActivityAttributes>?

    func start(_ card: ActivityCard) async throws {
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

    /// Ends activities a killed app left behind (called once at launch).
    func endLeftovers() async {
        for leftover in Activity<CallActivityAttributes>.activities {
            await leftover.end(nil, dismissalPolicy: .immediate)
        }
    }

    private func content(_ card: ActivityCard) -> ActivityContent<ActivityCard> {
        ActivityContent(state: card, staleDate: Date().addingTimeInterval(2 * 3600))
    }
}
