// What a screen state costs through WarmlineKit on Linux Swift (`cargo xtask bench-kits`):
// a small call into the core, a screen read (the core builds it, the generated bindings
// carry it, the kit hands it over), and a write delivered to a screen's stream.
import Foundation
import WarmlineCore
import WarmlineKit

let warmUp = 200
let runs = 2_000

func measure(_ what: String, _ block: () async throws -> Void) async throws {
    for _ in 0..<warmUp { try await block() }
    var times: [UInt64] = []
    times.reserveCapacity(runs)
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try await block()
        times.append(DispatchTime.now().uptimeNanoseconds - start)
    }
    times.sort()
    func us(_ p: Double) -> Double { Double(times[Int(Double(times.count - 1) * p)]) / 1_000 }
    let label = "Swift: \(what)".padding(toLength: 45, withPad: " ", startingAt: 0)
    print("\(label) p50 \(String(format: "%9.1f", us(0.5))) µs   p99 \(String(format: "%9.1f", us(0.99))) µs   (n = \(runs))")
}

/// The benchmark, in a function so its state is local (top-level code is main-actor
/// isolated).
func runBench() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warmline-kit-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let kit = try WarmlineSession.open(
        database: dir.appendingPathComponent("bench.db"), timeZone: TimeZone(identifier: "America/New_York")!)
    var ids: [String] = []
    for n in 0..<200 {
        ids.append(try await kit.leads.add(NewLead(firstName: "Lead \(n)", phone: String(format: "+1 212 555 %04d", 1000 + n))).id)
    }
    guard case .dialling(_, let screen) = try await kit.calls.dial(
        leadId: ids[0], capabilities: PhoneCapabilities(callStates: true, answerState: true), confirmOutsideHours: true)
    else { fatalError("the dial asked for confirmation") }
    let session = screen.sessionId
    try await measure("a small call (team settings)") { _ = await kit.leads.teamSettings() }
    try await measure("the call screen") { _ = try await kit.calls.screen(sessionId: session) }
    try await measure("the queue screen, 50 rows") { _ = try await kit.queue.screen(limit: 50) }
    var screens = kit.calls.screens(sessionId: session).makeAsyncIterator()
    _ = try await screens.next()
    var n = 0
    try await measure("a draft saved, to the call screen's stream") {
        n += 1
        try await kit.calls.setDraft(sessionId: session, text: "draft \(n)")
        _ = try await screens.next()
    }
}

try await runBench()
