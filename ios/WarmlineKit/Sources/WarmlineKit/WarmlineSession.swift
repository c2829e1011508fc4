import Foundation
import WarmlineCore

/// The app's entry point to the core: one per signed-in rep, opened on the database file
/// in the app's container.
public final class WarmlineSession: Sendable {
    public let leads: LeadsServiceProtocol

    private init(core: Warmline) {
        leads = LeadsService(core: core)
    }

    /// Opens (creating and migrating as needed) the store at `database`.
    public static func open(database: URL, defaultRegion: String = "US") throws -> WarmlineSession {
        let core = try Warmline.open(path: database.path, settings: WarmlineSettings(defaultRegion: defaultRegion))
        return WarmlineSession(core: core)
    }
}
