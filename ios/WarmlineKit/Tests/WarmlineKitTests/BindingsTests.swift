import Foundation
import XCTest
@testable import WarmlineCore

/// Drives the generated bindings directly: what crosses the boundary, and how.
final class BindingsTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: dir)
    }

    private func open() throws -> Warmline {
        try Warmline.open(path: dir.appendingPathComponent("rep.db").path, settings: WarmlineSettings(defaultRegion: "US"))
    }

    private let ann = NewLead(firstName: "Ann", lastName: "Lee", phone: "(415) 555-2671", email: "ann@example.com")

    func testALeadIsStoredInE164AndReadBackAfterReopening() throws {
        let before = Date().addingTimeInterval(-1)
        let added = try open().addLead(lead: ann)
        XCTAssertEqual(added.phoneE164, "+14155552671")
        XCTAssertEqual(added.phoneRaw, "(415) 555-2671")
        XCTAssertEqual(added.displayName, "Ann Lee")
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

    func testUnknownIdsDuplicatesAndBadSettingsAreTypedErrors() throws {
        let core = try open()
        XCTAssertThrowsError(try core.lead(id: "0190e7a0-0000-7000-8000-000000000000")) { error in
            guard case WarmlineError.NotFound = error else { return XCTFail("got \(error)") }
        }
        _ = try core.addLead(lead: ann)
        XCTAssertThrowsError(try core.addLead(lead: NewLead(firstName: "Ann", phone: "+1 415 555 2671"))) { error in
            guard case WarmlineError.AlreadyExists = error else { return XCTFail("got \(error)") }
        }
        let other = dir.appendingPathComponent("other.db").path
        XCTAssertThrowsError(try Warmline.open(path: other, settings: WarmlineSettings(defaultRegion: "Atlantis"))) { error in
            guard case let WarmlineError.InvalidInput(field, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(field, "default_region")
        }
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
    }

    func testAnObserverHearsChangesUntilItsHandleIsCancelled() throws {
        let core = try open()
        let observer = RecordingObserver()
        let handle = core.observeLeads(observer: observer)
        let first = try core.addLead(lead: ann)
        handle.cancel()
        _ = try core.addLead(lead: NewLead(firstName: "Bo", phone: "+44 20 7946 0958"))
        XCTAssertEqual(observer.seen, [first.id])
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
