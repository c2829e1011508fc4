import Foundation
import WarmlineCore
import WarmlineLiveCard

/// The call, wired to the phone: the tap on call hands the core's number to the dialer,
/// every change `CXCallObserver` and the scene phase report goes to the core as a phone
/// event, and the Live Activity shows the card of each call screen the core gives. What a
/// report means, which card is current and which screen follows are the core's answers.
public actor CallCoordinator {
    /// What an iPhone reports: call states and whether the lead picked up.
    public static let iPhone = PhoneCapabilities(callStates: true, answerState: true)

    private let calls: CallServiceProtocol
    private let dialer: Dialer
    private let activities: LiveActivityHost
    private let now: @Sendable () -> Date
    /// The card the Live Activity shows, if one is up.
    private var shown: ActivityCard?

    public init(
        calls: CallServiceProtocol,
        dialer: Dialer,
        activities: LiveActivityHost,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.calls = calls
        self.dialer = dialer
        self.activities = activities
        self.now = now
    }

    /// The rep tapped call (again with `confirmOutsideHours` once the rep confirmed). When
    /// the core says dial, the Live Activity starts (ActivityKit only starts one while the
    /// app is in front) and the `tel:` URL opens; a do-not-call lead throws.
    public func call(leadId: String, confirmOutsideHours: Bool = false) async throws -> DialResult {
        let result = try await calls.dial(
            leadId: leadId, capabilities: Self.iPhone, confirmOutsideHours: confirmOutsideHours)
        guard case .dialling(let number, let screen) = result else { return result }
        let url = try Self.telURL(number)
        await show(screen)
        if await dialer.open(url) {
            let opened = try await calls.report(sessionId: screen.sessionId, event: .dialerOpened, at: now())
            await show(opened)
        }
        return result
    }

    /// `CXCallObserver` reported a change: forwarded to the open call, if there is one.
    @discardableResult
    public func callChanged(_ call: ObservedCall) async throws -> CallScreen? {
        guard let event = call.phoneEvent else { return nil }
        return try await report(event, at: call.at)
    }

    /// The scene phase changed: forwarded to the open call, if there is one.
    @discardableResult
    public func scenePhase(_ phase: ScenePhaseChange) async throws -> CallScreen? {
        guard let event = phase.phoneEvent else { return nil }
        return try await report(event, at: now())
    }

    /// A button on the Live Activity (its `LiveActivityIntent` runs in the app's process).
    @discardableResult
    public func button(_ button: ActivityButton, sessionId: String) async throws -> CallScreen {
        _ = try await calls.send(sessionId: sessionId, intent: button.intent)
        let screen = try await calls.screen(sessionId: sessionId)
        await show(screen)
        return screen
    }

    /// The rep backed out of the dialer ("I didn't call").
    @discardableResult
    public func cancel(sessionId: String) async throws -> CallScreen {
        let screen = try await calls.cancelDial(sessionId: sessionId)
        await show(screen)
        return screen
    }

    /// Keeps the Live Activity on the card of every call screen the core delivers, until
    /// the stream ends or the task is cancelled. Run it while a call is open.
    public func follow(sessionId: String) async throws {
        for try await screen in calls.screens(sessionId: sessionId) {
            await show(screen)
        }
    }

    /// Puts the card of `screen` on the Live Activity: started for a call in progress,
    /// updated only when what it shows changed (a typed note changes the screen, not the
    /// card, and must not spend ActivityKit's update budget), ended with the call.
    public func show(_ screen: CallScreen) async {
        switch screen.view {
        case .inCall:
            let card = ActivityCard(screen)
            guard card != shown else { return }
            let running = shown != nil
            shown = card
            if running {
                await activities.update(card)
            } else {
                try? await activities.start(card)
            }
        case .outcomeSheet, .closed:
            guard let last = shown else { return }
            shown = nil
            await activities.end(last)
        }
    }

    /// The card the Live Activity shows now, if any.
    public var activityCard: ActivityCard? { shown }

    private func report(_ event: PhoneEvent, at: Date) async throws -> CallScreen? {
        guard let sessionId = try await calls.currentScreen().openSessionId else { return nil }
        let screen = try await calls.report(sessionId: sessionId, event: event, at: at)
        await show(screen)
        return screen
    }

    static func telURL(_ number: String) throws -> URL {
        guard let url = URL(string: "tel:\(number)") else {
            throw WarmlineError.InvalidInput(field: "number", detail: "\(number) is not a number to dial")
        }
        return url
    }
}

extension AppScreen {
    /// The call a phone report belongs to: the one on screen, in call or at its outcome.
    public var openSessionId: String? {
        switch self {
        case .call(let sessionId), .outcome(let sessionId): sessionId
        case .queue, .signedOut: nil
        }
    }
}

extension ActivityButton {
    /// The call intent the button sends.
    public var intent: CallIntent {
        switch self {
        case .next: .next
        case .back: .back
        case .choose(let choiceId): .choose(choiceId: choiceId)
        }
    }
}

extension ActivityCard {
    /// The card of a call screen, as the Live Activity shows it.
    public init(_ screen: CallScreen) {
        self.init(
            sessionId: screen.sessionId,
            leadName: screen.lead.name,
            title: screen.card.title,
            lines: screen.card.lines,
            tip: screen.card.tip,
            choices: screen.card.choices.map { Choice(id: $0.id, label: $0.label) },
            stageNumber: Int(screen.card.stageNumber),
            stageCount: Int(screen.card.stageCount),
            canGoBack: screen.card.canGoBack,
            canGoNext: screen.card.canGoNext,
            onHold: screen.onHold,
            answeredAt: screen.answeredAt
        )
    }
}
