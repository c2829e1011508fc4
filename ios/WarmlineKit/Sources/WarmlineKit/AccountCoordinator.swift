import Foundation
import WarmlineCore

/// Enrolment and sign-out, wired to the key store and the notifications. The core reads
/// the code or link, talks to the server and wipes the store; this keeps the token where
/// it belongs (the Keychain) and leaves nothing of the rep's behind.
public struct AccountCoordinator: Sendable {
    private let credentials: CredentialStore
    private let notifications: NotificationScheduling

    public init(credentials: CredentialStore, notifications: NotificationScheduling) {
        self.credentials = credentials
        self.notifications = notifications
    }

    /// Whether this phone has credentials (the app opens on enrolment when it has none).
    public func isEnrolled() throws -> Bool {
        try credentials.load() != nil
    }

    /// What the app shows: enrolment until this phone has credentials, the signed-out
    /// screen once the core says the server no longer accepts it, else the screen the
    /// core names (an open call wins).
    public func stage(calls: CallServiceProtocol, sync: SyncServiceProtocol) async throws -> AppStage {
        guard try isEnrolled() else { return .enrolment }
        let screen = try await calls.currentScreen()
        guard case .signedOut = screen, let signedOut = try await sync.signedOut() else {
            return .signedIn(screen)
        }
        return .signedOut(signedOut)
    }

    /// The rep typed a code or opened a `warmline://enrol?…` link: the core reads it
    /// (refusing plain http beyond loopback) and enrols this phone; the token goes to the
    /// key store.
    public func enrol(
        _ text: String,
        defaultServer: String?,
        deviceName: String,
        with sync: SyncServiceProtocol
    ) async throws -> Enrolment {
        let link = try sync.readLink(text, defaultServer: defaultServer)
        let enrolment = try await sync.enrol(server: link.server, code: link.code, deviceName: deviceName)
        try credentials.save(Credentials(server: link.server, token: enrolment.token))
        return enrolment
    }

    /// Signs the rep out once every session on `database` is released: the core deletes
    /// the store, then the token and every pending notification go. Returns how many
    /// changes never reached the server (the settings screen warned of them first).
    public func signOut(database: URL) async throws -> UInt64 {
        let lost = try await WarmlineSession.signOut(database: database)
        try credentials.delete()
        await notifications.removeAll()
        return lost
    }
}

/// The app's top level, from the key store and the core.
public enum AppStage: Sendable, Equatable {
    case enrolment
    case signedIn(AppScreen)
    case signedOut(SignedOutScreen)
}
