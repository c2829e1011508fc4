import AppIntents
import SwiftUI
import WarmlineLiveCard

/// Back, the card's choices and Next, as `LiveActivityIntent` buttons.
struct CardButtons: View {
    let card: ActivityCard

    var body: some View {
        HStack(spacing: 6) {
            Button(intent: BackCardIntent(sessionId: card.sessionId)) {
                Image(systemName: "chevron.backward")
            }
            .disabled(!card.canGoBack)
            .accessibilityLabel("Back")
            ForEach(card.choices, id: \.id) { choice in
                Button(intent: ChooseCardIntent(sessionId: card.sessionId, choiceId: choice.id)) {
                    Text(choice.label).lineLimit(1).minimumScaleFactor(0.7)
                }
            }
            Button(intent: NextCardIntent(sessionId: card.sessionId)) {
                Image(systemName: "chevron.forward")
            }
            .disabled(!card.canGoNext)
            .accessibilityLabel("Next")
        }
        .buttonStyle(.bordered)
    }
}
