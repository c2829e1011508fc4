import Foundation
import Network
import WarmlineKit

/// `NetworkMonitoring` on Network: each path update's status.
final class PathMonitorProxy: NetworkMonitoring, @unchecked Sendable {
    private let monitor = NWPathMonitor()
    private let queue = DispatchQueue(label: "app.warmline.path")

    func paths() -> AsyncStream<NetworkPath> {
        let monitor = monitor
        let queue = queue
        return AsyncStream { continuation in
            monitor.pathUpdateHandler = { path in
                continuation.yield(path.status == .satisfied ? .satisfied : .unsatisfied)
            }
            continuation.onTermination = { _ in monitor.cancel() }
            monitor.start(queue: queue)
        }
    }
}
