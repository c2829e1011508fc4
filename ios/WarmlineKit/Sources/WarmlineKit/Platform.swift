import Foundation
import WarmlineCore
import WarmlineLiveCard

// The iPhone's platform edges, as protocols. Their Apple implementations (UIKit's
// `open(_:)`, CallKit's `CXCallObserver`, ActivityKit, BackgroundTasks, the Keychain,
// `NWPathMonitor`, UserNotifications) live in the app target, each a small proxy; the
// coordinators in this package wire them to the core and are tested on Linux with
// hand-written doubles. Nothing here decides anything about leads, calls or sync.

/// Hands a URL to the system: the `tel:` URL of the number the core gave.
public protocol Dialer: Sendable {
    /// Whether the system took the URL (on iPhone, the "Call …?" confirmation is up).
    func open(_ url: URL) async -> Bool
}

/// One change `CXCallObserver` reported, as its flags, stamped when it was told.
public struct ObservedCall: Sendable, Equatable {
    public var isOutgoing: Bool
    public var hasConnected: Bool
    public var isOnHold: Bool
    public var hasEnded: Bool
    public var at: Date

    public init(isOutgoing: Bool, hasConnected: Bool, isOnHold: Bool, hasEnded: Bool, at: Date) {
        self.isOutgoing = isOutgoing
        self.hasConnected = hasConnected
        self.isOnHold = isOnHold
        self.hasEnded = hasEnded
        self.at = at
    }

    /// The phone event this change is, as `docs/phone-events.md` lists them for iOS; `nil`
    /// for a call the rep did not place (an incoming call is not the dial).
    public var phoneEvent: PhoneEvent? {
        switch (isOutgoing, hasEnded, isOnHold, hasConnected) {
        case (false, _, _, _): nil
        case (true, true, _, _): .callEnded(measuredSeconds: nil)
        case (true, false, true, _): .callHeld
        case (true, false, false, true): .callActive
        case (true, false, false, false): .callDialing
        }
    }
}

/// Each change of a call the phone reports (`CXCallObserver`'s delegate).
public protocol CallObserving: Sendable {
    func changes() -> AsyncStream<ObservedCall>
}

/// SwiftUI's scene phase, as the kit receives it.
public enum ScenePhaseChange: Sendable, Equatable {
    case active
    case inactive
    case background

    /// The phone event it is (`inactive` is a passing state: the app switcher, a sheet).
    public var phoneEvent: PhoneEvent? {
        switch self {
        case .active: .appForeground
        case .background: .appBackground
        case .inactive: nil
        }
    }
}

/// The call's Live Activity (ActivityKit). The coordinator starts it once, updates it only
/// when the card changed, and ends it.
public protocol LiveActivityHost: Sendable {
    func start(_ card: ActivityCard) async throws
    func update(_ card: ActivityCard) async
    func end(_ card: ActivityCard) async
}

/// The two background tasks that run the core's sync while the app is not open.
public enum BackgroundTaskKind: String, Sendable, CaseIterable {
    /// `BGAppRefreshTask`: a short sync when iOS lets the app refresh.
    case refresh = "app.warmline.sync.refresh"
    /// `BGProcessingTask` with network required: a longer push of what piled up offline.
    case processing = "app.warmline.sync.processing"
}

/// Books background tasks with `BGTaskScheduler`.
public protocol BackgroundScheduler: Sendable {
    func schedule(_ task: BackgroundTaskKind, earliest: Date)
}

/// Secrets in the Keychain (`kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly`).
public protocol KeyStore: Sendable {
    func read(_ key: String) throws -> Data?
    func write(_ data: Data, for key: String) throws
    func delete(_ key: String) throws
}

/// Whether the phone can reach the network (`NWPathMonitor`'s path status).
public enum NetworkPath: Sendable, Equatable {
    case satisfied
    case unsatisfied
}

/// Each network path change.
public protocol NetworkMonitoring: Sendable {
    func paths() -> AsyncStream<NetworkPath>
}

/// A promised callback to remind the rep of, at its time.
public struct CallbackReminder: Sendable, Equatable {
    public let id: String
    public let leadId: String
    public let leadName: String
    public let at: Date

    public init(_ reminder: Reminder) {
        id = "callback-\(reminder.lead.leadId)-\(Int64(reminder.at.timeIntervalSince1970))"
        leadId = reminder.lead.leadId
        leadName = reminder.lead.name
        at = reminder.at
    }
}

/// A lead sync just brought, to announce at once.
public struct NewLeadNotice: Sendable, Equatable {
    public let leadId: String
    public let leadName: String
    public let askedAbout: String?

    public init(_ alert: NewLeadAlert) {
        leadId = alert.lead.leadId
        leadName = alert.lead.name
        askedAbout = alert.lead.askedAbout
    }
}

/// Local notifications (UserNotifications).
public protocol NotificationScheduling: Sendable {
    /// Replaces every pending callback reminder with these.
    func replaceCallbackReminders(_ reminders: [CallbackReminder]) async
    func announce(_ notice: NewLeadNotice) async
    /// Sign-out: nothing about the rep's leads stays on the phone.
    func removeAll() async
}
