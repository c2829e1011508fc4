import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
import WarmlineCore
import WarmlineKit

/// Enrolment and sign-out as the iPhone app wires them, against the real
/// `warmline-server` (path in `WARMLINE_SERVER`): the token goes to the key store and
/// nowhere else, the background task syncs with it, sign-out leaves nothing behind.
final class AccountCoordinatorTests: XCTestCase {
    private var dir: URL!
    private let keys = FakeKeyStore()
    private let notifications = FakeNotifications()
    private var account: AccountCoordinator!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-account-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        account = AccountCoordinator(credentials: CredentialStore(keys: keys), notifications: notifications)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private var database: URL { dir.appendingPathComponent("rep.db") }

    func testEnrolmentByLinkKeepsTheTokenInTheKeyStoreAndSignOutLeavesNothing() async throws {
        let server = try TestServer(dir, reps: ["Sam Reyes"])
        defer { server.stop() }
        try await enrolAndSyncANote(server)

        let lost = try await account.signOut(database: database)
        XCTAssertEqual(lost, 0)
        XCTAssertEqual(keys.items.get(), [:])
        XCTAssertEqual(notifications.cleared.get(), 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: database.path))
        XCTAssertFalse(try account.isEnrolled())
    }

    /// Enrols by the QR code's link and syncs a note in a background task; the session is
    /// released when this returns, as the app lets go of it before signing out.
    private func enrolAndSyncANote(_ server: TestServer) async throws {
        let session = try WarmlineSession.open(database: database)
        let encoded = server.url.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let enrolment = try await account.enrol(
            "warmline://enrol?server=\(encoded)&code=\(server.codes[0])", defaultServer: nil,
            deviceName: "Sam's iPhone", with: session.sync)
        XCTAssertEqual(enrolment.repName, "Sam Reyes")
        XCTAssertEqual(try CredentialStore(keys: keys).load(), Credentials(server: server.url, token: enrolment.token))
        XCTAssertEqual(keys.items.get().count, 1)
        XCTAssertTrue(try account.isEnrolled())

        let lead = try await session.leads.add(NewLead(firstName: "Ann", phone: "+1 212 555 0190"))
        _ = try await session.calls.addNote(leadId: lead.id, text: "prefers mornings")
        let sync = SyncCoordinator(
            sync: session.sync, credentials: CredentialStore(keys: keys),
            scheduler: FakeScheduler(), network: FakeNetwork())
        let synced = await sync.runBackgroundTask(.refresh)
        XCTAssertTrue(synced)
        let notes = try await session.calls.notes(leadId: lead.id)
        XCTAssertEqual(notes.map(\.synced), [true], "the synced tick is on")
    }

    func testTheAppOpensOnEnrolmentUntilEnrolledThenOnTheScreenTheCoreNames() async throws {
        let session = try WarmlineSession.open(database: database, timeZone: TimeZone(identifier: "America/New_York")!)
        let before = try await account.stage(calls: session.calls, sync: session.sync)
        XCTAssertEqual(before, .enrolment)
        try CredentialStore(keys: keys).save(Credentials(server: "https://sync.example", token: "t"))
        let queue = try await account.stage(calls: session.calls, sync: session.sync)
        XCTAssertEqual(queue, .signedIn(.queue))
        let ann = try await session.leads.add(NewLead(firstName: "Ann", phone: "+1 212 555 0190"))
        guard case .dialling(_, let screen) = try await session.calls.dial(
            leadId: ann.id, capabilities: CallCoordinator.iPhone, confirmOutsideHours: true)
        else { return XCTFail("no dial") }
        let call = try await account.stage(calls: session.calls, sync: session.sync)
        XCTAssertEqual(call, .signedIn(.call(sessionId: screen.sessionId)))
    }

    func testATokenTheServerRefusesPutsTheAppOnTheSignedOutScreen() async throws {
        let server = try TestServer(dir, reps: [])
        defer { server.stop() }
        let session = try WarmlineSession.open(database: database)
        try CredentialStore(keys: keys).save(Credentials(server: server.url, token: "not-a-token"))
        let sync = SyncCoordinator(
            sync: session.sync, credentials: CredentialStore(keys: keys),
            scheduler: FakeScheduler(), network: FakeNetwork())
        let synced = await sync.runBackgroundTask(.refresh)
        XCTAssertFalse(synced)
        let stage = try await account.stage(calls: session.calls, sync: session.sync)
        guard case .signedOut(let screen) = stage else { return XCTFail("\(stage)") }
        XCTAssertEqual(screen.reason, .unauthorised)
    }

    func testALinkTheCoreRefusesStoresNothing() async throws {
        let session = try WarmlineSession.open(database: database)
        do {
            _ = try await account.enrol(
                "warmline://enrol?server=http%3A%2F%2Fsync.example&code=AB12", defaultServer: nil,
                deviceName: "Sam's iPhone", with: session.sync)
            XCTFail("plain http beyond loopback was accepted")
        } catch is WarmlineError {
        }
        XCTAssertEqual(keys.items.get(), [:])
        XCTAssertFalse(try account.isEnrolled())
    }
}

/// A `warmline-server` on a loopback port, with one team.
final class TestServer {
    let url: String
    /// The one-time enrolment code of each rep, in order.
    let codes: [String]
    private let process = Process()

    private static var binary: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["WARMLINE_SERVER"] ?? "warmline-server")
    }

    init(_ dir: URL, reps: [String]) throws {
        let team = try Self.admin(dir, ["team-create", "Brightside"])
        codes = try reps.map { try Self.admin(dir, ["rep-add", "--team", team, $0]) }
        process.executableURL = Self.binary
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

    /// Killed outright: a graceful stop would wait for URLSession's idle keep-alive
    /// connection.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func admin(_ dir: URL, _ args: [String]) throws -> String {
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
}
