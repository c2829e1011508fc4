import AppIntents
import Foundation
import WarmlineLiveCard

/// Where the Live Activity's buttons go. The app sets `handler` at launch (the intents'
/// `perform` runs in the app's process, started in the background if need be); the
/// widget extension only draws the buttons and never performs them.
enum ActivityButtonRelay {
    @MainActor static var handler: (@MainActor (ActivityButton, String) async -> Void)?

    @MainActor static func send(_ button: ActivityButton, sessionId: String) async {
        await handler?(button, sessionId)
    }
}

struct NextCardIntent: LiveActivityIntent {
    static let title: LocalizedStringResource = "Next"
    static let isDiscoverable = false

    @Parameter(title: "Call") var sessionId: String

    init() {}
    init(sessionId: String) { self.sessionId = sessionId }

    @MainActor func perform() async throws -> some IntentResult {
        await ActivityButtonRelay.send(.next, sessionId: sessionId)
        return .result()
    }
}

struct BackCardIntent: LiveActivityIntent {
    static let title: LocalizedStringResource = "Back"
    static let isDiscoverable = false

    @Parameter(title: "Call") var sessionId: String

    init() {}
    init(sessionId: String) { self.sessionId = sessionId }

    @MainActor func perform() async throws -> some IntentResult {
        await ActivityButtonRelay.send(.back, sessionId: sessionId)
        return .result()
    }
}

struct ChooseCardIntent: LiveActivityIntent {
    static let title: LocalizedStringResource = "Choose"
    static let isDiscoverable = false

    @Parameter(title: "Call") var sessionId: String
    @Parameter(title: "Choice") var choiceId: String

    init() {}
    init(sessionId: String, choiceId: String) {
        self.sessionId = sessionId
        self.choiceId = choiceId
    }

    @MainActor func perform() async throws -> some IntentResult {
        await ActivityButtonRelay.send(.choose(choiceId: choiceId), sessionId: sessionId)
        return .result()
    }
}
