import Foundation
import XCTest
import WarmlineCore
import WarmlineKit

/// The Swift half of the cross-language sync test (see `CrossLanguageSyncTest.kt`):
/// waits for the Kotlin client's lead and note, then answers with its own note.
final class CrossLanguageSyncTests: XCTestCase {
    func testAKotlinClientAndASwiftClientSeeEachOthersNotes() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let server = environment["WARMLINE_XLANG_SERVER"], let code = environment["WARMLINE_XLANG_CODE"] else {
            throw XCTSkip("runs under cargo xtask test, with the Kotlin suite")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-xlang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = try WarmlineSession.open(database: dir.appendingPathComponent("swift.db"))
        let token = try await session.sync.enrol(server: server, code: code, deviceName: "Swift phone").token
        var leadId: String?
        let deadline = Date().addingTimeInterval(420) // the Kotlin suite may still be compiling
        while leadId == nil && Date() < deadline {
            _ = try await session.sync.sync(server: server, token: token)
            let queue = try await session.queue.page(limit: 50)
            if let lead = queue.entries.first(where: { $0.lead.firstName == "Xena" })?.lead {
                let notes = try await session.calls.notes(leadId: lead.id)
                if notes.contains(where: { $0.text == "written in Kotlin" }) {
                    leadId = lead.id
                }
            }
            if leadId == nil { try await Task.sleep(nanoseconds: 500_000_000) }
        }
        guard let leadId else { return XCTFail("the Kotlin client's lead and note never arrived") }
        _ = try await session.calls.addNote(leadId: leadId, text: "written in Swift")
        _ = try await session.sync.sync(server: server, token: token)
        let notes = try await session.calls.notes(leadId: leadId)
        XCTAssertEqual(notes.map(\.text).sorted(), ["written in Kotlin", "written in Swift"])
        XCTAssertTrue(notes.allSatisfy(\.synced))
    }
}
