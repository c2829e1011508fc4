import SwiftUI
import WarmlineCore
import WarmlineKit

/// After hang-up: the outcome in two taps, the core's suggestion first, a callback time
/// in the lead's own hours, and what the recap missed.
struct OutcomeSheetView: View {
    let session: WarmlineSession
    let sessionId: String
    @Environment(AppModel.self) private var model
    @State private var sheet: OutcomeSheet?
    @State private var callbackAt = Date()

    var body: some View {
        NavigationStack {
            List {
                if let sheet {
                    Section { Text("Talked \(Duration.seconds(sheet.talk.seconds).formatted())") }
                    Section("Outcome") {
                        ForEach(sheet.choices, id: \.self) { kind in
                            OutcomeButton(kind: kind, suggested: kind == sheet.suggested) { finish(kind) }
                        }
                    }
                    Section("If not a good time, call back at (their time, \(sheet.lead.timeZone))") {
                        // Shown and picked on the lead's own clock; the instant is the same.
                        DatePicker("Call back", selection: $callbackAt).labelsHidden()
                            .environment(\.timeZone, TimeZone(identifier: sheet.lead.timeZone) ?? .current)
                    }
                    MissedSection(items: sheet.missed)
                    if sheet.mayNotHaveCalled {
                        Button("I didn't call", role: .destructive) { model.cancelDial(sessionId) }
                    }
                }
            }
            .navigationTitle(sheet?.lead.name ?? "")
        }
        .task {
            sheet = try? await session.calls.outcomeSheet(sessionId: sessionId)
            callbackAt = sheet?.callbackDefault ?? callbackAt
        }
    }

    private func finish(_ kind: OutcomeKind) {
        let outcome = Outcome(kind, callbackAt: callbackAt)
        model.perform { _ = try await session.calls.finish(sessionId: sessionId, outcome: outcome) }
    }
}

struct OutcomeButton: View {
    let kind: OutcomeKind
    let suggested: Bool
    let pick: () -> Void

    var body: some View {
        Button(action: pick) {
            HStack {
                Text(kind.label)
                Spacer()
                if suggested {
                    Text("Suggested").font(.caption).foregroundStyle(.secondary)
                }
            }
            .frame(minHeight: 44)
        }
        .accessibilityHint(suggested ? "Suggested" : "")
    }
}

/// The recap items the call did not cover.
struct MissedSection: View {
    let items: [ChecklistItem]

    var body: some View {
        Section("Not covered") {
            ForEach(items, id: \.label) { Label($0.label, systemImage: "circle") }
        }
    }
}

extension OutcomeKind {
    var label: String {
        switch self {
        case .noAnswer: String(localized: "No answer")
        case .voicemail: String(localized: "Voicemail")
        case .badNumber: String(localized: "Bad number")
        case .notAGoodTime: String(localized: "Not a good time: call back")
        case .foundElsewhere: String(localized: "Found something else")
        case .notAFit: String(localized: "Not a fit")
        case .qualified: String(localized: "Qualified, next step booked")
        case .doNotCall: String(localized: "Do not call")
        }
    }
}
