import Foundation
import XCTest
import WarmlineCore
import WarmlineKit

/// Sync as the iPhone app wires it: background tasks, the foreground driver and
/// `NWPathMonitor`, through `SyncCoordinator` to the real core; the scheduler, the
/// network monitor and the Keychain are doubles.
final class SyncCoordinatorTests: XCTestCase {
    private var dir: URL!
    private var session: WarmlineSession!
    private var sync: RecordingSync!
    private let keys = FakeKeyStore()
    private let scheduler = FakeScheduler()
    private let network = FakeNetwork()
    private let clock = TestClock("2026-12-01T15:00:00Z")
    private var coordinator: SyncCoordinator!
    /// Nothing listens there: every sync fails as it does offline.
    private let offline = Credentials(server: "http://127.0.0.1:9", token: String(repeating: "ab", count: 32))

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-bg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        session = try WarmlineSession.open(database: dir.appendingPathComponent("rep.db"), clock: clock)
        sync = RecordingSync(session.sync)
        coordinator = SyncCoordinator(
            sync: sync, credentials: CredentialStore(keys: keys), scheduler: scheduler, network: network)
    }

    override func tearDownWithError() throws {
        coordinator = nil
        sync = nil
        session = nil
        try? FileManager.default.removeItem(at: dir)
    }

    func testABackgroundTaskBeforeEnrolmentSyncsNothingAndBooksBothTasksAtTheCoresTime() async throws {
        let synced = await coordinator.runBackgroundTask(.refresh)
        XCTAssertFalse(synced)
        XCTAssertEqual(sync.syncs.get(), [])
        let next = try await session.sync.status().nextAttemptAt
        XCTAssertEqual(scheduler.booked.get(), [.refresh: next, .processing: next])
    }

    func testABackgroundTaskSyncsWithTheStoredCredentialsAndBooksTheRetryTheCoreSchedules() async throws {
        try CredentialStore(keys: keys).save(offline)
        let synced = await coordinator.runBackgroundTask(.processing)
        XCTAssertFalse(synced, "nothing listens on port 9")
        XCTAssertEqual(sync.syncs.get(), [offline])
        let status = try await session.sync.status()
        XCTAssertEqual(status.failures, 1)
        XCTAssertGreaterThan(status.nextAttemptAt, clock.current, "the core backs off after a failure")
        XCTAssertEqual(scheduler.booked.get(), [.refresh: status.nextAttemptAt, .processing: status.nextAttemptAt])
    }

    func testTheNetworkComingBackIsForwardedToTheDriver() async throws {
        let coordinator = self.coordinator!
        let following = Task { await coordinator.followNetwork() }
        network.feed.send(.unsatisfied)
        network.feed.send(.satisfied)
        network.feed.send(.unsatisfied)
        network.feed.send(.satisfied)
        network.feed.finish()
        await following.value
        XCTAssertEqual(sync.networkBack.get(), 2)
    }

    func testTheForegroundDriverRunsOnTheStoredCredentialsAndShowsTheStatusLine() async throws {
        let before = try await coordinator.stayInSync()
        var none = before.makeAsyncIterator()
        let nothing = try await none.next()
        XCTAssertNil(nothing, "no driver before enrolment")
        XCTAssertEqual(sync.followed.get(), [])

        try CredentialStore(keys: keys).save(offline)
        var screens = try await coordinator.stayInSync().makeAsyncIterator()
        let first = try await screens.next()
        XCTAssertEqual(first?.health, .notYet)
        XCTAssertEqual(sync.followed.get(), [offline])
        var line = first
        while line?.failures == 0 {
            line = try await screens.next()
        }
        XCTAssertEqual(line?.health, .offline, "the core's driver tried and reported the failure")
    }

    func testCredentialsNeverPrintTheirToken() throws {
        let credentials = Credentials(server: "https://sync.example", token: "secret-token-0123456789")
        for printed in ["\(credentials)", String(reflecting: credentials), String(describing: [credentials])] {
            XCTAssertFalse(printed.contains("secret-token"), printed)
            XCTAssertTrue(printed.contains("https://sync.example"), printed)
        }
        try CredentialStore(keys: keys).save(credentials)
        XCTAssertEqual(try CredentialStore(keys: keys).load(), credentials)
    }
}
