import UIKit
import UserNotifications
import WarmlineKit

/// Registers the background sync tasks (iOS requires it before launch finishes), the
/// Live Activity's button handler and who hears of tapped notifications.
final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        BackgroundTaskProxy.register { kind in await AppModel.shared.runBackgroundTask(kind) }
        UNUserNotificationCenter.current().delegate = NotificationTaps.shared
        ActivityButtonRelay.handler = { button, sessionId in
            await AppModel.shared.activityButton(button, sessionId: sessionId)
        }
        AppModel.shared.launch()
        return true
    }
}
