import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
import WarmlineCore
import WarmlineKit

/// The shared user journeys (`tests/journeys`), driven through WarmlineKit as the app
/// drives it: taps and phone events forwarded, screen states asserted. One test per
/// journey; the Rust and Kotlin suites run the same files.
final class JourneyTests: XCTestCase {
    static let journeys = [
        "answered_call", "callback_their_time", "cancelled_dial", "do_not_call_refused",
        "killed_mid_call", "no_call_state_permission", "nobody_answers", "notes_synced_after_offline",
        "new_team_script", "outside_calling_hours", "revoked_phone",
    ]

    func testAnsweredCall() async throws { try await run("answered_call") }
    func testCallbackTheirTime() async throws { try await run("callback_their_time") }
    func testCancelledDial() async throws { try await run("cancelled_dial") }
    func testDoNotCallRefused() async throws { try await run("do_not_call_refused") }
    func testKilledMidCall() async throws { try await run("killed_mid_call") }
    func testNoCallStatePermission() async throws { try await run("no_call_state_permission") }
    func testNewTeamScript() async throws { try await run("new_team_script") }
    func testNobodyAnswers() async throws { try await run("nobody_answers") }
    func testNotesSyncedAfterOffline() async throws { try await run("notes_synced_after_offline") }
    func testRevokedPhone() async throws { try await run("revoked_phone") }
    func testOutsideCallingHours() async throws { try await run("outside_calling_hours") }

    func testEveryJourneyFileIsRun() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.journeyDir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .map { $0.deletingPathExtension().lastPathComponent }
            .sorted()
        XCTAssertEqual(files, Self.journeys.sorted())
    }

    static var journeyDir: URL {
        if let dir = ProcessInfo.processInfo.environment["WARMLINE_SCENARIOS"] {
            return URL(fileURLWithPath: dir).deletingLastPathComponent().appendingPathComponent("journeys")
        }
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("tests/journeys")
    }

    private func run(_ name: String) async throws {
        let file = Self.journeyDir.appendingPathComponent("\(name).json")
        let journey = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        let runner = try Journey(journey)
        defer { runner.close() }
        try await runner.run()
    }
}

private final class Journey {
    let journey: [String: Any]
    /// Fixed at the journey's `now`, or the system's for journeys with a real server.
    let clock: TestClock?
    let device: [String: Any]
    let dir: URL
    var kit: WarmlineSession
    var leads: [String: String] = [:]
    var lead = ""
    var session: String?
    var server: JourneyServer?

    init(_ journey: [String: Any]) throws {
        self.journey = journey
        let now = journey["now"] as! String
        clock = now == "system" ? nil : TestClock(now)
        device = journey["device"] as! [String: Any]
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-journey-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        kit = try Self.open(dir, device, clock)
    }

    func now() -> Date {
        clock?.current ?? Date()
    }

    static func open(_ dir: URL, _ device: [String: Any], _ clock: TestClock?) throws -> WarmlineSession {
        try WarmlineSession.open(
            database: dir.appendingPathComponent("rep.db"),
            timeZone: TimeZone(identifier: device["time_zone"] as! String)!,
            repFirstName: device["rep_first_name"] as? String,
            clock: clock
        )
    }

