import Foundation
import XCTest
import WarmlineLiveCard

/// The Live Activity's content stays under ActivityKit's 4 KB whatever the script says.
final class ActivityCardTests: XCTestCase {
    private func card(text: String, choices: Int) -> ActivityCard {
        ActivityCard(
            sessionId: "0192f1c4-9a7e-7c3e-b1a2-3f4e5d6c7b8a",
            leadName: text,
            title: text,
            lines: [text, text, text],
            tip: text,
            choices: (0..<choices).map { ActivityCard.Choice(id: "choice_\($0)", label: text) },
            stageNumber: 12,
            stageCount: 12,
            canGoBack: true,
            canGoNext: true,
            onHold: false,
            answeredAt: Date(timeIntervalSince1970: 1_796_137_200))
    }

    func testTheWorstCardFitsActivityKitsPayload() throws {
        // Quotes and slashes double in JSON; emoji are four bytes and more.
        for unit in ["\"", "/", "👩‍👩‍👧‍👦", "é", "a"] {
            let worst = card(text: String(repeating: unit, count: 5000), choices: 9)
            XCTAssertLessThanOrEqual(try worst.encodedSize(), ActivityCard.Limits.payloadBytes, unit)
            XCTAssertEqual(worst.choices.count, ActivityCard.Limits.choices)
            XCTAssertTrue(worst.line.hasSuffix("…"))
            XCTAssertLessThanOrEqual(worst.line.utf8.count, ActivityCard.Limits.lineBytes)
        }
    }

    func testShortTextIsKeptWholeAndLongTextIsCutAtACharacter() {
        let short = card(text: "Is now a good time?", choices: 2)
        XCTAssertEqual(short.title, "Is now a good time?")
        XCTAssertEqual(short.line, "Is now a good time? Is now a good time? Is now a good time?")
        let family = card(text: String(repeating: "👩‍👩‍👧‍👦", count: 100), choices: 0)
        XCTAssertTrue(family.title.dropLast().allSatisfy { $0 == "👩‍👩‍👧‍👦" }, "cut inside a character")
    }

    func testTheCardRoundTripsAsActivityKitStoresIt() throws {
        let original = card(text: "Hi Ann", choices: 3)
        let decoded = try JSONDecoder().decode(ActivityCard.self, from: JSONEncoder().encode(original))
        XCTAssertEqual(decoded, original)
        let button = try JSONDecoder().decode(
            ActivityButton.self, from: JSONEncoder().encode(ActivityButton.choose(choiceId: "not_now")))
        XCTAssertEqual(button, .choose(choiceId: "not_now"))
    }
}
