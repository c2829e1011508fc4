import Foundation
import XCTest
import WarmlineCore
import WarmlineKit

final class QueueServiceTests: XCTestCase {
    private var dir: URL!
    private var session: WarmlineSession!
    private let clock = TestClock("2026-11-27T15:00:00Z") // 10:00 in New York

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-queue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        session = try WarmlineSession.open(
            database: dir.appendingPathComponent("rep.db"),
            timeZone: TimeZone(identifier: "America/New_York")!,
            clock: clock
        )
    }

    override func tearDownWithError() throws {
        session = nil
        try FileManager.default.removeItem(at: dir)
    }

    func testTheQueuePageIsRankedByTheCore() async throws {
        let old = try await session.leads.add(NewLead(firstName: "Old", phone: "+1 212 555 0101", inquiredAt: clock.current.addingTimeInterval(-3600)))
        _ = try await session.leads.add(NewLead(firstName: "Fresh", phone: "+1 212 555 0102", inquiredAt: clock.current.addingTimeInterval(-120)))
        _ = try await session.leads.recordOutcome(leadId: old.id, outcome: .noAnswer)
        let page = try await session.queue.page(limit: 50)
        XCTAssertEqual(page.entries.filter(\.facts.callableNow).map(\.lead.firstName), ["Fresh"])
        XCTAssertEqual(page.entries[0].reason, "New: asked 2 min ago")
        XCTAssertEqual(page.entries[1].reason, "Attempt 2 of 8 due 10:10")
    }

    func testTheQueueScreenComesNowAndAgainAfterEveryChange() async throws {
        _ = try await session.leads.add(NewLead(firstName: "Ann", phone: "+1 212 555 0111"))
        var screens = session.queue.screens(limit: 50).makeAsyncIterator()
        let first = try await screens.next()
        XCTAssertEqual(first?.rows.map(\.lead.name), ["Ann"])
        _ = try await session.leads.add(NewLead(firstName: "Bo", phone: "+1 212 555 0112", inquiredAt: clock.current.addingTimeInterval(-60)))
        let second = try await screens.next()
        XCTAssertEqual(second?.rows.map(\.lead.name), ["Ann", "Bo"])
    }
}
