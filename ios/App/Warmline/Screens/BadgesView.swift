import SwiftUI
import WarmlineCore

/// The core's badges on a row, as short labels.
struct BadgesView: View {
    let badges: [Badge]

    var body: some View {
        ViewThatFits {
            HStack { labels }
            VStack(alignment: .leading) { labels }
        }
        .font(.caption)
    }

    private var labels: some View {
        ForEach(Array(badges.enumerated()), id: \.offset) { _, badge in
            Text(badge.label)
                .padding(.horizontal, 6)
                .background(.thinMaterial, in: Capsule())
        }
    }
}

extension Badge {
    var label: String {
        switch self {
        case .new: String(localized: "New")
        case .callbackDue(let at): String(localized: "Callback \(at.formatted(date: .omitted, time: .shortened))")
        case .attempt(let number, let of): String(localized: "Attempt \(number) of \(of)")
        case .windowClosesAt(let at): String(localized: "Until \(at.formatted(date: .omitted, time: .shortened))")
        case .opensAt(let at, _): String(localized: "Opens \(at.formatted(date: .omitted, time: .shortened))")
        case .beingCalled(_, let until): String(localized: "Being called until \(until.formatted(date: .omitted, time: .shortened))")
        }
    }
}
