import ActivityKit
import SwiftUI
import WarmlineLiveCard
import WidgetKit

/// The script beside the call: the card on the Lock Screen and in the Dynamic Island.
struct CallLiveActivity: Widget {
    var body: some WidgetConfiguration {
        ActivityConfiguration(for: CallActivityAttributes.self) { context in
            LockScreenCard(card: context.state)
                .activityBackgroundTint(Color(.systemBackground).opacity(0.9))
        } dynamicIsland: { context in
            DynamicIsland {
                DynamicIslandExpandedRegion(.leading) {
                    Text(context.state.leadName).font(.headline).lineLimit(1)
                }
                DynamicIslandExpandedRegion(.trailing) {
                    StageText(card: context.state)
                }
                DynamicIslandExpandedRegion(.center) {
                    Text(context.state.title).font(.subheadline.bold()).lineLimit(1)
                }
                DynamicIslandExpandedRegion(.bottom) {
                    VStack(alignment: .leading, spacing: 8) {
                        Text(context.state.line).font(.callout).lineLimit(4)
                        CardButtons(card: context.state)
                    }
                }
            } compactLeading: {
                Image(systemName: "text.bubble").accessibilityLabel("Script")
            } compactTrailing: {
                StageText(card: context.state)
            } minimal: {
                Image(systemName: "text.bubble").accessibilityLabel("Script")
            }
        }
    }
}

/// The Lock Screen banner: who, where in the script, the line, the buttons.
struct LockScreenCard: View {
    let card: ActivityCard

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            HStack {
                Text(card.leadName).font(.headline)
                Spacer()
                TalkTimer(card: card)
                StageText(card: card)
            }
            Text(card.title).font(.subheadline.bold())
            Text(card.line).font(.body).lineLimit(5)
            if let tip = card.tip {
                Text(tip).font(.footnote).foregroundStyle(.secondary).lineLimit(2)
            }
            CardButtons(card: card)
        }
        .padding()
    }
}

/// "2/7", read out as "stage 2 of 7".
struct StageText: View {
    let card: ActivityCard

    var body: some View {
        Text("\(card.stageNumber)/\(card.stageCount)")
            .font(.caption.monospacedDigit())
            .accessibilityLabel("Stage \(card.stageNumber) of \(card.stageCount)")
    }
}

/// The system's own running timer from when the lead picked up: no updates needed.
struct TalkTimer: View {
    let card: ActivityCard

    var body: some View {
        if let answeredAt = card.answeredAt {
            Text(answeredAt, style: .timer)
                .font(.caption.monospacedDigit())
                .accessibilityLabel("Talk time")
        }
    }
}
