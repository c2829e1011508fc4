import SwiftUI
import WarmlineKit

/// The app: one model, the root view, and the platform events it forwards: scene phase
/// changes, `warmline://enrol?…` links a manager's QR code opens, clock changes.
@main
struct WarmlineApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var delegate
    @Environment(\.scenePhase) private var scenePhase
    private let model = AppModel.shared

    var body: some Scene {
        WindowGroup {
            RootView()
                .environment(model)
                .onOpenURL { url in model.openLink(url) }
                .onReceive(NotificationCenter.default.publisher(for: .NSSystemClockDidChange)) { _ in
                    model.clockChanged()
                }
                .onReceive(NotificationCenter.default.publisher(for: .NSSystemTimeZoneDidChange)) { _ in
                    model.clockChanged()
                }
        }
        .onChange(of: scenePhase) { _, phase in
            model.scenePhase(ScenePhaseChange(phase))
        }
    }
}

extension ScenePhaseChange {
    init(_ phase: ScenePhase) {
        self = switch phase {
        case .active: .active
        case .background: .background
        default: .inactive
        }
    }
}
