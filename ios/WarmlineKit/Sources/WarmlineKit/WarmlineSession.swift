import Foundation
import WarmlineCore

/// The app's entry point to the core: one per signed-in rep, opened on the database file
/// in the app's container. To sign the rep out, let go of the session, then call
/// `WarmlineSession.signOut(database:)`.
public final class WarmlineSession: Sendable {
    public let leads: LeadsServiceProtocol
    public let queue: QueueServiceProtocol
    public let calls: CallServiceProtocol
    public let sync: SyncServiceProtocol
    /// Redraws the queue when its order changes by itself; held while the session lives.
    private let refresh: RefreshDriverHandle

    private init(core: Warmline) {
        leads = LeadsService(core: core)
        queue = QueueService(core: core)
        calls = CallService(core: core)
        sync = SyncService(core: core)
        refresh = core.startRefreshDriver()
    }

    /// The phone's clock or time zone changed (`NSSystemClockDidChange`,
    /// `NSSystemTimeZoneDidChange`).
    public func clockChanged() {
        refresh.clockChanged()
    }

    /// Opens (creating and migrating as needed) the store at `database`. `timeZone` is the
    /// phone's, used to show times to the rep; `clock` replaces the system clock in tests.
    public static func open(
        database: URL,
        timeZone: TimeZone = .current,
        repFirstName: String? = nil,
        clock: WarmlineClock? = nil
    ) throws -> WarmlineSession {
        let device = DeviceSettings(timeZone: timeZone.identifier, repFirstName: repFirstName)
        guard let clock else {
            return WarmlineSession(core: try Warmline.open(path: database.path, device: device))
        }
        return WarmlineSession(core: try Warmline.openWithClock(path: database.path, device: device, clock: clock))
    }

    /// Signs the rep out: deletes the store at `database`, returning how many changes had
    /// not reached the server and are lost (warn first with `sync.pendingChanges()`). Every
    /// session on it must be released first; one still finishing a sync is waited for up
    /// to 30 s. The app then deletes the device token it keeps in the Keychain.
    public static func signOut(database: URL) async throws -> UInt64 {
        try await WarmlineCore.signOut(path: database.path)
    }
}
