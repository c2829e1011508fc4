import Foundation
import WarmlineCore

/// A call walked through the script, for the call screen and the Live Activity. Each
/// function returns the next `PromptCard` to draw; the core has saved the step before it
/// returns, so a killed app resumes with `openCall()`.
public protocol CallServiceProtocol: Sendable {
    /// The rep tapped call. The core refuses a do-not-call lead (`WarmlineError.DoNotCall`)
    /// and asks for confirmation outside the lead's calling hours; otherwise the result
    /// carries the number to open as a `tel:` URL and the call screen.
    func dial(leadId: String, capabilities: PhoneCapabilities, confirmOutsideHours: Bool) async throws -> DialResult
    /// Forwards what `CXCallObserver` and the scene phase reported, with when it happened.
    func report(sessionId: String, event: PhoneEvent, at: Date) async throws -> CallScreen
    /// The rep said the call did not happen.
    func cancelDial(sessionId: String) async throws -> CallScreen
    /// Keeps the quick note as it is typed.
    func setDraft(sessionId: String, text: String) async throws
    /// Saves the typed note to the call.
    func saveDraft(sessionId: String) async throws -> CallScreen
    func screen(sessionId: String) async throws -> CallScreen
    func outcomeSheet(sessionId: String) async throws -> OutcomeSheet
    /// Which screen the app should show (an open call wins after a restart).
    func currentScreen() async throws -> AppScreen
    /// The call screen now and after every change: the call screen and the Live Activity.
    func screens(sessionId: String) -> AsyncThrowingStream<CallScreen, Error>
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

    public func dial(leadId: String, capabilities: PhoneCapabilities, confirmOutsideHours: Bool = false) async throws -> DialResult {
        try core.dial(leadId: leadId, capabilities: capabilities, confirmOutsideHours: confirmOutsideHours)
    }

    public func report(sessionId: String, event: PhoneEvent, at: Date) async throws -> CallScreen {
        try core.phoneReport(sessionId: sessionId, event: event, at: at)
    }

    public func cancelDial(sessionId: String) async throws -> CallScreen {
        try core.cancelDial(sessionId: sessionId)
    }

    public func setDraft(sessionId: String, text: String) async throws {
        try core.setDraft(sessionId: sessionId, text: text)
    }

    public func saveDraft(sessionId: String) async throws -> CallScreen {
        try core.saveDraft(sessionId: sessionId)
    }

    public func screen(sessionId: String) async throws -> CallScreen {
        try core.callScreen(sessionId: sessionId)
    }

    public func outcomeSheet(sessionId: String) async throws -> OutcomeSheet {
        try core.outcomeSheet(sessionId: sessionId)
    }

    public func currentScreen() async throws -> AppScreen {
        try core.currentScreen()
    }

    public func screens(sessionId: String) -> AsyncThrowingStream<CallScreen, Error> {
        AsyncThrowingStream { continuation in
            let handle = core.observeCallScreen(sessionId: sessionId, observer: CallScreenStream(continuation))
            continuation.onTermination = { _ in handle.cancel() }
        }
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

/// Forwards call screen states into an `AsyncThrowingStream`.
private final class CallScreenStream: CallScreenObserver, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<CallScreen, Error>.Continuation

    init(_ continuation: AsyncThrowingStream<CallScreen, Error>.Continuation) {
        self.continuation = continuation
    }

    func onCallScreen(screen: CallScreen) {
        continuation.yield(screen)
    }

    func onError(error: WarmlineError) {
        continuation.finish(throwing: error)
    }
}