    func close() {
        server?.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    func run() async throws {
        if journey["server"] as? Bool == true {
            let server = try JourneyServer(dir)
            try await server.enrol(kit)
            self.server = server
        }
        var team = await kit.leads.teamSettings()
        team.company = (journey["team"] as? [String: Any])?["company"] as? String
        try await kit.leads.updateTeamSettings(team)
        for l in journey["leads"] as! [[String: Any]] {
            let asked = TimeInterval((l["asked_minutes_ago"] as? Int ?? 0) * 60)
            let added = try await kit.leads.add(NewLead(
                firstName: l["first_name"] as! String,
                phone: l["phone"] as! String,
                askedAbout: l["asked_about"] as? String,
                inquiredAt: now().addingTimeInterval(-asked),
                timeZone: l["time_zone"] as? String
            ))
            leads[l["key"] as! String] = added.id
            if lead.isEmpty { lead = added.id }
        }
        let name = journey["name"] as! String
        for (index, step) in (journey["steps"] as! [[String: Any]]).enumerated() {
            let place = "\(name), step \(index + 1) (\(step["do"] as! String))"
            let expect = step["expect"] as? [String: Any] ?? [:]
            do {
                let confirmation = try await self.step(step)
                XCTAssertNil(expect["error"], "\(place): expected an error")
                try await check(expect, confirmation, place)
            } catch let error as WarmlineError {
                XCTAssertEqual(errorName(error), expect["error"] as? String, "\(place): \(error)")
                try await check(expect, nil, place)
            }
        }
    }

    func current() throws -> String {
        guard let session else { throw JourneyError.noCall }
        return session
    }

    func step(_ step: [String: Any]) async throws -> String? {
        if let key = step["lead"] as? String { lead = leads[key]! }
        let at = now().addingTimeInterval(TimeInterval(step["after_seconds"] as? Int ?? 0))
        switch step["do"] as! String {
        case "check": break
        case "dial":
            let result = try await kit.calls.dial(
                leadId: lead, capabilities: capabilities(step["phone"] as! String),
                confirmOutsideHours: step["confirm"] as? Bool ?? false)
            switch result {
            case .dialling(_, let screen): session = screen.sessionId
            case .needsConfirmation(_, let reason, _): return reason
            }
        case "phone": _ = try await kit.calls.report(sessionId: try current(), event: phoneEvent(step), at: at)
        case "choose": _ = try await kit.calls.send(sessionId: try current(), intent: .choose(choiceId: step["choice"] as! String))
        case "answer":
            _ = try await kit.calls.send(
                sessionId: try current(),
                intent: .answer(questionId: step["question"] as! String, value: step["value"] as! String))
        case "next": _ = try await kit.calls.send(sessionId: try current(), intent: .next)
        case "draft": try await kit.calls.setDraft(sessionId: try current(), text: step["text"] as! String)
        case "save_draft": _ = try await kit.calls.saveDraft(sessionId: try current())
        case "end": _ = try await kit.calls.finish(sessionId: try current(), outcome: outcome(step))
        case "mark_do_not_call": _ = try await kit.leads.markDoNotCall(leadId: lead)
        case "note": _ = try await kit.calls.addNote(leadId: lead, text: step["text"] as! String)
        case "sync": _ = try await kit.sync.sync(server: server!.url, token: server!.token)
        case "sync_offline": _ = try await kit.sync.sync(server: "http://127.0.0.1:9", token: "token")
        case "revoke": try server!.revoke()
        case "publish_script":
            try server!.publishScript(JourneyTests.journeyDir.appendingPathComponent(step["file"] as! String))
        case "reopen": kit = try Self.open(dir, device, clock)
        default: XCTFail("unknown step \(step["do"]!)")
        }
        return nil
    }

    func check(_ expect: [String: Any], _ confirmation: String?, _ place: String) async throws {
        var call: CallScreen?
        var sheet: OutcomeSheet?
        if let session {
            call = try await kit.calls.screen(sessionId: session)
            sheet = try await kit.calls.outcomeSheet(sessionId: session)
        }
        let stored = try await kit.leads.lead(id: lead)
        for (key, want) in expect {
            let got: Any?
            switch key {
            case "screen":
                switch try await kit.calls.currentScreen() {
                case .queue: got = "queue"
                case .call: got = "call"
                case .outcome: got = "outcome"
                case .signedOut: got = "signed_out"
                }
            case "needs_confirmation": got = confirmation
            case "view": got = snake(call!.view)
            case "overlay": got = call!.overlay
            case "answered": got = call!.answered
            case "stage": got = call!.card.stageId
            case "draft": got = call!.draft
            case "path": got = call!.path.map(\.stageId)
            case "suggested": got = sheet!.suggested.map { snake($0) }
            case "may_not_have_called": got = sheet!.mayNotHaveCalled
            case "talk_seconds": got = Int(sheet!.talk.seconds)
            case "talk_confidence": got = snake(sheet!.talk.confidence)
            case "callback_default": got = ISO8601DateFormatter().string(from: sheet!.callbackDefault)
            case "attempts": got = Int(stored.attempts)
            case "status": got = snake(stored.status)
            case "callback_at": got = stored.callbackAt.map { ISO8601DateFormatter().string(from: $0) }
            case "notes": got = try await kit.calls.notes(leadId: lead).count
            case "synced":
                let notes = try await kit.calls.notes(leadId: lead)
                got = !notes.isEmpty && notes.allSatisfy(\.synced)
            case "pending": got = Int(try await kit.sync.pendingChanges())
            case "signed_out_notes": got = try await kit.sync.signedOut()?.unsyncedNotes.count
            case "queue_top": got = try await kit.queue.screen(limit: 5).rows.first?.lead.name
            case "queue_reason": got = try await kit.queue.screen(limit: 5).rows.first { $0.lead.leadId == lead }?.reason
            case "error": continue
            default: XCTFail("\(place): unknown expectation \(key)"); continue
            }
            XCTAssertTrue(same(got, want), "\(place): \(key) is \(String(describing: got)), expected \(want)")
        }
    }

    func outcome(_ step: [String: Any]) async throws -> Outcome {
        switch step["outcome"] as! String {
        case "no_answer": return .noAnswer
        case "voicemail": return .voicemail
        case "bad_number": return .badNumber
        case "not_a_good_time":
            return .notAGoodTime(callbackAt: try await kit.leads.atLeadLocalTime(leadId: lead, local: step["callback_local"] as! String))
        case "found_elsewhere": return .foundElsewhere
        case "not_a_fit": return .notAFit
        case "qualified": return .qualified
        case "do_not_call": return .doNotCall
        default: throw JourneyError.unknown(step["outcome"] as! String)
        }
    }
}

/// A real `warmline-server` on loopback (path in `WARMLINE_SERVER`) with one team.
private final class JourneyServer {
    private static let adminToken = "swift-journeys-admin-token-0123456789abcdef"
    private let dir: URL
    private let process = Process()
    private var team = ""
    private var code = ""
    private(set) var url = ""
    private(set) var token = ""
    private var deviceId = ""

