import Foundation
import XCTest
import WarmlineCore
import WarmlineKit

/// Local notifications as the iPhone app wires them: the core's promised callbacks become
/// the pending reminders, booked again at every change; each arriving lead is announced.
final class ReminderCoordinatorTests: XCTestCase {
    private var dir: URL!
    private var session: WarmlineSession!
    private var leads: LeadsWithArrivals!
    private let clock = TestClock("2026-12-01T15:00:00Z")
    private let notifications = FakeNotifications()
    private var reminders: ReminderCoordinator!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-reminders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        session = try WarmlineSession.open(
            database: dir.appendingPathComponent("rep.db"),
            timeZone: TimeZone(identifier: "America/New_York")!,
            clock: clock)
        leads = LeadsWithArrivals(session.leads)
        reminders = ReminderCoordinator(leads: leads, notifications: notifications)
    }

    override func tearDownWithError() throws {
        reminders = nil
        leads = nil
        session = nil
        try? FileManager.default.removeItem(at: dir)
    }

    private func add(_ name: String, _ phone: String) async throws -> String {
        try await session.leads.add(NewLead(firstName: name, phone: phone)).id
    }

    func testEachCallbackTheCoreListsIsBookedAsAReminder() async throws {
        let ann = try await add("Ann", "+1 212 555 0190")
        let bo = try await add("Bo", "+1 415 555 0777")
        let soon = date("2026-12-01T19:00:00Z")
        _ = try await session.leads.scheduleCallback(leadId: ann, at: soon)
        _ = try await session.leads.scheduleCallback(leadId: bo, at: date("2027-01-20T15:00:00Z"))
        try await reminders.refresh()
        let booked = try XCTUnwrap(notifications.reminders.get().last)
        XCTAssertEqual(booked.map(\.leadName), ["Ann"], "Bo's callback is beyond the core's horizon")
        XCTAssertEqual(booked.first?.at, soon)
        XCTAssertEqual(booked.first?.leadId, ann)
    }

    func testOnlyTheSoonestCallbacksIOSCanHoldAreBooked() async throws {
        let added = try await session.leads.addAll((0..<70).map {
            NewLead(firstName: "Lead \($0)", phone: "+1 212 555 \(String(format: "%04d", 1000 + $0))")
        })
        for (index, outcome) in added.enumerated() {
            guard case .added(let lead) = outcome else { return XCTFail("\(outcome)") }
            _ = try await session.leads.scheduleCallback(leadId: lead.id, at: clock.current.addingTimeInterval(Double(3600 + 60 * (69 - index))))
        }
        try await reminders.refresh()
        let booked = try XCTUnwrap(notifications.reminders.get().last)
        XCTAssertEqual(booked.count, ReminderCoordinator.pendingLimit)
        XCTAssertEqual(booked.map(\.at), booked.map(\.at).sorted(), "soonest first, as the core lists them")
        XCTAssertEqual(booked.first?.leadName, "Lead 69")
    }

    func testRemindersAreBookedAgainWhenTheLeadsChange() async throws {
        let ann = try await add("Ann", "+1 212 555 0190")
        let reminders = self.reminders!
        let following = Task { try await reminders.follow() }
        defer { following.cancel() }
        let notifications = notifications
        let first = await eventually { notifications.reminders.get().last == [] }
        XCTAssertTrue(first)
        _ = try await session.leads.scheduleCallback(leadId: ann, at: date("2026-12-02T14:00:00Z"))
        let booked = await eventually { notifications.reminders.get().last?.map(\.leadId) == [ann] }
        XCTAssertTrue(booked, "the promised callback was not booked")
        _ = try await session.leads.markDoNotCall(leadId: ann)
        let cleared = await eventually { notifications.reminders.get().last == [] }
        XCTAssertTrue(cleared, "a do-not-call lead kept its reminder")
    }

    func testTheCallbackPickedOnTheOutcomeSheetIsLoggedAndReminded() async throws {
        let ann = try await add("Ann", "+1 212 555 0190")
        guard case .dialling(_, let screen) = try await session.calls.dial(
            leadId: ann, capabilities: CallCoordinator.iPhone, confirmOutsideHours: false)
        else { return XCTFail("no dial") }
        let call = screen.sessionId
        _ = try await session.calls.report(sessionId: call, event: .callActive, at: clock.current)
        _ = try await session.calls.report(sessionId: call, event: .callEnded(measuredSeconds: nil), at: clock.current.addingTimeInterval(40))
        let sheet = try await session.calls.outcomeSheet(sessionId: call)
        XCTAssertTrue(sheet.choices.contains(.notAGoodTime))
        _ = try await session.calls.finish(sessionId: call, outcome: Outcome(.notAGoodTime, callbackAt: sheet.callbackDefault))
        let lead = try await session.leads.lead(id: ann)
        XCTAssertEqual(lead.callbackAt, sheet.callbackDefault)
        try await reminders.refresh()
        XCTAssertEqual(notifications.reminders.get().last?.map(\.at), [sheet.callbackDefault])
    }

    func testEveryOutcomeKindIsTheOutcomeOfTheSameName() {
        let at = date("2026-12-02T14:00:00Z")
        let kinds: [OutcomeKind] = [.noAnswer, .voicemail, .badNumber, .notAGoodTime, .foundElsewhere, .notAFit, .qualified, .doNotCall]
        let outcomes: [Outcome] = [.noAnswer, .voicemail, .badNumber, .notAGoodTime(callbackAt: at), .foundElsewhere, .notAFit, .qualified, .doNotCall]
        XCTAssertEqual(kinds.map { Outcome($0, callbackAt: at) }, outcomes)
    }

    func testEachLeadSyncBringsIsAnnounced() async throws {
        let reminders = self.reminders!
        let announcing = Task { try await reminders.announceArrivals() }
        let header = LeadHeader(
            leadId: "lead-1", name: "Cy", phone: "+12125550100", company: nil, askedAbout: "heat pumps",
            timeZone: "America/New_York", alsoTimeZone: nil, zoneOrigin: .areaCode(code: "212"),
            zoneLabel: "their time, from the 212 area code", attempts: 0)
        leads.arriving.send(NewLeadAlert(lead: header, inquiredAt: clock.current))
        leads.arriving.finish()
        try await announcing.value
        XCTAssertEqual(notifications.announced.get().map(\.leadName), ["Cy"])
        XCTAssertEqual(notifications.announced.get().first?.askedAbout, "heat pumps")
    }
}
