import Foundation
import WarmlineCore

/// Sync for the app's background task, the "sync now" button and an open app. The core
/// pushes, pulls, merges and decides when to try again; the app keeps the token in the
/// Keychain and passes it in.
public protocol SyncServiceProtocol: Sendable {
    /// Exchanges a manager's one-time code for this phone's token and names (keep the token
    /// in the Keychain); the core remembers whose phone it is. After a `DeviceRevoked`,
    /// enrol again here to keep the unsynced changes, or sign out with
    /// `WarmlineSession.signOut(database:)`.
    func enrol(server: String, code: String, deviceName: String) async throws -> Enrolment
    func sync(server: String, token: String) async throws -> SyncReport
    func pendingChanges() async throws -> UInt64
    func status() async throws -> SyncStatus
    /// While iterated (an open app), keeps this phone in sync: waits until the core's
    /// `nextAttemptAt` (now, or a back-off after failures), syncs with a long poll so news
    /// arrives within a second or so, and yields the status after each attempt.
    func stayInSync(server: String, token: String) -> AsyncThrowingStream<SyncStatus, Error>
}

public final class SyncService: SyncServiceProtocol {
    private static let longPollSeconds: UInt32 = 25

    private let core: Warmline
    private let transport: HttpTransport

    init(core: Warmline, transport: HttpTransport = URLSessionTransport()) {
        self.core = core
        self.transport = transport
    }

    public func enrol(server: String, code: String, deviceName: String) async throws -> Enrolment {
        try await core.enrol(transport: transport, server: server, code: code, deviceName: deviceName)
    }

    public func sync(server: String, token: String) async throws -> SyncReport {
        try await core.sync(transport: transport, server: server, token: token)
    }

    public func pendingChanges() async throws -> UInt64 {
        try core.pendingChanges()
    }

    public func status() async throws -> SyncStatus {
        try core.syncStatus()
    }

    public func stayInSync(server: String, token: String) -> AsyncThrowingStream<SyncStatus, Error> {
        let core = core
        let transport = transport
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    while !Task.isCancelled {
                        let wait = max(0, try core.syncStatus().nextAttemptAt.timeIntervalSinceNow)
                        try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                        // A failure is recorded by the core with its back-off; the status
                        // below carries it.
                        _ = try? await core.syncWaiting(
                            transport: transport, server: server, token: token,
                            waitSeconds: Self.longPollSeconds)
                        continuation.yield(try core.syncStatus())
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
