import Foundation
import Observation
import UIKit
import WarmlineCore
import WarmlineKit
import WarmlineLiveCard

/// The app's one model: opens the core, gives the kit's coordinators their Apple proxies,
/// and holds what the root view routes on. It forwards taps and platform events and keeps
/// the core's answers; it decides nothing itself.
@MainActor
@Observable
final class AppModel {
    static let shared = AppModel()

    enum Stage {
        case starting
        case enrolment
        case signedIn(WarmlineSession)
        case signedOut(SignedOutScreen)
    }

    /// A dial the core wants the rep to confirm (outside the lead's calling hours).
    struct Confirmation: Identifiable {
        let id: String
        let reason: String
    }

    private(set) var stage: Stage = .starting
    /// Which screen the core says to show; an open call wins.
    private(set) var route: AppScreen = .queue
    /// The sync status line, from the core's driver while the app is in front.
    private(set) var syncLine: SyncScreen?
    var confirmation: Confirmation?
    /// A lead whose reminder or notice the rep tapped: shown over the tabs.
    var openedLead: LeadRoute?
    /// The last error, shown once.
    var failure: String?

    private let credentials = CredentialStore(keys: KeychainStore())
    private let notifications = NotificationProxy()
    private let activities = LiveActivityProxy()
    private let callObserver = CallObserverProxy()
    private let network = PathMonitorProxy()
    private var session: WarmlineSession?
    private var calls: CallCoordinator?
    private var sync: SyncCoordinator?
    private var reminders: ReminderCoordinator?
    private var following: [Task<Void, Never>] = []
    private var foreground: Task<Void, Never>?
    private var launching: Task<Void, Never>?

    private static var database: URL {
        URL.applicationSupportDirectory.appending(path: "warmline.db")
    }

    private var account: AccountCoordinator {
        AccountCoordinator(credentials: credentials, notifications: notifications)
    }

    // MARK: Launch and lifecycle

    func launch() {
        launching = Task {
            await open()
            await activities.endLeftovers(keeping: route.openSessionId)
        }
    }

    private func open() async {
        await run {
            try FileManager.default.createDirectory(at: .applicationSupportDirectory, withIntermediateDirectories: true)
            let session = try WarmlineSession.open(database: Self.database)
            self.session = session
            self.calls = CallCoordinator(calls: session.calls, dialer: SystemDialer(), activities: self.activities)
            self.sync = SyncCoordinator(
                sync: session.sync, credentials: self.credentials, scheduler: BackgroundTaskProxy(), network: self.network)
            self.reminders = ReminderCoordinator(leads: session.leads, notifications: self.notifications)
            self.follow()
            self.startForeground()
        }
    }

    /// What runs as long as the core is open: call-state changes, reminders, arrivals,
    /// the network coming back.
    private func follow() {
        let (calls, reminders, sync, observer) = (calls, reminders, sync, callObserver)
        following = [
            Task {
                for await change in observer.changes() {
                    self.perform { _ = try await calls?.callChanged(change) }
                }
            },
            Task { try? await reminders?.follow() },
            Task { try? await reminders?.announceArrivals() },
            Task { await sync?.followNetwork() },
        ]
    }

    func scenePhase(_ change: ScenePhaseChange) {
        let calls = calls
        perform { _ = try await calls?.scenePhase(change) }
        switch change {
        case .active: startForeground()
        case .background: stopForeground()
        case .inactive: break
        }
    }

    /// The core's sync driver long-polls while the app is in front (from enrolment on).
    private func startForeground() {
        foreground?.cancel()
        guard let sync else { return }
        foreground = Task {
            do {
                for try await line in try await sync.stayInSync() {
                    self.syncLine = line
                    await self.refreshRoute()
                }
            } catch {
                self.failure = String(describing: error)
            }
        }
    }

    /// In the background the tasks take over, booked when the core says.
    private func stopForeground() {
        foreground?.cancel()
        foreground = nil
        let sync = sync
        Task { await sync?.scheduleNext() }
    }

    func runBackgroundTask(_ kind: BackgroundTaskKind) async -> Bool {
        await launching?.value
        return await sync?.runBackgroundTask(kind) ?? false
    }

    func clockChanged() {
        session?.clockChanged()
    }

    // MARK: Intents

    /// The rep tapped call on a lead (again with `confirmed` after the core asked).
    func call(_ leadId: String, confirmed: Bool = false) {
        let calls = calls
        confirmation = nil
        perform {
            let result = try await calls?.call(leadId: leadId, confirmOutsideHours: confirmed)
            if case .needsConfirmation(let lead, let reason, _) = result {
                self.confirmation = Confirmation(id: lead.leadId, reason: reason)
            }
        }
    }

    /// A tapped notification named this lead.
    func openLead(_ leadId: String) {
        openedLead = LeadRoute(id: leadId)
    }

    func cancelDial(_ sessionId: String) {
        let calls = calls
        perform { _ = try await calls?.cancel(sessionId: sessionId) }
    }

    /// A Live Activity button; the intent returns once the activity shows the next card.
    func activityButton(_ button: ActivityButton, sessionId: String) async {
        await launching?.value
        do {
            _ = try await calls?.button(button, sessionId: sessionId)
        } catch {
            failure = String(describing: error)
        }
        await refreshRoute()
    }

    /// Keeps the Live Activity on the core's card while the call screen is up.
    func followCall(_ sessionId: String) async {
        try? await calls?.follow(sessionId: sessionId)
    }

    func openLink(_ url: URL) {
        enrol(url.absoluteString)
    }

    func enrol(_ text: String) {
        guard let session else { return }
        let account = account
        perform {
            _ = try await account.enrol(
                text, defaultServer: nil, deviceName: UIDevice.current.name, with: session.sync)
            self.startForeground()
            await self.notifications.requestPermission()
        }
    }

    /// Lets go of the core, then signs out (the settings screen warned of unsynced work).
    func signOut() {
        following.forEach { $0.cancel() }
        following = []
        foreground?.cancel()
        foreground = nil
        (calls, sync, reminders, session) = (nil, nil, nil, nil)
        stage = .starting
        let account = account
        perform {
            _ = try await account.signOut(database: Self.database)
            await self.open()
        }
    }

    /// Runs a forwarded intent, then asks the core which screen to show.
    func perform(_ work: @escaping @MainActor () async throws -> Void) {
        Task { await run(work) }
    }

    private func run(_ work: @MainActor () async throws -> Void) async {
        do {
            try await work()
        } catch {
            failure = String(describing: error)
        }
        await refreshRoute()
    }

    /// Asks the kit (the key store, then the core) what to show.
    private func refreshRoute() async {
        guard let session else { return }
        do {
            switch try await account.stage(calls: session.calls, sync: session.sync) {
            case .enrolment: stage = .enrolment
            case .signedIn(let screen): (stage, route) = (.signedIn(session), screen)
            case .signedOut(let screen): stage = .signedOut(screen)
            }
        } catch {
            failure = String(describing: error)
        }
    }
}
