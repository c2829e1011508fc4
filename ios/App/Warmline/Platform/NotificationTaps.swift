import Foundation
import UserNotifications

/// A tapped reminder or new-lead notice opens that lead; notices also show while the app
/// is in front. Only the lead's id crosses into the app's model.
final class NotificationTaps: NSObject, UNUserNotificationCenterDelegate, Sendable {
    static let shared = NotificationTaps()

    func userNotificationCenter(
        _ center: UNUserNotificationCenter,
        didReceive response: UNNotificationResponse
    ) async {
        guard let leadId = response.notification.request.content.userInfo["lead"] as? String else { return }
        await MainActor.run { AppModel.shared.openLead(leadId) }
    }

    func userNotificationCenter(
        _ center: UNUserNotificationCenter,
        willPresent notification: UNNotification
    ) async -> UNNotificationPresentationOptions {
        [.banner, .sound, .list]
    }
}
