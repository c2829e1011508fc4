import Foundation
import WarmlineCore

/// A call walked through the script, for the call screen and the Live Activity. Each
/// function returns the next `PromptCard` to draw; the core has saved the step before it
/// returns, so a killed app resumes with `openCall()`.
public protocol CallServiceProtocol: Sendable {
    /// The rep tapped call on a queue row.
    func start(leadId: String) async throws -> PromptCard
    /// `CXCallObserver` reported the call connected.
    func connected(sessionId: String, at: Date) async throws -> PromptCard
    /// `CXCallObserver` reported the call ended.
    func ended(sessionId: String, at: Date) async throws -> PromptCard
    /// Next, back, skip, a choice, an answer or a quick note.
    func send(sessionId: String, intent: CallIntent) async throws -> PromptCard
    /// The outcome picked after hanging up.
    func finish(sessionId: String, outcome: Outcome) async throws -> PromptCard
    /// The call left open when the app was killed, if any.
    func openCall() async throws -> PromptCard?
    func addNote(leadId: String, text: String) async throws -> Note
    func notes(leadId: String) async throws -> [Note]
    func search(_ query: String, limit: UInt32) async throws -> [SearchHit]
    func script() async throws -> ScriptSummary
    /// Replaces the team's script; throws `WarmlineError.InvalidScript` listing every problem.
    func setScript(toml: String) async throws -> ScriptSummary
}

/// `CallServiceProtocol` backed by the Rust core.
public final class CallService: CallServiceProtocol {
    private let core: Warmline

    init(core: Warmline) {
        self.core = core
    }

    public func start(leadId: String) async throws -> PromptCard {
        try core.startCall(leadId: leadId)
    }

    public func connected(sessionId: String, at: Date) async throws -> PromptCard {
        try core.callConnected(sessionId: sessionId, at: at)
    }

    public func ended(sessionId: String, at: Date) async throws -> PromptCard {
        try core.callEnded(sessionId: sessionId, at: at)
    }

    public func send(sessionId: String, intent: CallIntent) async throws -> PromptCard {
        try core.callIntent(sessionId: sessionId, intent: intent)
    }

    public func finish(sessionId: String, outcome: Outcome) async throws -> PromptCard {
        try core.endCall(sessionId: sessionId, outcome: outcome)
    }

    public func openCall() async throws -> PromptCard? {
        try core.openCall()
    }

    public func addNote(leadId: String, text: String) async throws -> Note {
        try core.addNote(leadId: leadId, text: text)
    }

    public func notes(leadId: String) async throws -> [Note] {
        try core.notes(leadId: leadId)
    }

    public func search(_ query: String, limit: UInt32 = 20) async throws -> [SearchHit] {
        try core.searchNotes(query: query, limit: limit)
    }

    public func script() async throws -> ScriptSummary {
        try core.script()
    }

    public func setScript(toml: String) async throws -> ScriptSummary {
        try core.setScript(toml: toml)
    }
}
