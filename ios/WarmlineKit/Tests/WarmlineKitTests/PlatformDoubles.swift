import Foundation
import WarmlineCore
import WarmlineKit
import WarmlineLiveCard

// Hand-written doubles of the platform edges (what the app's CallKit, ActivityKit,
// BackgroundTasks, Keychain, Network and UserNotifications proxies do on a phone), and
// recording wrappers around the kit's real services, so a test sees exactly what was
// forwarded while the real core answers.

/// A value behind a lock, for doubles the coordinators call from any thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func get() -> Value {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func with<T>(_ change: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return change(&value)
    }
}

final class FakeDialer: Dialer {
    let opened = Locked<[URL]>([])
    let accepts: Bool

    init(accepts: Bool = true) { self.accepts = accepts }

    func open(_ url: URL) async -> Bool {
        opened.with { $0.append(url) }
        return accepts
    }
}

final class FakeActivities: LiveActivityHost {
    enum Call: Equatable {
        case start(ActivityCard)
        case update(ActivityCard)
        case end(ActivityCard)
    }

    let calls = Locked<[Call]>([])
    /// Live Activities switched off in Settings: ActivityKit refuses to start one.
    let refuses: Bool

    init(refuses: Bool = false) { self.refuses = refuses }

    struct Refused: Error {}

    func start(_ card: ActivityCard) async throws {
        calls.with { $0.append(.start(card)) }
        if refuses { throw Refused() }
    }
    func update(_ card: ActivityCard) async { calls.with { $0.append(.update(card)) } }
    func end(_ card: ActivityCard) async { calls.with { $0.append(.end(card)) } }

    var updates: [ActivityCard] {
        calls.get().compactMap { call -> ActivityCard? in
            guard case .update(let card) = call else { return nil }
            return card
        }
    }
}

final class FakeScheduler: BackgroundScheduler {
    let booked = Locked<[BackgroundTaskKind: Date]>([:])

    func schedule(_ task: BackgroundTaskKind, earliest: Date) {
        booked.with { $0[task] = earliest }
    }
}

final class FakeKeyStore: KeyStore {
    let items = Locked<[String: Data]>([:])

    func read(_ key: String) throws -> Data? { items.get()[key] }
    func write(_ data: Data, for key: String) throws { items.with { $0[key] = data } }
    func delete(_ key: String) throws { items.with { $0[key] = nil } }
}

/// A stream the test feeds: what `CXCallObserver` or `NWPathMonitor` would report.
final class FakeStream<Element: Sendable>: @unchecked Sendable {
    let stream: AsyncStream<Element>
    private let continuation: AsyncStream<Element>.Continuation

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self)
        self.stream = stream
        self.continuation = continuation
    }

    func send(_ element: Element) { continuation.yield(element) }
    func finish() { continuation.finish() }
}

final class FakeNetwork: NetworkMonitoring {
    let feed = FakeStream<NetworkPath>()
    func paths() -> AsyncStream<NetworkPath> { feed.stream }
}

final class FakeNotifications: NotificationScheduling {
    let reminders = Locked<[[CallbackReminder]]>([])
    let announced = Locked<[NewLeadNotice]>([])
    let cleared = Locked(0)

    func replaceCallbackReminders(_ reminders: [CallbackReminder]) async {
        self.reminders.with { $0.append(reminders) }
    }

    func announce(_ notice: NewLeadNotice) async { announced.with { $0.append(notice) } }
    func removeAll() async { cleared.with { $0 += 1 } }
}

/// Waits (polling, up to five seconds) until `condition` holds.
func eventually(_ condition: @Sendable () -> Bool) async -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return condition()
}

/// The real call service, recording every phone report it forwards.
final class RecordingCalls: CallServiceProtocol {
    struct Report: Equatable {
        let sessionId: String
        let event: PhoneEvent
        let at: Date
    }

    let real: CallServiceProtocol
    let reports = Locked<[Report]>([])
    let intents = Locked<[CallIntent]>([])

    init(_ real: CallServiceProtocol) { self.real = real }

    var events: [PhoneEvent] { reports.get().map(\.event) }

    func dial(leadId: String, capabilities: PhoneCapabilities, confirmOutsideHours: Bool) async throws -> DialResult {
        try await real.dial(leadId: leadId, capabilities: capabilities, confirmOutsideHours: confirmOutsideHours)
    }

    func report(sessionId: String, event: PhoneEvent, at: Date) async throws -> CallScreen {
        reports.with { $0.append(Report(sessionId: sessionId, event: event, at: at)) }
        return try await real.report(sessionId: sessionId, event: event, at: at)
    }

    func cancelDial(sessionId: String) async throws -> CallScreen { try await real.cancelDial(sessionId: sessionId) }
    func setDraft(sessionId: String, text: String) async throws { try await real.setDraft(sessionId: sessionId, text: text) }
    func saveDraft(sessionId: String) async throws -> CallScreen { try await real.saveDraft(sessionId: sessionId) }
    func screen(sessionId: String) async throws -> CallScreen { try await real.screen(sessionId: sessionId) }
    func outcomeSheet(sessionId: String) async throws -> OutcomeSheet { try await real.outcomeSheet(sessionId: sessionId) }
    func currentScreen() async throws -> AppScreen { try await real.currentScreen() }
    func screens(sessionId: String) -> AsyncThrowingStream<CallScreen, Error> { real.screens(sessionId: sessionId) }
    func start(leadId: String) async throws -> PromptCard { try await real.start(leadId: leadId) }
    func connected(sessionId: String, at: Date) async throws -> PromptCard { try await real.connected(sessionId: sessionId, at: at) }
    func ended(sessionId: String, at: Date) async throws -> PromptCard { try await real.ended(sessionId: sessionId, at: at) }

