import SwiftUI
import WarmlineCore

/// The call's main actions at the bottom of the screen, large: the card's choices, Back
/// and Next, and "I didn't call" while the core says it still applies. At accessibility
/// text sizes they stack.
struct CallActions: View {
    let card: PromptCard
    let canCancel: Bool
    let send: (CallIntent) -> Void
    let didNotCall: () -> Void

    var body: some View {
        VStack(spacing: 8) {
            ForEach(card.choices, id: \.id) { choice in
                Button { send(.choose(choiceId: choice.id)) } label: {
                    Text(choice.label).frame(maxWidth: .infinity, minHeight: 52)
                }
                .buttonStyle(.borderedProminent)
            }
            ViewThatFits {
                HStack(spacing: 8) { stepButtons }
                VStack(spacing: 8) { stepButtons }
            }
            if canCancel {
                Button("I didn't call", role: .destructive, action: didNotCall)
                    .frame(minHeight: 44)
            }
        }
        .font(.title3)
        .padding()
        .background(.bar)
    }

    @ViewBuilder private var stepButtons: some View {
        Button { send(.back) } label: {
            Label("Back", systemImage: "chevron.backward").frame(maxWidth: .infinity, minHeight: 52)
        }
        .buttonStyle(.bordered)
        .disabled(!card.canGoBack)
        Button { send(.next) } label: {
            Label("Next", systemImage: "chevron.forward").frame(maxWidth: .infinity, minHeight: 52)
        }
        .buttonStyle(.borderedProminent)
        .disabled(!card.canGoNext)
    }
}
