import Foundation

/// What the call's Live Activity shows on the Lock Screen and in the Dynamic Island: the
/// script card the core is on, cut to what fits. It is the activity's `ContentState`, so
/// it stays plain data (no core types): the widget extension links this target alone.
///
/// ActivityKit refuses content over 4 KB (static and dynamic data together), so every
/// text is clipped to a number of UTF-8 bytes here, at a character boundary; the budgets
/// add up to under half the limit, leaving room for JSON's escaping. `ActivityCardTests`
/// checks the worst case.
public struct ActivityCard: Codable, Hashable, Sendable {
    public struct Choice: Codable, Hashable, Sendable {
        public let id: String
        public let label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = ActivityCard.clip(label, to: Limits.choiceBytes)
        }
    }

    /// UTF-8 budgets that keep the encoded card under ActivityKit's 4 KB.
    public enum Limits {
        public static let payloadBytes = 4096
        public static let titleBytes = 100
        public static let lineBytes = 900
        public static let tipBytes = 300
        public static let choiceBytes = 60
        /// The Lock Screen has room for three buttons beside Back and Next.
        public static let choices = 3
    }

    public let sessionId: String
    public let leadName: String
    public let title: String
    /// The line to say now (the card's lines, joined).
    public let line: String
    public let tip: String?
    public let choices: [Choice]
    public let stageNumber: Int
    public let stageCount: Int
    public let canGoBack: Bool
    public let canGoNext: Bool
    public let onHold: Bool
    /// When the lead picked up, for the system's own running timer (no updates needed).
    public let answeredAt: Date?

    public init(
        sessionId: String,
        leadName: String,
        title: String,
        lines: [String],
        tip: String?,
        choices: [Choice],
        stageNumber: Int,
        stageCount: Int,
        canGoBack: Bool,
        canGoNext: Bool,
        onHold: Bool,
        answeredAt: Date?
    ) {
        self.sessionId = sessionId
        self.leadName = Self.clip(leadName, to: Limits.titleBytes)
        self.title = Self.clip(title, to: Limits.titleBytes)
        self.line = Self.clip(lines.joined(separator: " "), to: Limits.lineBytes)
        self.tip = tip.map { Self.clip($0, to: Limits.tipBytes) }
        self.choices = Array(choices.prefix(Limits.choices))
        self.stageNumber = stageNumber
        self.stageCount = stageCount
        self.canGoBack = canGoBack
        self.canGoNext = canGoNext
        self.onHold = onHold
        self.answeredAt = answeredAt
    }

    /// The bytes ActivityKit is handed (JSON, as it encodes the state).
    public func encodedSize() throws -> Int {
        try JSONEncoder().encode(self).count
    }

    /// `text`, or its longest prefix of whole characters that fits `bytes` with an ellipsis.
    static func clip(_ text: String, to bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var kept = ""
        var used = "…".utf8.count
        for character in text {
            used += character.utf8.count
            guard used <= bytes else { break }
            kept.append(character)
        }
        return kept + "…"
    }
}

/// A button on the Live Activity; the app's `LiveActivityIntent`s carry one.
public enum ActivityButton: Codable, Hashable, Sendable {
    case next
    case back
    case choose(choiceId: String)
}
