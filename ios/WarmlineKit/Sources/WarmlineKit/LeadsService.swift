import Foundation
import WarmlineCore

/// Leads as the app's screens use them. Every rule (phone checks, de-duplication) is in
/// the Rust core; this layer only adapts calls to Swift concurrency. Views depend on the
/// protocol, so previews and tests can substitute their own.
public protocol LeadsServiceProtocol: Sendable {
    /// Stores a lead; throws `WarmlineError` if the core refuses it.
    func add(_ lead: NewLead) async throws -> Lead
    /// Stores many leads; each row is stored or refused on its own.
    func addAll(_ leads: [NewLead]) async throws -> [AddLeadOutcome]
    func lead(id: String) async throws -> Lead
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

    public func changes() -> AsyncStream<[String]> {
        AsyncStream { continuation in
            let handle = core.observeLeads(observer: StreamObserver(continuation))
            continuation.onTermination = { _ in handle.cancel() }
        }
    }
}

/// Forwards core callbacks into an `AsyncStream`.
private final class StreamObserver: LeadsObserver, @unchecked Sendable {
    private let continuation: AsyncStream<[String]>.Continuation

    init(_ continuation: AsyncStream<[String]>.Continuation) {
        self.continuation = continuation
    }

    func onLeadsChanged(leadIds: [String]) {
        continuation.yield(leadIds)
    }
}
