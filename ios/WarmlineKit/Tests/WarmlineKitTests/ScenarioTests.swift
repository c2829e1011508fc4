import Foundation
import XCTest
@testable import WarmlineCore

/// The shared call scenarios (the JSON files in `tests/scenarios`) run through the Swift
/// bindings. The Rust and Kotlin suites run the same files; all three must agree.
final class ScenarioTests: XCTestCase {
    private var scenarioDir: URL {
        if let dir = ProcessInfo.processInfo.environment["WARMLINE_SCENARIOS"] {
            return URL(fileURLWithPath: dir)
        }
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("tests/scenarios")
    }

    func testEverySharedScenarioPasses() throws {
        let files = try FileManager.default.contentsOfDirectory(at: scenarioDir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertGreaterThanOrEqual(files.count, 5, "expected the five shared scenarios")
        for file in files {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
            try run(json)
        }
    }

    private func run(_ scenario: [String: Any]) throws {
        let name = scenario["name"] as! String
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("rep.db").path
        let clock = TestClock(scenario["now"] as! String)
        let deviceJson = scenario["device"] as! [String: Any]
        let device = DeviceSettings(timeZone: deviceJson["time_zone"] as! String, repFirstName: deviceJson["rep_first_name"] as? String)
        var app = try Warmline.openWithClock(path: db, device: device, clock: clock)
        var team = app.teamSettings()
        team.company = (scenario["team"] as? [String: Any])?["company"] as? String
        try app.updateTeamSettings(settings: team)
        if let script = scenario["script"] as? String {
            _ = try app.setScript(toml: script)
        }
        let l = scenario["lead"] as! [String: Any]
        let lead = try app.addLead(lead: NewLead(
            firstName: l["first_name"] as! String,
            phone: l["phone"] as! String,
            source: LeadSource(kind: sourceKind(l["source"] as? String), campaignName: l["campaign"] as? String),
            askedAbout: l["asked_about"] as? String
        ))
        var session = ""
        for (index, step) in (scenario["steps"] as! [[String: Any]]).enumerated() {
            let action = step["do"] as! String
            let place = "\(name), step \(index + 1) (\(action))"
            let expect = step["expect"] as? [String: Any] ?? [:]
            let seconds = TimeInterval(step["after_seconds"] as? Int ?? 0)
            do {
                let card: PromptCard
                switch action {
                case "start_call": card = try app.startCall(leadId: lead.id)
                case "connected": card = try app.callConnected(sessionId: session, at: clock.current.addingTimeInterval(seconds))
                case "ended": card = try app.callEnded(sessionId: session, at: clock.current.addingTimeInterval(seconds))
                case "wait":
                    clock.current = clock.current.addingTimeInterval(TimeInterval(step["seconds"] as! Int))
                    continue
                case "next": card = try app.callIntent(sessionId: session, intent: .next)
                case "back": card = try app.callIntent(sessionId: session, intent: .back)
                case "skip": card = try app.callIntent(sessionId: session, intent: .skip)
                case "choose": card = try app.callIntent(sessionId: session, intent: .choose(choiceId: step["choice"] as! String))
                case "answer":
                    card = try app.callIntent(sessionId: session, intent: .answer(questionId: step["question"] as! String, value: step["value"] as! String))
                case "note": card = try app.callIntent(sessionId: session, intent: .note(text: step["text"] as! String))
                case "end": card = try app.endCall(sessionId: session, outcome: outcome(step))
                case "reopen":
                    app = try Warmline.openWithClock(path: db, device: device, clock: clock)
                    guard let open = try app.openCall() else { return XCTFail("\(place): no open call to resume") }
                    card = open
                default: return XCTFail("\(place): unknown step")
                }
                session = card.sessionId
                check(card, expect, place)
            } catch let error as WarmlineError {
                XCTAssertEqual(errorName(error), expect["error"] as? String, "\(place): \(error)")
            }
        }
        let fin = scenario["final"] as! [String: Any]
        let stored = try app.lead(id: lead.id)
        XCTAssertEqual(snake(stored.status), fin["lead_status"] as? String, "\(name): lead status")
        if let at = fin["callback_at"] as? String {
            XCTAssertEqual(stored.callbackAt, date(at), "\(name): callback")
        }
        if let reason = fin["queue_reason"] as? String {
            XCTAssertEqual(try app.queue(limit: 5).entries.first?.reason, reason, "\(name): queue reason")
        }
        if let open = fin["open_call"] as? Bool {
            XCTAssertEqual(try app.openCall() != nil, open, "\(name): open call")
        }
        if let search = fin["search"] as? [String: Any] {
            let hits = try app.searchNotes(query: search["query"] as! String, limit: 10)
            XCTAssertEqual(hits.count, search["hits"] as? Int, "\(name): search")
        }
        if let field = fin["custom_field"] as? [String] {
            XCTAssertEqual(stored.customFields.first { $0.name == field[0] }?.value, field[1], "\(name): custom field")
        }
    }

    private func check(_ card: PromptCard, _ expect: [String: Any], _ place: String) {
        for (key, want) in expect {
            switch key {
            case "phase": XCTAssertEqual(snake(card.phase), want as? String, "\(place): phase")
            case "stage": XCTAssertEqual(card.stageId, want as? String, "\(place): stage")
            case "title": XCTAssertEqual(card.title, want as? String, "\(place): title")
            case "progress": XCTAssertEqual("\(card.stageNumber)/\(card.stageCount)", want as? String, "\(place): progress")
            case "lines": XCTAssertEqual(card.lines, want as? [String], "\(place): lines")
            case "choices": XCTAssertEqual(card.choices.map(\.id), want as? [String], "\(place): choices")
            case "can_go_back": XCTAssertEqual(card.canGoBack, want as? Bool, "\(place): can_go_back")
            case "can_go_next": XCTAssertEqual(card.canGoNext, want as? Bool, "\(place): can_go_next")
            case "repeat_back": XCTAssertEqual(card.repeatBack.map(\.text), want as? [String], "\(place): repeat back")
            case "notes": XCTAssertEqual(card.notes, want as? [String], "\(place): notes")
            case "checklist": XCTAssertEqual(card.checklist.map(\.covered), want as? [Bool], "\(place): checklist")
            case "suggested_outcome": XCTAssertEqual(card.suggestedOutcome.map(snake), want as? String, "\(place): suggested")
            case "answers":
                for (question, value) in want as! [String: Any] {
                    XCTAssertEqual(card.questions.first { $0.id == question }?.answer, value as? String, "\(place): answer to \(question)")
                }
            case "error": XCTFail("\(place): expected error \(want), got a card")
            default: XCTFail("\(place): unknown expectation \(key)")
            }
        }
    }

    /// `inScript` -> `in_script`, as the scenario files spell enum values.
    private func snake<T>(_ value: T) -> String {
        String(describing: value).reduce(into: "") { out, c in
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
    }

    private func errorName(_ error: WarmlineError) -> String {
        String(String(describing: error).prefix { $0 != "(" })
    }

    private func sourceKind(_ name: String?) -> SourceKind {
        switch name {
        case "ad_form": return .adForm
        case "email": return .email
        case "social_dm": return .socialDm
        case "web_form": return .webForm
        default: return .other
        }
    }

    private func outcome(_ step: [String: Any]) -> Outcome {
        switch step["outcome"] as? String {
        case "no_answer": return .noAnswer
        case "voicemail": return .voicemail
        case "bad_number": return .badNumber
        case "not_a_good_time": return .notAGoodTime(callbackAt: date(step["callback_at"] as! String))
        case "found_elsewhere": return .foundElsewhere
        case "not_a_fit": return .notAFit
        case "qualified": return .qualified
        default: return .doNotCall
        }
    }
}
