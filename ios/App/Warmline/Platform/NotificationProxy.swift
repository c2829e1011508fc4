import Foundation
import UserNotifications
import WarmlineKit

/// `NotificationScheduling` on UserNotifications. Reminders carry the lead's name only,
/// never a number or a note, since they show on the Lock Screen.
struct NotificationProxy: NotificationScheduling {
    private var center: UNUserNotificationCenter { .current() }

    func requestPermission() async {
        _ = try? await center.requestAuthorization(options: [.alert, .sound, .badge])
    }

    func replaceCallbackReminders(_ reminders: [CallbackReminder]) async {
        let pending = await center.pendingNotificationRequests().map(\.identifier)
        center.removePendingNotificationRequests(withIdentifiers: pending.filter { $0.hasPrefix("callback-") })
        for reminder in reminders {
            try? await center.add(request(reminder))
        }
    }

    func announce(_ notice: NewLeadNotice) async {
        let content = UNMutableNotificationContent()
        content.title = String(localized: "New lead: \(notice.leadName)")
        content.body = notice.askedAbout.map { String(localized: "Asked about \($0)") } ?? ""
        content.sound = .default
        content.userInfo = ["lead": notice.leadId]
        try? await center.add(UNNotificationRequest(identifier: "lead-\(notice.leadId)", content: content, trigger: nil))
    }

    func removeAll() async {
        center.removeAllPendingNotificationRequests()
        center.removeAllDeliveredNotifications()
    }

    private func request(_ reminder: CallbackReminder) -> UNNotificationRequest {
        let content = UNMutableNotificationContent()
        content.title = String(localized: "Call back \(reminder.leadName)")
        content.body = String(localized: "You promised to call now.")
        content.sound = .default
        content.userInfo = ["lead": reminder.leadId]
        let when = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: reminder.at)
        let trigger = UNCalendarNotificationTrigger(dateMatching: when, repeats: false)
        return UNNotificationRequest(identifier: reminder.id, content: content, trigger: trigger)
    }
}
