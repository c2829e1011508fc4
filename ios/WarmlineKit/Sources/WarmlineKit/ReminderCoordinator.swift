import Foundation
import WarmlineCore

/// Local notifications, wired to the core: the promised callbacks the core lists are the
/// pending reminders (replaced whenever the leads change), and each lead sync brings is
/// announced. Which callbacks are due is the core's answer.
public actor ReminderCoordinator {
    /// iOS keeps at most 64 pending local notifications per app.
    public static let pendingLimit = 64

    private let leads: LeadsServiceProtocol
    private let notifications: NotificationScheduling

    public init(leads: LeadsServiceProtocol, notifications: NotificationScheduling) {
        self.leads = leads
        self.notifications = notifications
    }

    /// Books a reminder for each promised callback the core lists (it decides how far
    /// ahead), soonest first, as many as iOS holds.
    public func refresh() async throws {
        let upcoming = try await leads.reminders()
        await notifications.replaceCallbackReminders(upcoming.prefix(Self.pendingLimit).map(CallbackReminder.init))
    }

    /// Refreshes now and after every change to the leads, until cancelled.
    public func follow() async throws {
        let changes = leads.changes()
        try await refresh()
        for await _ in changes {
            try await refresh()
        }
    }

    /// Announces each lead sync brings, until the stream ends or the task is cancelled.
    public func announceArrivals() async throws {
        for try await alert in leads.arrivals() {
            await notifications.announce(NewLeadNotice(alert))
        }
    }
}