    func send(sessionId: String, intent: CallIntent) async throws -> PromptCard {
        intents.with { $0.append(intent) }
        return try await real.send(sessionId: sessionId, intent: intent)
    }

    func finish(sessionId: String, outcome: Outcome) async throws -> PromptCard { try await real.finish(sessionId: sessionId, outcome: outcome) }
    func openCall() async throws -> PromptCard? { try await real.openCall() }
    func addNote(leadId: String, text: String) async throws -> Note { try await real.addNote(leadId: leadId, text: text) }
    func notes(leadId: String) async throws -> [Note] { try await real.notes(leadId: leadId) }
    func search(_ query: String, limit: UInt32) async throws -> [SearchHit] { try await real.search(query, limit: limit) }
    func script() async throws -> ScriptSummary { try await real.script() }
    func setScript(toml: String) async throws -> ScriptSummary { try await real.setScript(toml: toml) }
}

/// The real sync service, recording what the coordinators asked of it.
final class RecordingSync: SyncServiceProtocol {
    let real: SyncServiceProtocol
    let syncs = Locked<[Credentials]>([])
    let followed = Locked<[Credentials]>([])
    let networkBack = Locked(0)

    init(_ real: SyncServiceProtocol) { self.real = real }

    func enrol(server: String, code: String, deviceName: String) async throws -> Enrolment {
        try await real.enrol(server: server, code: code, deviceName: deviceName)
    }

    func sync(server: String, token: String) async throws -> SyncReport {
        syncs.with { $0.append(Credentials(server: server, token: token)) }
        return try await real.sync(server: server, token: token)
    }

    func pendingChanges() async throws -> UInt64 { try await real.pendingChanges() }
    func status() async throws -> SyncStatus { try await real.status() }
    func screen() async throws -> SyncScreen { try await real.screen() }
    func readLink(_ text: String, defaultServer: String?) throws -> EnrolLink { try real.readLink(text, defaultServer: defaultServer) }
    func settings() async throws -> SettingsScreen { try await real.settings() }
    func signedOut() async throws -> SignedOutScreen? { try await real.signedOut() }

    func stayInSync(server: String, token: String) -> AsyncThrowingStream<SyncScreen, Error> {
        followed.with { $0.append(Credentials(server: server, token: token)) }
        return real.stayInSync(server: server, token: token)
    }

    func networkAvailable() {
        networkBack.with { $0 += 1 }
        real.networkAvailable()
    }
}

/// The real leads service, with the new-lead alerts a test hands it (sync's arrivals
/// need a second team member on a server; what the coordinator does with them does not).
final class LeadsWithArrivals: LeadsServiceProtocol {
    let real: LeadsServiceProtocol
    let arriving = FakeStream<NewLeadAlert>()

    init(_ real: LeadsServiceProtocol) { self.real = real }

    func arrivals() -> AsyncThrowingStream<NewLeadAlert, Error> {
        let stream = arriving.stream
        return AsyncThrowingStream { continuation in
            let task = Task {
                for await alert in stream { continuation.yield(alert) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func add(_ lead: NewLead) async throws -> Lead { try await real.add(lead) }
    func addAll(_ leads: [NewLead]) async throws -> [AddLeadOutcome] { try await real.addAll(leads) }
    func lead(id: String) async throws -> Lead { try await real.lead(id: id) }
    func detail(id: String) async throws -> LeadDetail { try await real.detail(id: id) }
    func recordOutcome(leadId: String, outcome: Outcome) async throws -> Lead { try await real.recordOutcome(leadId: leadId, outcome: outcome) }
    func scheduleCallback(leadId: String, at: Date) async throws -> Lead { try await real.scheduleCallback(leadId: leadId, at: at) }
    func markDoNotCall(leadId: String) async throws -> Lead { try await real.markDoNotCall(leadId: leadId) }
    func atLeadLocalTime(leadId: String, local: String) async throws -> Date { try await real.atLeadLocalTime(leadId: leadId, local: local) }
    func teamSettings() async -> TeamSettings { await real.teamSettings() }
    func list(query: String) async throws -> LeadsScreen { try await real.list(query: query) }
    func screen(leadId: String) async throws -> LeadScreen { try await real.screen(leadId: leadId) }
    func screens(leadId: String) -> AsyncThrowingStream<LeadScreen, Error> { real.screens(leadId: leadId) }
    func upcomingCallbacks(until: Date) async throws -> [Reminder] { try await real.upcomingCallbacks(until: until) }
    func reminders() async throws -> [Reminder] { try await real.reminders() }
    func updateTeamSettings(_ settings: TeamSettings) async throws { try await real.updateTeamSettings(settings) }
    func changes() -> AsyncStream<[String]> { real.changes() }
}
