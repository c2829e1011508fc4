import Foundation
import XCTest
import WarmlineCore
import WarmlineKit

final class LeadsServiceTests: XCTestCase {
    private var dir: URL!
    private var session: WarmlineSession!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-kit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        session = try WarmlineSession.open(database: dir.appendingPathComponent("rep.db"))
    }

    override func tearDownWithError() throws {
        session = nil
        try FileManager.default.removeItem(at: dir)
    }

    func testAddAndReadBackThroughTheService() async throws {
        let added = try await session.leads.add(NewLead(firstName: "Ann", phone: "415 555 2671", company: "Acme"))
        let readBack = try await session.leads.lead(id: added.id)
        XCTAssertEqual(readBack.phoneE164, "+14155552671")
        XCTAssertEqual(readBack.displayName, "Ann")
        XCTAssertEqual(readBack.company, "Acme")
    }

    func testARefusedLeadSurfacesAsTheCoresTypedError() async throws {
        do {
            _ = try await session.leads.add(NewLead(firstName: "Ann", phone: "+1 111"))
            XCTFail("an impossible number was accepted")
        } catch let WarmlineError.InvalidPhoneNumber(input, _) {
            XCTAssertEqual(input, "+1 111")
        }
    }

    func testACallFromTapToOutcome() async throws {
        let lead = try await session.leads.add(NewLead(firstName: "Ann", phone: "415 555 2671"))
        let attempt = try await session.leads.startCall(leadId: lead.id)
        _ = try await session.leads.callConnected(attemptId: attempt.id, at: attempt.startedAt.addingTimeInterval(5))
        _ = try await session.leads.callEnded(attemptId: attempt.id, at: attempt.startedAt.addingTimeInterval(65))
        let after = try await session.leads.recordOutcome(leadId: lead.id, outcome: .qualified)
        XCTAssertEqual(after.status, .qualified)
        let detail = try await session.leads.detail(id: lead.id)
        XCTAssertEqual(detail.attempts.map(\.talkSeconds), [60])
        XCTAssertEqual(detail.timeline.last?.kind, .statusChanged)
    }

    func testChangesStreamYieldsTheIdsAWriteTouched() async throws {
        var changes = session.leads.changes().makeAsyncIterator()
        let added = try await session.leads.add(NewLead(firstName: "Ann", phone: "415 555 2671"))
        let first = await changes.next()
        XCTAssertEqual(first, [added.id])
    }
}
