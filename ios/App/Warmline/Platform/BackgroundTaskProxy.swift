import BackgroundTasks
import Foundation
import WarmlineKit

/// `BackgroundScheduler` on BackgroundTasks: books the refresh and processing tasks the
/// Info.plist permits (`BGTaskSchedulerPermittedIdentifiers`), and registers their
/// handlers, which run the kit's `SyncCoordinator`.
struct BackgroundTaskProxy: BackgroundScheduler {
    func schedule(_ task: BackgroundTaskKind, earliest: Date) {
        let request: BGTaskRequest = switch task {
        case .refresh: BGAppRefreshTaskRequest(identifier: task.rawValue)
        case .processing: Self.processing(task)
        }
        request.earliestBeginDate = earliest
        try? BGTaskScheduler.shared.submit(request)
    }

    private static func processing(_ task: BackgroundTaskKind) -> BGProcessingTaskRequest {
        let request = BGProcessingTaskRequest(identifier: task.rawValue)
        request.requiresNetworkConnectivity = true
        return request
    }

    /// Registers both handlers; must run before the app finishes launching.
    static func register(run: @escaping @Sendable (BackgroundTaskKind) async -> Bool) {
        for kind in BackgroundTaskKind.allCases {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: kind.rawValue, using: nil) { task in
                let running = RunningTask(task: task)
                let work = Task { running.task.setTaskCompleted(success: await run(kind)) }
                task.expirationHandler = { work.cancel() }
            }
        }
    }
}

/// `BGTask` is not `Sendable`; iOS takes its completion from any thread.
private struct RunningTask: @unchecked Sendable {
    let task: BGTask
}
