import Foundation
import XCTest
import WarmlineCore
import WarmlineKit

/// The screens outside a call, through WarmlineKit: all leads, the lead screen,
/// enrolment, settings.
final class AppScreensTests: XCTestCase {
    private var dir: URL!
    private var session: WarmlineSession!
    private let clock = TestClock("2026-12-01T15:00:00Z")

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-screens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        session = try WarmlineSession.open(
            database: dir.appendingPathComponent("rep.db"),
            timeZone: TimeZone(identifier: "America/New_York")!,
            clock: clock)
    }

    override func tearDownWithError() throws {
        session = nil
        try? FileManager.default.removeItem(at: dir)
    }

    func testAllLeadsAreSearchedByNameCompanyOrNumber() async throws {
        _ = try await session.leads.add(NewLead(firstName: "Ann", phone: "+1 212 555 0190", company: "Acme Farms"))
        _ = try await session.leads.add(NewLead(firstName: "Bo", phone: "+1 415 555 0777"))
        let byCompany = try await session.leads.list(query: "acme")
        XCTAssertEqual(byCompany.rows.map(\.lead.name), ["Ann"])
        let byNumber = try await session.leads.list(query: "(415) 555-0777")
        XCTAssertEqual(byNumber.rows.map(\.lead.name), ["Bo"])
    }

    func testTheLeadScreenIsRedrawnWhenANoteIsSaved() async throws {
        let ann = try await session.leads.add(NewLead(firstName: "Ann", phone: "+1 212 555 0190"))
        var screens = session.leads.screens(leadId: ann.id).makeAsyncIterator()
        let first = try await screens.next()
        XCTAssertEqual(first?.notes.count, 0)
        _ = try await session.calls.addNote(leadId: ann.id, text: "prefers mornings")
        let second = try await screens.next()
        XCTAssertEqual(second?.notes.map(\.text), ["prefers mornings"])
        XCTAssertEqual(second?.notes.first?.synced, false)
    }

    func testAnEnrolmentLinkIsReadByTheCoreAndPlainHttpIsRefused() async throws {
        let link = try session.sync.readLink("warmline://enrol?server=https%3A%2F%2Fsync.example&code=ab12-cd34", defaultServer: nil)
        XCTAssertEqual(link.server, "https://sync.example")
        XCTAssertEqual(link.code, "AB12CD34")
        XCTAssertThrowsError(try session.sync.readLink("warmline://enrol?server=http%3A%2F%2Fsync.example&code=AB12", defaultServer: nil)) { error in
            XCTAssertTrue("\(error)".contains("only https"), "\(error)")
        }
        let signedOut = try await session.sync.signedOut()
        XCTAssertNil(signedOut)
        let settings = try await session.sync.settings()
        XCTAssertEqual(settings.deviceTimeZone, "America/New_York")
    }
}
