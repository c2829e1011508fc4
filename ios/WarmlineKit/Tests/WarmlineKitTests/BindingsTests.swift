import Foundation
import XCTest
@testable import WarmlineCore

/// A clock the test moves by hand.
final class TestClock: WarmlineClock, @unchecked Sendable {
    var current: Date
    init(_ iso: String) { current = ISO8601DateFormatter().date(from: iso)! }
    func now() -> Date { current }
}

func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

/// Drives the generated bindings directly: what crosses the boundary, and how.
final class BindingsTests: XCTestCase {
    private var dir: URL!
    private let device = DeviceSettings(timeZone: "America/New_York")

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: dir)
    }

    private var dbPath: String { dir.appendingPathComponent("rep.db").path }

    private func open() throws -> Warmline {
        try Warmline.open(path: dbPath, device: device)
    }

    private let ann = NewLead(firstName: "Ann", lastName: "Lee", phone: "(415) 555-2671", email: "ann@example.com")

    func testALeadIsStoredInE164AndReadBackAfterReopening() throws {
        let before = Date().addingTimeInterval(-1)
        let added = try open().addLead(lead: ann)
        XCTAssertEqual(added.phoneE164, "+14155552671")
        XCTAssertEqual(added.phoneRaw, "(415) 555-2671")
        XCTAssertEqual(added.displayName, "Ann Lee")
        XCTAssertEqual(added.status, .new)
        XCTAssertGreaterThan(added.createdAt, before, "createdAt crosses as a Date")

        let readBack = try open().lead(id: added.id)
        XCTAssertEqual(readBack, added)
    }

    func testAnImpossibleNumberIsRefusedWithATypedErrorNamingTheInput() throws {
        let core = try open()
        XCTAssertThrowsError(try core.addLead(lead: NewLead(firstName: "Ann", phone: "555-0000-1"))) { error in
            guard case let WarmlineError.InvalidPhoneNumber(input, detail) = error else {
                return XCTFail("expected InvalidPhoneNumber, got \(error)")
            }
            XCTAssertEqual(input, "555-0000-1")
            XCTAssertTrue(detail.contains("555-0000-1"), detail)
        }
    }

    func testUnknownIdsZonesAndBadSettingsAreTypedErrors() throws {
        let core = try open()
        XCTAssertThrowsError(try core.lead(id: "0190e7a0-0000-7000-8000-000000000000")) { error in
            guard case WarmlineError.NotFound = error else { return XCTFail("got \(error)") }
        }
        XCTAssertThrowsError(try core.recordOutcome(leadId: "0190e7a0-0000-7000-8000-000000000000", outcome: .noAnswer)) { error in
            guard case WarmlineError.NotFound = error else { return XCTFail("got \(error)") }
        }
        XCTAssertThrowsError(try core.addLead(lead: NewLead(firstName: "Ann", phone: "+44 20 7946 0958", timeZone: "Mars/Base"))) { error in
            guard case let WarmlineError.InvalidInput(field, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(field, "time_zone")
        }
        var settings = core.teamSettings()
        let original = settings
        settings.callingHours[0] = DayWindow(startMinute: 17 * 60, endMinute: 9 * 60)
        XCTAssertThrowsError(try core.updateTeamSettings(settings: settings)) { error in
            guard case let WarmlineError.InvalidInput(field, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(field, "calling_hours")
        }
        XCTAssertEqual(core.teamSettings(), original)
        let other = dir.appendingPathComponent("other.db").path
        XCTAssertThrowsError(try Warmline.open(path: other, device: DeviceSettings(timeZone: "Atlantis/Capital"))) { error in
            guard case let WarmlineError.InvalidInput(field, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(field, "device_time_zone")
        }
    }

    func testTheQueueRanksWithReasonsHoldsLeadsOutsideTheirHoursAndFollowsOutcomes() throws {
        // 02:00 UTC on 28 Nov is 21:00 in New York: New York leads are held until 08:00.
        let clock = TestClock("2026-11-28T02:00:00Z")
        let core = try Warmline.openWithClock(path: dbPath, device: DeviceSettings(timeZone: "America/Los_Angeles"), clock: clock)
        let east = try core.addLead(lead: NewLead(firstName: "East", phone: "+1 212 555 0121", timeZone: "America/New_York"))
        let west = try core.addLead(lead: NewLead(
            firstName: "West", phone: "+1 415 555 0122",
            inquiredAt: clock.current.addingTimeInterval(-180), timeZone: "America/Los_Angeles"
        ))
        let queue = try core.queue(limit: 50)
        XCTAssertEqual(queue.entries.map(\.lead.firstName), ["West", "East"])
        XCTAssertEqual(queue.entries[0].reason, "New: asked 3 min ago")
        XCTAssertEqual(queue.entries[0].tier, .new)
        XCTAssertEqual(queue.entries[1].reason, "Callable at 08:00 their time")
        XCTAssertEqual(queue.entries[1].facts.callableAt, date("2026-11-28T13:00:00Z"))
        XCTAssertEqual(queue.callableNow, 1)

        let callback = date("2026-11-28T17:30:00Z")
        _ = try core.recordOutcome(leadId: west.id, outcome: .notAGoodTime(callbackAt: callback))
        _ = try core.markDoNotCall(leadId: east.id)
        let after = try core.queue(limit: 50)
        XCTAssertEqual(after.entries.map(\.lead.firstName), ["West"])
        XCTAssertEqual(after.entries[0].reason, "Callback promised for tomorrow 09:30", "in the rep's Los Angeles time")
        XCTAssertEqual(after.entries[0].tier, .later)
        XCTAssertEqual(after.refreshAt, callback)
    }

    func testACallIsRecordedWithItsTimesItsOutcomeAndATimeline() throws {
        let clock = TestClock("2026-11-27T15:00:00Z")
        let core = try Warmline.openWithClock(path: dbPath, device: device, clock: clock)
        let lead = try core.addLead(lead: ann)
        let attempt = try core.startAttempt(leadId: lead.id)
        _ = try core.attemptConnected(attemptId: attempt.id, at: clock.current.addingTimeInterval(10))
        let ended = try core.attemptEnded(attemptId: attempt.id, at: clock.current.addingTimeInterval(100))
        XCTAssertEqual(ended.talkSeconds, 90)
        let moved = try core.recordOutcome(leadId: lead.id, outcome: .voicemail)
        XCTAssertEqual(moved.status, .attempting)
        XCTAssertEqual(moved.nextActionAt, date("2026-11-27T15:10:00Z"))

        let detail = try core.leadDetail(id: lead.id)
        XCTAssertEqual(detail.attempts.map(\.outcome), [.voicemail])
        XCTAssertEqual(detail.timeline.map(\.kind), [.inquiry, .callStarted, .statusChanged, .callConnected, .callEnded, .outcome])

        let scheduled = try core.scheduleCallback(leadId: lead.id, at: date("2026-11-28T14:00:00Z"))
        XCTAssertEqual(scheduled.status, .callbackScheduled)
        XCTAssertThrowsError(try core.scheduleCallback(leadId: lead.id, at: date("2026-11-26T14:00:00Z"))) { error in
            guard case let WarmlineError.InvalidInput(field, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(field, "callback_at")
        }
        _ = try core.markDoNotCall(leadId: lead.id)
        XCTAssertThrowsError(try core.startAttempt(leadId: lead.id)) { error in
            guard case WarmlineError.DoNotCall = error else { return XCTFail("got \(error)") }
        }
        XCTAssertNil(try core.lead(id: lead.id).nextActionAt)
    }

    func testACallbackAgreedInTheLeadsOwnTime() throws {
        let core = try open()
        let lead = try core.addLead(lead: NewLead(firstName: "Ravi", phone: "+91 98765 43210", timeZone: "Asia/Kolkata"))
        XCTAssertEqual(try core.atLeadLocalTime(leadId: lead.id, local: "2026-11-28T14:00"), date("2026-11-28T08:30:00Z"))
        XCTAssertThrowsError(try core.atLeadLocalTime(leadId: lead.id, local: "tomorrow 2pm")) { error in
            guard case let WarmlineError.InvalidInput(field, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(field, "local_time")
        }
    }

    func testTheSamePhoneTwiceIsOneLeadWithTwoInquiries() throws {
        let core = try open()
        let first = try core.addLead(lead: ann)
        let again = try core.addLead(lead: NewLead(firstName: "Ann", phone: "+1 415 555 2671", askedAbout: "batteries"))
        XCTAssertEqual(again.id, first.id)
        XCTAssertEqual(again.inquiryCount, 2)
        XCTAssertEqual(again.askedAbout, "batteries")
    }

    func testTheAsyncBatchReportsEachRow() async throws {
        let core = try open()
        let outcomes = try await core.addLeads(leads: [
            ann,
            NewLead(firstName: "Ann", phone: "12"),
            NewLead(firstName: "Bo", phone: "+44 20 7946 0958"),
        ])
        guard case .added = outcomes[0] else { return XCTFail("row 0: \(outcomes[0])") }
        guard case let .rejected(index, error) = outcomes[1] else { return XCTFail("row 1: \(outcomes[1])") }
        XCTAssertEqual(index, 1)
        guard case WarmlineError.InvalidPhoneNumber = error else { return XCTFail("row 1 error: \(error)") }
        guard case let .added(bo) = outcomes[2] else { return XCTFail("row 2: \(outcomes[2])") }
        XCTAssertEqual(try core.lead(id: bo.id).phoneE164, "+442079460958")
        XCTAssertEqual(bo.timeZone, "Europe/London")
        XCTAssertEqual(bo.timeZoneSource, .phoneRegion)
    }

    func testObserversHearChangesUntilTheirHandleIsCancelled() throws {
        let core = try open()
        let leads = RecordingObserver()
        let queue = CountingQueueObserver()
        let leadsHandle = core.observeLeads(observer: leads)
        let queueHandle = core.observeQueue(observer: queue)
        let first = try core.addLead(lead: ann)
        _ = try core.recordOutcome(leadId: first.id, outcome: .noAnswer)
        leadsHandle.cancel()
        queueHandle.cancel()
        _ = try core.addLead(lead: NewLead(firstName: "Bo", phone: "+44 20 7946 0958"))
        XCTAssertEqual(leads.seen, [first.id, first.id])
        XCTAssertEqual(queue.count, 2)
    }
}

final class RecordingObserver: LeadsObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []

    var seen: [String] {
        lock.lock()
        defer { lock.unlock() }
        return ids
    }

    func onLeadsChanged(leadIds: [String]) {
        lock.lock()
        ids.append(contentsOf: leadIds)
        lock.unlock()
    }
}

final class CountingQueueObserver: QueueObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }

    func onQueueChanged() {
        lock.lock()
        calls += 1
        lock.unlock()
    }
}
