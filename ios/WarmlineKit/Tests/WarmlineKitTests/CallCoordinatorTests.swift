import Foundation
import XCTest
import WarmlineCore
import WarmlineKit
import WarmlineLiveCard

/// The call as the iPhone app wires it: the tap, `CXCallObserver`'s changes, the scene
/// phase and the Live Activity's buttons go through `CallCoordinator` to the real core;
/// the dialer and the Live Activity are doubles that record what they were asked.
final class CallCoordinatorTests: XCTestCase {
    private var dir: URL!
    private var session: WarmlineSession!
    private var calls: RecordingCalls!
    private let clock = TestClock("2026-12-01T15:00:00Z")
    private let dialer = FakeDialer()
    private let activities = FakeActivities()
    private var coordinator: CallCoordinator!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-calls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        session = try WarmlineSession.open(
            database: dir.appendingPathComponent("rep.db"),
            timeZone: TimeZone(identifier: "America/New_York")!,
            repFirstName: "Sam",
            clock: clock)
        calls = RecordingCalls(session.calls)
        coordinator = makeCoordinator(dialer: dialer, activities: activities)
    }

    override func tearDownWithError() throws {
        coordinator = nil
        calls = nil
        session = nil
        try? FileManager.default.removeItem(at: dir)
    }

    private func makeCoordinator(dialer: Dialer, activities: LiveActivityHost) -> CallCoordinator {
        let clock = clock
        return CallCoordinator(calls: calls, dialer: dialer, activities: activities, now: { clock.current })
    }

    private func addAnn() async throws -> String {
        try await session.leads.add(NewLead(firstName: "Ann", phone: "(212) 555-0190", askedAbout: "solar panels")).id
    }

    /// Taps call on Ann; returns the call's session.
    private func dialAnn() async throws -> String {
        let result = try await coordinator.call(leadId: try await addAnn())
        guard case .dialling(_, let screen) = result else {
            XCTFail("expected a dial, got \(result)")
            throw CancellationError()
        }
        return screen.sessionId
    }

    private func change(
        after seconds: TimeInterval, outgoing: Bool = true, connected: Bool = false, held: Bool = false, ended: Bool = false
    ) async throws -> CallScreen? {
        clock.current = date("2026-12-01T15:00:00Z").addingTimeInterval(seconds)
        return try await coordinator.callChanged(ObservedCall(
            isOutgoing: outgoing, hasConnected: connected, isOnHold: held, hasEnded: ended, at: clock.current))
    }

    func testTheTapOnCallOpensTheTelURLOfTheCoresNumberAndStartsTheLiveActivity() async throws {
        let result = try await coordinator.call(leadId: try await addAnn())
        guard case .dialling(let number, let screen) = result else { return XCTFail("\(result)") }
        XCTAssertEqual(number, "+12125550190")
        XCTAssertEqual(dialer.opened.get(), [URL(string: "tel:+12125550190")!])
        XCTAssertEqual(calls.reports.get(), [.init(sessionId: screen.sessionId, event: .dialerOpened, at: clock.current)])
        XCTAssertEqual(activities.calls.get(), [.start(ActivityCard(screen))])
        let card = await coordinator.activityCard
        XCTAssertEqual(card?.title, screen.card.title)
        XCTAssertEqual(card?.leadName, "Ann")
        XCTAssertEqual(card?.line, screen.card.lines.joined(separator: " "))
    }

    func testADialerThatDoesNotOpenReportsNothing() async throws {
        coordinator = makeCoordinator(dialer: FakeDialer(accepts: false), activities: activities)
        _ = try await dialAnn()
        XCTAssertEqual(calls.events, [])
    }

    func testOutsideTheLeadsHoursTheCoreAsksFirstAndNothingOpensUntilConfirmed() async throws {
        let kenji = try await session.leads.add(NewLead(firstName: "Kenji", phone: "+81 3-1234-5678", timeZone: "Asia/Tokyo")).id
        let asked = try await coordinator.call(leadId: kenji)
        guard case .needsConfirmation = asked else { return XCTFail("\(asked)") }
        XCTAssertEqual(dialer.opened.get(), [])
        XCTAssertEqual(activities.calls.get(), [])
        let confirmed = try await coordinator.call(leadId: kenji, confirmOutsideHours: true)
        guard case .dialling = confirmed else { return XCTFail("\(confirmed)") }
        XCTAssertEqual(dialer.opened.get().count, 1)
    }

    func testADoNotCallLeadIsRefusedAndNothingOpens() async throws {
        let ann = try await addAnn()
        _ = try await session.leads.markDoNotCall(leadId: ann)
        do {
            _ = try await coordinator.call(leadId: ann)
            XCTFail("a do-not-call lead was dialled")
        } catch WarmlineError.DoNotCall {
        }
        XCTAssertEqual(dialer.opened.get(), [])
        XCTAssertEqual(activities.calls.get(), [])
    }

    func testEachCallObserverChangeIsForwardedWithItsTimeAndTheCoreTimesTheTalk() async throws {
        let call = try await dialAnn()
        _ = try await change(after: 2)
        _ = try await change(after: 10, connected: true)
        let last = try await change(after: 70, connected: true, ended: true)
        XCTAssertEqual(calls.events, [.dialerOpened, .callDialing, .callActive, .callEnded(measuredSeconds: nil)])
        XCTAssertEqual(
            calls.reports.get().dropFirst().map(\.at),
            [2, 10, 70].map { date("2026-12-01T15:00:00Z").addingTimeInterval($0) })
        XCTAssertEqual(Set(calls.reports.get().map(\.sessionId)), [call])
        XCTAssertEqual(last?.view, .outcomeSheet)
        let sheet = try await session.calls.outcomeSheet(sessionId: call)
        XCTAssertEqual(sheet.talk, TalkTime(seconds: 60, confidence: .callStates))
        guard case .end = activities.calls.get().last else { return XCTFail("the Live Activity is still up") }
        let card = await coordinator.activityCard
        XCTAssertNil(card)
    }

    func testAHeldCallIsForwardedAndTheActivityShowsIt() async throws {
        _ = try await dialAnn()
        _ = try await change(after: 2)
        _ = try await change(after: 10, connected: true)
        let held = try await change(after: 20, connected: true, held: true)
        XCTAssertEqual(calls.events.last, .callHeld)
        XCTAssertEqual(held?.onHold, true)
        XCTAssertEqual(activities.updates.last?.onHold, true)
        XCTAssertNotNil(activities.updates.last?.answeredAt)
    }

    func testIncomingCallsAndChangesWithNoOpenCallAreNotForwarded() async throws {
        let before = try await change(after: 1)
        XCTAssertNil(before)
        XCTAssertEqual(calls.events, [])
        _ = try await dialAnn()
        let incoming = try await change(after: 5, outgoing: false, connected: true)
        XCTAssertNil(incoming)
        XCTAssertEqual(calls.events, [.dialerOpened])
    }

    func testScenePhaseChangesGoToTheOpenCallAndTheCoreDecidesWhatTheyMean() async throws {
        let none = try await coordinator.scenePhase(.background)
        XCTAssertNil(none)
        _ = try await dialAnn()
        _ = try await coordinator.scenePhase(.background)
        _ = try await coordinator.scenePhase(.inactive)
        clock.current = clock.current.addingTimeInterval(30)
        let back = try await coordinator.scenePhase(.active)
        XCTAssertEqual(calls.events, [.dialerOpened, .appBackground, .appForeground])
        // Back in the app and the phone never reported a call: the core calls the dial off.
        XCTAssertEqual(back?.view, .closed)
        guard case .end = activities.calls.get().last else { return XCTFail("the Live Activity is still up") }
    }

    func testTheLiveActivityButtonsStepTheScriptAndUpdateTheActivity() async throws {
        let call = try await dialAnn()
        _ = try await change(after: 2)
        _ = try await change(after: 5, connected: true)
        let first = try await session.calls.screen(sessionId: call).card
        let yes = try XCTUnwrap(first.choices.first, "the opener asks whether now is a good time")
        let chosen = try await coordinator.button(.choose(choiceId: yes.id), sessionId: call)
        XCTAssertNotEqual(chosen.card.stageId, first.stageId)
        XCTAssertEqual(activities.updates.last?.title, chosen.card.title)
        let back = try await coordinator.button(.back, sessionId: call)
        XCTAssertEqual(back.card.stageId, first.stageId)
        XCTAssertEqual(activities.updates.last?.title, first.title)
        // The opener needs a choice: the core refuses Next, and the card stays.
        let shown = activities.calls.get()
        do {
            _ = try await coordinator.button(.next, sessionId: call)
            XCTFail("the core let the call skip the opener's choice")
        } catch WarmlineError.IntentRefused {
        }
        XCTAssertEqual(activities.calls.get(), shown)
        XCTAssertEqual(calls.intents.get(), [.choose(choiceId: yes.id), .back, .next])
    }

    func testTypingTheQuickNoteDoesNotSpendTheActivitysUpdateBudget() async throws {
        let call = try await dialAnn()
        let before = activities.calls.get()
        try await session.calls.setDraft(sessionId: call, text: "prefers mor")
        let typed = try await session.calls.screen(sessionId: call)
        XCTAssertEqual(typed.draft, "prefers mor")
        await coordinator.show(typed)
        XCTAssertEqual(activities.calls.get(), before)
    }

    func testFollowingTheCallKeepsTheActivityOnTheCoresCardStream() async throws {
        let call = try await dialAnn()
        _ = try await change(after: 2)
        _ = try await change(after: 5, connected: true)
        let coordinator = self.coordinator!
        let following = Task { try await coordinator.follow(sessionId: call) }
        defer { following.cancel() }
        // The call screen (not the activity) steps the script: the activity follows.
        let opener = try await session.calls.screen(sessionId: call).card
        let yes = try XCTUnwrap(opener.choices.first)
        let next = try await session.calls.send(sessionId: call, intent: .choose(choiceId: yes.id))
        let activities = activities
        let followed = await eventually { activities.updates.last?.title == next.title }
        XCTAssertTrue(followed, "the Live Activity did not follow the card stream")
    }

    func testAnAppKilledMidCallPutsTheCardBackOnANewActivity() async throws {
        let call = try await dialAnn()
        coordinator = nil
        let relaunched = FakeActivities()
        let coordinator = makeCoordinator(dialer: dialer, activities: relaunched)
        let open = try await session.calls.currentScreen()
        XCTAssertEqual(open.openSessionId, call)
        let following = Task { try await coordinator.follow(sessionId: call) }
        defer { following.cancel() }
        let restarted = await eventually { relaunched.calls.get().count == 1 }
        XCTAssertTrue(restarted)
        guard case .start(let card) = relaunched.calls.get().first else { return XCTFail("no activity started") }
        XCTAssertEqual(card.sessionId, call)
    }

    func testACallEndedWhileTheAppWasAwayEndsTheActivityFromTheStream() async throws {
        let call = try await dialAnn()
        let coordinator = self.coordinator!
        let following = Task { try await coordinator.follow(sessionId: call) }
        defer { following.cancel() }
        // Reported on the way back, before the coordinator heard of it: the stream brings it.
        _ = try await session.calls.report(sessionId: call, event: .callDialing, at: clock.current)
        _ = try await session.calls.report(sessionId: call, event: .callEnded(measuredSeconds: nil), at: clock.current)
        let activities = activities
        let ended = await eventually {
            if case .end = activities.calls.get().last { true } else { false }
        }
        XCTAssertTrue(ended, "the Live Activity outlived the call")
    }

    func testRefusedLiveActivitiesDoNotStopTheCall() async throws {
        coordinator = makeCoordinator(dialer: dialer, activities: FakeActivities(refuses: true))
        let call = try await dialAnn()
        XCTAssertEqual(dialer.opened.get().count, 1)
        XCTAssertEqual(calls.events, [.dialerOpened])
        let current = try await session.calls.currentScreen()
        XCTAssertEqual(current, .call(sessionId: call))
    }

    func testIDidNotCallEndsTheActivity() async throws {
        let call = try await dialAnn()
        let screen = try await coordinator.cancel(sessionId: call)
        XCTAssertEqual(screen.view, .closed)
        guard case .end = activities.calls.get().last else { return XCTFail("the Live Activity is still up") }
        let current = try await session.calls.currentScreen()
        XCTAssertEqual(current, .queue)
    }

    func testEveryCallKitChangeIsThePhoneEventTheDocsList() {
        func event(_ outgoing: Bool, _ connected: Bool, _ held: Bool, _ ended: Bool) -> PhoneEvent? {
            ObservedCall(isOutgoing: outgoing, hasConnected: connected, isOnHold: held, hasEnded: ended, at: Date()).phoneEvent
        }
        XCTAssertEqual(event(true, false, false, false), .callDialing)
        XCTAssertEqual(event(true, true, false, false), .callActive)
        XCTAssertEqual(event(true, true, true, false), .callHeld)
        XCTAssertEqual(event(true, true, false, true), .callEnded(measuredSeconds: nil))
        XCTAssertEqual(event(true, false, false, true), .callEnded(measuredSeconds: nil))
        XCTAssertNil(event(false, true, false, false))
        XCTAssertNil(event(false, true, false, true))
        XCTAssertEqual(ScenePhaseChange.background.phoneEvent, .appBackground)
        XCTAssertEqual(ScenePhaseChange.active.phoneEvent, .appForeground)
        XCTAssertNil(ScenePhaseChange.inactive.phoneEvent)
    }
}