    private var binary: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["WARMLINE_SERVER"] ?? "warmline-server")
    }

    init(_ dir: URL) throws {
        self.dir = dir
        team = try admin(["team-create", "Brightside"])
        code = try admin(["rep-add", "--team", team, "Sam Reyes"])
        process.executableURL = binary
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["WARMLINE_ADMIN_TOKEN": Self.adminToken]) { _, new in new }
        process.arguments = ["--listen", "127.0.0.1:0", "--database", dir.appendingPathComponent("server.db").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        url = String(decoding: line, as: UTF8.self).replacingOccurrences(of: "listening on ", with: "")
    }

    private func admin(_ args: [String]) throws -> String {
        let admin = Process()
        admin.executableURL = binary
        admin.arguments = ["--database", dir.appendingPathComponent("server.db").path] + args
        let out = Pipe()
        admin.standardOutput = out
        try admin.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        admin.waitUntilExit()
        XCTAssertEqual(admin.terminationStatus, 0, "warmline-server \(args)")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func enrol(_ kit: WarmlineSession) async throws {
        let enrolment = try await kit.sync.enrol(server: url, code: code, deviceName: "Sam's iPhone")
        token = enrolment.token
        deviceId = enrolment.deviceId
    }

    /// The manager publishes the team's script, as `warmline script set` does.
    func publishScript(_ file: URL) throws {
        _ = try admin(["script-set", "--team", team, file.path])
    }

    func revoke() throws {
        let response = try URLSessionTransport().send(request: HttpRequest(
            method: "POST",
            url: "\(url)/v1/devices/\(deviceId)/revoke",
            headers: [
                HttpHeader(name: "Authorization", value: "Bearer \(Self.adminToken)"),
                HttpHeader(name: "Content-Type", value: "application/json"),
            ],
            body: Data("{\"team_id\":\"\(team)\"}".utf8)))
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
    }

    /// SIGKILL: a process started from a test's async context inherits its thread's
    /// signal mask, with SIGTERM blocked, so `terminate()` would never reach it.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

private enum JourneyError: Error {
    case noCall
    case unknown(String)
}

private func capabilities(_ phone: String) -> PhoneCapabilities {
    switch phone {
    case "iphone": return PhoneCapabilities(callStates: true, answerState: true)
    case "android": return PhoneCapabilities(callStates: true, answerState: false)
    default: return PhoneCapabilities(callStates: false, answerState: false)
    }
}

private func phoneEvent(_ step: [String: Any]) -> PhoneEvent {
    switch step["event"] as! String {
    case "dial_requested": return .dialRequested
    case "dialer_opened": return .dialerOpened
    case "call_dialing": return .callDialing
    case "call_active": return .callActive
    case "call_held": return .callHeld
    case "call_ended": return .callEnded(measuredSeconds: (step["measured_seconds"] as? Int).map { UInt32($0) })
    case "app_background": return .appBackground
    case "app_foreground": return .appForeground
    default: return .dialCancelled
    }
}

/// `inCall` → `in_call`.
private func snake<T>(_ value: T) -> String {
    var out = ""
    for c in "\(value)" {
        if c == "(" { break }
        if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
    }
    return out
}

private func errorName(_ error: WarmlineError) -> String {
    let name = "\(error)".prefix { $0 != "(" }
    return name.prefix(1).uppercased() + name.dropFirst()
}

/// A screen value against the JSON's: null, numbers, strings, booleans, string lists.
private func same(_ got: Any?, _ want: Any) -> Bool {
    if want is NSNull { return got == nil }
    switch got {
    case let value as Bool: return (want as? Bool) == value
    case let value as Int: return (want as? Int) == value
    case let value as String: return (want as? String) == value
    case let value as [String]: return (want as? [String]) == value
    default: return false
    }
}
