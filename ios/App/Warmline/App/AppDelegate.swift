import UIKit
import WarmlineKit

/// Registers the background sync tasks (iOS requires it before launch finishes) and the
/// Live Activity's button handler.
final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        BackgroundTaskProxy.register { kind in await AppModel.shared.runBackgroundTask(kind) }
        ActivityButtonRelay.handler = { button, sessionId in
            await AppModel.shared.activityButton(button, sessionId: sessionId)
        }
        AppModel.shared.launch()
        return true
    }
}
