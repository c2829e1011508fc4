import SwiftUI
import WarmlineCore
import WarmlineKit

/// The call screen for when the rep switches back to the app during the call: the card
/// large, the quick note, and the main actions at the bottom within a thumb's reach.
struct CallView: View {
    let session: WarmlineSession
    let sessionId: String
    @Environment(AppModel.self) private var model
    @State private var screen: CallScreen?
    @State private var failure: String?

    var body: some View {
        VStack(spacing: 0) {
            if let screen {
                CallHeader(screen: screen)
                ScrollView {
                    CardView(card: screen.card) { send($0) }
                        .padding()
                }
                DraftField(session: session, sessionId: sessionId, draft: screen.draft)
                CallActions(card: screen.card, canCancel: screen.canCancel, send: send) {
                    model.cancelDial(sessionId)
                }
            }
        }
        .overlay { EmptyState(loading: screen == nil, empty: false, failure: failure) }
        .live({ session.calls.screens(sessionId: sessionId) }, into: $screen, failure: $failure)
        .task { await model.followCall(sessionId) }
    }

    private func send(_ intent: CallIntent) {
        model.perform { _ = try await session.calls.send(sessionId: sessionId, intent: intent) }
    }
}

/// Who is on the line and where the call is.
struct CallHeader: View {
    let screen: CallScreen

    var body: some View {
        VStack(spacing: 2) {
            Text(screen.lead.name).font(.title2.bold())
            Text("Stage \(screen.card.stageNumber) of \(screen.card.stageCount)")
                .font(.subheadline)
                .foregroundStyle(.secondary)
            if screen.onHold {
                Text("On hold").font(.caption.bold())
            }
        }
        .padding(.vertical, 8)
        .frame(maxWidth: .infinity)
        .background(.bar)
        .accessibilityElement(children: .combine)
    }
}

/// The quick note, kept by the core as it is typed and saved on return.
struct DraftField: View {
    let session: WarmlineSession
    let sessionId: String
    let draft: String
    @Environment(AppModel.self) private var model
    @State private var text = ""

    var body: some View {
        TextField("Quick note", text: $text, axis: .vertical)
            .lineLimit(1...4)
            .textFieldStyle(.roundedBorder)
            .padding(.horizontal)
            .onAppear { text = draft }
            .onChange(of: text) { _, typed in
                model.perform { try await session.calls.setDraft(sessionId: sessionId, text: typed) }
            }
            .onSubmit {
                model.perform { _ = try await session.calls.saveDraft(sessionId: sessionId) }
                text = ""
            }
    }
}
