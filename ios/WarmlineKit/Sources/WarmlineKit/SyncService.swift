import Foundation
import WarmlineCore

/// Sync for the app's background task and the "sync now" button. The core pushes, pulls
/// and merges; the app keeps the token in the Keychain and passes it in.
public protocol SyncServiceProtocol: Sendable {
    func enrol(server: String, code: String, deviceName: String) async throws -> Enrolment
    func sync(server: String, token: String) async throws -> SyncReport
    func pendingChanges() async throws -> UInt64
}

public final class SyncService: SyncServiceProtocol {
    private let core: Warmline
    private let transport: HttpTransport

    init(core: Warmline, transport: HttpTransport = URLSessionTransport()) {
        self.core = core
        self.transport = transport
    }

    public func enrol(server: String, code: String, deviceName: String) async throws -> Enrolment {
        try await enrolDevice(transport: transport, server: server, code: code, deviceName: deviceName)
    }

    public func sync(server: String, token: String) async throws -> SyncReport {
        try await core.sync(transport: transport, server: server, token: token)
    }

    public func pendingChanges() async throws -> UInt64 {
        try core.pendingChanges()
    }
}
