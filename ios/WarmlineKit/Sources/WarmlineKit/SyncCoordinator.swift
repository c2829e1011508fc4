import Foundation
import WarmlineCore

/// Sync, wired to the phone: while the app is open the core's sync driver long-polls and
/// pushes (and hears when `NWPathMonitor` says the network is back); while it is not,
/// each background task runs one sync and books the next at the instant the core's
/// schedule names. When to try, how to back off and what to send are the core's.
public actor SyncCoordinator {
    private let sync: SyncServiceProtocol
    private let credentials: CredentialStore
    private let scheduler: BackgroundScheduler
    private let network: NetworkMonitoring

    public init(
        sync: SyncServiceProtocol,
        credentials: CredentialStore,
        scheduler: BackgroundScheduler,
        network: NetworkMonitoring
    ) {
        self.sync = sync
        self.credentials = credentials
        self.scheduler = scheduler
        self.network = network
    }

    /// The app is in front: the core's driver keeps the phone in sync while the stream is
    /// iterated; it yields the sync status line. Empty before enrolment.
    public func stayInSync() throws -> AsyncThrowingStream<SyncScreen, Error> {
        guard let stored = try credentials.load() else {
            return AsyncThrowingStream { $0.finish() }
        }
        return sync.stayInSync(server: stored.server, token: stored.token)
    }

    /// Tells the driver each time the network comes back, until the monitor's stream ends
    /// or the task is cancelled.
    public func followNetwork() async {
        for await path in network.paths() where path == .satisfied {
            sync.networkAvailable()
        }
    }

    /// A background task fired: one sync with the stored credentials, then both tasks
    /// booked again. Returns whether the sync went through (`setTaskCompleted(success:)`).
    public func runBackgroundTask(_ task: BackgroundTaskKind) async -> Bool {
        let synced = await syncOnce()
        await scheduleNext()
        return synced
    }

    /// Books the refresh and processing tasks at the core's next attempt.
    public func scheduleNext() async {
        guard let next = try? await sync.status().nextAttemptAt else { return }
        for task in BackgroundTaskKind.allCases {
            scheduler.schedule(task, earliest: next)
        }
    }

    private func syncOnce() async -> Bool {
        guard let stored = try? credentials.load() else { return false }
        do {
            _ = try await sync.sync(server: stored.server, token: stored.token)
            return true
        } catch {
            return false
        }
    }
}
