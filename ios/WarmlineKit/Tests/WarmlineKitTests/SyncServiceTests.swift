import Foundation
import XCTest
import WarmlineCore
import WarmlineKit

/// Two Swift "phones" sync through the real `warmline-server` binary (path in
/// `WARMLINE_SERVER`, set by `cargo xtask test`) over loopback, with `URLSessionTransport`.
final class SyncServiceTests: XCTestCase {
    private var dir: URL!
    private var server: Process!
    private static let adminToken = "swift-kit-test-admin-token-0123456789abcdef"
    private var url = ""
    private var team = ""
    private var codes: [String] = []

    private var binary: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["WARMLINE_SERVER"] ?? "warmline-server")
    }

    private func admin(_ args: [String]) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--database", dir.appendingPathComponent("server.db").path] + args
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "warmline-server \(args)")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        team = try admin(["team-create", "Brightside"])
        codes = [try admin(["rep-add", "--team", team, "Sam Reyes"]), try admin(["rep-add", "--team", team, "Ana"])]
        server = Process()
        server.executableURL = binary
        server.environment = ProcessInfo.processInfo.environment.merging(
            ["WARMLINE_ADMIN_TOKEN": Self.adminToken]) { _, new in new }
        server.arguments = ["--listen", "127.0.0.1:0", "--database", dir.appendingPathComponent("server.db").path]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        url = String(decoding: line, as: UTF8.self).replacingOccurrences(of: "listening on ", with: "")
    }

    override func tearDownWithError() throws {
        server.terminate()
        server.waitUntilExit()
        try FileManager.default.removeItem(at: dir)
    }

    func testANoteSavedOnOnePhoneReachesTheOtherThroughTheServer() async throws {
        let a = try WarmlineSession.open(database: dir.appendingPathComponent("a.db"))
        let b = try WarmlineSession.open(database: dir.appendingPathComponent("b.db"))
        let tokenA = try await a.sync.enrol(server: url, code: codes[0], deviceName: "Sam's iPhone").token
        let tokenB = try await b.sync.enrol(server: url, code: codes[1].lowercased(), deviceName: "Ana's iPhone").token
        XCTAssertEqual(tokenA.count, 64)

        let lead = try await a.leads.add(NewLead(firstName: "Ann", phone: "+1 212 555 0190"))
        _ = try await a.calls.addNote(leadId: lead.id, text: "prefers mornings")
        let pending = try await a.sync.pendingChanges()
        XCTAssertGreaterThan(pending, 0)
        let pushed = try await a.sync.sync(server: url, token: tokenA)
        XCTAssertGreaterThan(pushed.pushed, 0)
        let left = try await a.sync.pendingChanges()
        XCTAssertEqual(left, 0)
        let notesA = try await a.calls.notes(leadId: lead.id)
        XCTAssertEqual(notesA.map(\.synced), [true])

        let pulled = try await b.sync.sync(server: url, token: tokenB)
        XCTAssertGreaterThan(pulled.applied, 0)
        let onB = try await b.leads.lead(id: lead.id)
        XCTAssertEqual(onB.firstName, "Ann")
        let notesB = try await b.calls.notes(leadId: lead.id)
        XCTAssertEqual(notesB.map(\.text), ["prefers mornings"])

        do {
            _ = try await b.sync.sync(server: url, token: "not-a-token")
            XCTFail("a wrong token synced")
        } catch let WarmlineError.Unauthorised(detail) {
            XCTAssertTrue(detail.contains("unknown to the server"), detail)
        }
        let status = try await b.sync.status()
        XCTAssertEqual(status.signedOutReason, .unauthorised)
    }

    /// Revokes a device as a manager would, through the server's admin route.
    private func revoke(deviceId: String) throws {
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

    /// Enrols a phone on `database`, syncs a lead, leaves a note unsynced and has the
    /// device revoked; the session is released when this returns.
    private func enrolThenGetRevoked(database: URL) async throws {
        let a = try WarmlineSession.open(database: database)
        let enrolment = try await a.sync.enrol(server: url, code: codes[0], deviceName: "Sam's iPhone")
        XCTAssertEqual(enrolment.repName, "Sam Reyes")
        XCTAssertEqual(enrolment.teamName, "Brightside")
        let lead = try await a.leads.add(NewLead(firstName: "Ann", phone: "+1 212 555 0190"))
        let opener = try await a.calls.start(leadId: lead.id).lines.first
        XCTAssertEqual(opener, "Hi Ann, this is Sam from our company.", "the opener has the rep's name")
        _ = try await a.sync.sync(server: url, token: enrolment.token)
        _ = try await a.calls.addNote(leadId: lead.id, text: "call after 5")

        try revoke(deviceId: enrolment.deviceId)
        do {
            _ = try await a.sync.sync(server: url, token: enrolment.token)
            XCTFail("a revoked phone synced")
        } catch let WarmlineError.DeviceRevoked(detail) {
            XCTAssertTrue(detail.contains("revoked by the team's manager"), detail)
        }
        let status = try await a.sync.status()
        XCTAssertEqual(status.signedOutReason, .deviceRevoked)
        XCTAssertEqual(status.pendingChanges, 1, "the note waits, not lost")
    }

    func testARevokedPhoneIsToldSoAndSigningOutDeletesItsStore() async throws {
        let database = dir.appendingPathComponent("a.db")
        try await enrolThenGetRevoked(database: database)
        let discarded = try await WarmlineSession.signOut(database: database)
        XCTAssertEqual(discarded, 1, "the unsynced note is what signing out discards")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("a.db") }
        XCTAssertEqual(left, [], "no database, -wal or -shm left")
    }

    func testAnOpenAppStayingInSyncGetsALeadPushedByAnotherPhoneWithinSeconds() async throws {
        let a = try WarmlineSession.open(database: dir.appendingPathComponent("a.db"))
        let b = try WarmlineSession.open(database: dir.appendingPathComponent("b.db"))
        let tokenA = try await a.sync.enrol(server: url, code: codes[0], deviceName: "Sam's iPhone").token
        let tokenB = try await b.sync.enrol(server: url, code: codes[1], deviceName: "Ana's iPhone").token
        let lead = try await a.leads.add(NewLead(firstName: "Flo", phone: "+1 212 555 0195"))
        let server = url
        let arrived = Task {
            for try await status in b.sync.stayInSync(server: server, token: tokenB) {
                if (try? await b.leads.lead(id: lead.id)) != nil { return status }
            }
            throw CancellationError()
        }
        try await Task.sleep(nanoseconds: 500_000_000)
        _ = try await a.sync.sync(server: url, token: tokenA)
        let status = try await arrived.value
        XCTAssertEqual(status.failures, 0)
        let onB = try await b.leads.lead(id: lead.id)
        XCTAssertEqual(onB.firstName, "Flo")
    }

    func testWhileTheServerIsUnreachableTheAppBacksOffAsTheCoreSays() async throws {
        let a = try WarmlineSession.open(database: dir.appendingPathComponent("a.db"))
        _ = try await a.leads.add(NewLead(firstName: "Gus", phone: "+1 212 555 0196"))
        var statuses: [SyncScreen] = []
        for try await status in a.sync.stayInSync(server: "http://127.0.0.1:9", token: "token") where status.failures > 0 {
            statuses.append(status)
            if statuses.count == 2 { break }
        }
        XCTAssertEqual(statuses.map(\.failures), [1, 2])
        XCTAssertTrue(statuses.allSatisfy { $0.lastError?.contains("127.0.0.1:9") == true }, "\(statuses)")
        XCTAssertGreaterThan(statuses[1].nextAttemptAt, statuses[0].nextAttemptAt)
        let pending = try await a.sync.status().pendingChanges
        XCTAssertEqual(pending, 1, "nothing lost")
    }
}
