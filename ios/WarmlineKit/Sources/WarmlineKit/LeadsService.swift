import Foundation
import WarmlineCore

/// Leads and calls as the app's screens use them. Every rule (phone checks,
/// de-duplication, what an outcome does to a lead) is in the Rust core; this layer only
/// adapts calls to Swift concurrency. Views depend on the protocol, so previews and tests
/// can substitute their own. Errors are the core's typed `WarmlineError`.
public protocol LeadsServiceProtocol: Sendable {
    func add(_ lead: NewLead) async throws -> Lead
    /// Stores many leads; each row is stored or refused on its own.
    func addAll(_ leads: [NewLead]) async throws -> [AddLeadOutcome]
    func lead(id: String) async throws -> Lead
    /// The lead with its calls and timeline.
    func detail(id: String) async throws -> LeadDetail
    /// Logs a call made outside a call session (dialled from elsewhere).
    func recordOutcome(leadId: String, outcome: Outcome) async throws -> Lead
    func scheduleCallback(leadId: String, at: Date) async throws -> Lead
    func markDoNotCall(leadId: String) async throws -> Lead
    /// The instant of a wall-clock time in the lead's own zone (`2026-12-02T15:00`).
    func atLeadLocalTime(leadId: String, local: String) async throws -> Date
    func teamSettings() async -> TeamSettings
    /// All leads, or those whose name, company or number contains `query`.
    func list(query: String) async throws -> LeadsScreen
    func screen(leadId: String) async throws -> LeadScreen
    /// The lead screen now and after every change (a note's synced tick included).
    func screens(leadId: String) -> AsyncThrowingStream<LeadScreen, Error>
    /// Promised callbacks until `until`, soonest first: schedule a local notification for each.
    func upcomingCallbacks(until: Date) async throws -> [Reminder]
    /// The callbacks to hold local reminders for now; the core decides how far ahead.
    func reminders() async throws -> [Reminder]
    /// Each lead sync brings to this phone while iterated: show a local notification.
    func arrivals() -> AsyncThrowingStream<NewLeadAlert, Error>
    func updateTeamSettings(_ settings: TeamSettings) async throws
    /// The ids of leads as they change. Iterating observes; ending the iteration stops it.
    func changes() -> AsyncStream<[String]>
}

/// `LeadsServiceProtocol` backed by the Rust core.
public final class LeadsService: LeadsServiceProtocol {
    private let core: Warmline

    init(core: Warmline) {
        self.core = core
    }

    public func add(_ lead: NewLead) async throws -> Lead {
        try core.addLead(lead: lead)
    }

    public func addAll(_ leads: [NewLead]) async throws -> [AddLeadOutcome] {
        try await core.addLeads(leads: leads)
    }

    public func lead(id: String) async throws -> Lead {
        try core.lead(id: id)
    }

    public func detail(id: String) async throws -> LeadDetail {
        try core.leadDetail(id: id)
    }

    public func recordOutcome(leadId: String, outcome: Outcome) async throws -> Lead {
        try core.recordOutcome(leadId: leadId, outcome: outcome)
    }

    public func scheduleCallback(leadId: String, at: Date) async throws -> Lead {
        try core.scheduleCallback(leadId: leadId, at: at)
    }

    public func markDoNotCall(leadId: String) async throws -> Lead {
        try core.markDoNotCall(leadId: leadId)
    }

    public func atLeadLocalTime(leadId: String, local: String) async throws -> Date {
        try core.atLeadLocalTime(leadId: leadId, local: local)
    }

    public func teamSettings() async -> TeamSettings {
        core.teamSettings()
    }

    public func updateTeamSettings(_ settings: TeamSettings) async throws {
        try core.updateTeamSettings(settings: settings)
    }

    public func list(query: String = "") async throws -> LeadsScreen {
        try core.leadsScreen(query: query)
    }

    public func screen(leadId: String) async throws -> LeadScreen {
        try core.leadScreen(leadId: leadId)
    }

    public func screens(leadId: String) -> AsyncThrowingStream<LeadScreen, Error> {
        AsyncThrowingStream { continuation in
            let handle = core.observeLeadScreen(leadId: leadId, observer: LeadScreenStream(continuation))
            continuation.onTermination = { _ in handle.cancel() }
        }
    }

    public func upcomingCallbacks(until: Date) async throws -> [Reminder] {
        try core.upcomingCallbacks(until: until)
    }

    public func reminders() async throws -> [Reminder] {
        try core.reminders()
    }

    public func arrivals() -> AsyncThrowingStream<NewLeadAlert, Error> {
        AsyncThrowingStream { continuation in
            do {
                let handle = try core.observeNewLeads(observer: ArrivalStream(continuation))
                continuation.onTermination = { _ in handle.cancel() }
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    public func changes() -> AsyncStream<[String]> {
        AsyncStream { continuation in
            let handle = core.observeLeads(observer: LeadsStreamObserver(continuation))
            continuation.onTermination = { _ in handle.cancel() }
        }
    }
}

/// Forwards core callbacks into an `AsyncStream`.
private final class LeadsStreamObserver: LeadsObserver, @unchecked Sendable {
    private let continuation: AsyncStream<[String]>.Continuation

    init(_ continuation: AsyncStream<[String]>.Continuation) {
        self.continuation = continuation
    }

    func onLeadsChanged(leadIds: [String]) {
        continuation.yield(leadIds)
    }
}

/// Forwards lead screen states into an `AsyncThrowingStream`.
private final class LeadScreenStream: LeadScreenObserver, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<LeadScreen, Error>.Continuation

    init(_ continuation: AsyncThrowingStream<LeadScreen, Error>.Continuation) {
        self.continuation = continuation
    }

    func onLeadScreen(screen: LeadScreen) {
        continuation.yield(screen)
    }

    func onError(error: WarmlineError) {
        continuation.finish(throwing: error)
    }
}

/// Forwards new-lead alerts into an `AsyncThrowingStream`.
private final class ArrivalStream: NewLeadObserver, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<NewLeadAlert, Error>.Continuation

    init(_ continuation: AsyncThrowingStream<NewLeadAlert, Error>.Continuation) {
        self.continuation = continuation
    }

    func onNewLead(alert: NewLeadAlert) {
        continuation.yield(alert)
    }
}
