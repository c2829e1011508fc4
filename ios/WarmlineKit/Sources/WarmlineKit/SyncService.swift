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
    /// The sync status line.
    func screen() async throws -> SyncScreen
    /// Reads the code the rep typed, or the `warmline://enrol?…` link a manager's QR code
    /// opened; throws `WarmlineError.InvalidInput` naming what is wrong.
    func readLink(_ text: String, defaultServer: String?) throws -> EnrolLink
    func settings() async throws -> SettingsScreen
    /// Why the server signed this phone out and what never reached it; nil while it has not.
    func signedOut() async throws -> SignedOutScreen?
    /// While iterated (an open app), the core's sync driver keeps this phone in sync (long
    /// polls for news, pushes each change at once, backs off as its schedule says); yields
    /// the sync status line whenever it changes.
    func stayInSync(server: String, token: String) -> AsyncThrowingStream<SyncScreen, Error>
    /// `NWPathMonitor` says the network is back: the driver tries now.
    func networkAvailable()
}

public final class SyncService: SyncServiceProtocol {
    private let core: Warmline
    private let transport: HttpTransport
    private let live = LiveDriver()

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

    public func screen() async throws -> SyncScreen {
        try core.syncScreen()
    }

    public func readLink(_ text: String, defaultServer: String? = nil) throws -> EnrolLink {
        try readEnrolLink(text: text, defaultServer: defaultServer)
    }

    public func settings() async throws -> SettingsScreen {
        try core.settingsScreen()
    }

    public func signedOut() async throws -> SignedOutScreen? {
        try core.signedOutScreen()
    }

    public func stayInSync(server: String, token: String) -> AsyncThrowingStream<SyncScreen, Error> {
        let core = core
        let live = live
        let transport = transport
        return AsyncThrowingStream { continuation in
            let driver = core.startSyncDriver(transport: transport, server: server, token: token)
            live.set(driver)
            let handle = core.observeSyncScreen(observer: SyncScreenStream(continuation))
            continuation.onTermination = { _ in
                handle.cancel()
                live.clear(driver)
                driver.cancel()
            }
        }
    }

    public func networkAvailable() {
        live.get()?.networkAvailable()
    }
}

/// The sync driver of the stream being iterated, if any.
private final class LiveDriver: @unchecked Sendable {
    private let lock = NSLock()
    private var driver: SyncDriverHandle?

    func set(_ driver: SyncDriverHandle) {
        lock.lock()
        defer { lock.unlock() }
        self.driver = driver
    }

    func clear(_ driver: SyncDriverHandle) {
        lock.lock()
        defer { lock.unlock() }
        if self.driver === driver { self.driver = nil }
    }

    func get() -> SyncDriverHandle? {
        lock.lock()
        defer { lock.unlock() }
        return driver
    }
}

/// Forwards sync screen states into an `AsyncThrowingStream`.
private final class SyncScreenStream: SyncScreenObserver, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<SyncScreen, Error>.Continuation

    init(_ continuation: AsyncThrowingStream<SyncScreen, Error>.Continuation) {
        self.continuation = continuation
    }

    func onSyncScreen(screen: SyncScreen) {
        continuation.yield(screen)
    }

    func onError(error: WarmlineError) {
        continuation.finish(throwing: error)
    }
}
