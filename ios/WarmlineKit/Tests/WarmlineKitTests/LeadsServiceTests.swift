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
        let first = try await session.calls.start(leadId: lead.id)
        _ = try await session.calls.connected(sessionId: first.sessionId, at: Date())
        _ = try await session.calls.send(sessionId: first.sessionId, intent: .choose(choiceId: "yes"))
        _ = try await session.calls.ended(sessionId: first.sessionId, at: Date().addingTimeInterval(60))
        let last = try await session.calls.finish(sessionId: first.sessionId, outcome: .qualified)
        XCTAssertEqual(last.phase, .outcomeRecorded)
        let detail = try await session.leads.detail(id: lead.id)
        XCTAssertEqual(detail.lead.status, .qualified)
        XCTAssertEqual(detail.attempts.count, 1)
        let changes = detail.timeline.filter { $0.kind == .statusChanged }.map(\.detail)
        XCTAssertEqual(changes, ["new → attempting", "attempting → qualified"])
        let open = try await session.calls.openCall()
        XCTAssertNil(open)
    }

    func testNotesAreSavedAndFoundBySearch() async throws {
        let lead = try await session.leads.add(NewLead(firstName: "Ann", phone: "415 555 2671"))
        _ = try await session.calls.addNote(leadId: lead.id, text: "Prefers morning calls, roof faces south")
        let hits = try await session.calls.search("roof", limit: 10)
        XCTAssertEqual(hits.count, 1)
        XCTAssertEqual(hits.first?.leadName, "Ann")
        XCTAssertTrue(hits.first?.snippet.contains("[roof]") ?? false)
        do {
            _ = try await session.calls.addNote(leadId: lead.id, text: String(repeating: "x", count: 65 * 1024))
            XCTFail("a note over 64 KiB was saved")
        } catch let WarmlineError.InvalidInput(field, _) {
            XCTAssertEqual(field, "note")
        }
        do {
            _ = try await session.calls.setScript(toml: "id = \"x\"")
            XCTFail("an invalid script was accepted")
        } catch let WarmlineError.InvalidScript(detail) {
            XCTAssertTrue(detail.contains("missing field"), detail)
        }
    }

    func testChangesStreamYieldsTheIdsAWriteTouched() async throws {
        var changes = session.leads.changes().makeAsyncIterator()
        let added = try await session.leads.add(NewLead(firstName: "Ann", phone: "415 555 2671"))
        let first = await changes.next()
        XCTAssertEqual(first, [added.id])
    }
}
