import SwiftUI
import WarmlineCore

/// The sync status in full: health, what waits to go up, the last success and error, as
/// the core's sync driver reports them while the app is in front.
struct SyncStatusView: View {
    @Environment(AppModel.self) private var model

    var body: some View {
        List {
            if let screen = model.syncLine {
                LabeledContent("Status", value: screen.health.label)
                LabeledContent("Waiting to sync", value: "\(screen.pendingChanges)")
                LabeledContent("Set aside until an update", value: "\(screen.quarantinedChanges)")
                LabeledContent("Last synced", value: screen.lastSyncedAt?.formatted() ?? "never")
                LabeledContent("Next try", value: screen.nextAttemptAt.formatted(date: .omitted, time: .standard))
                if let error = screen.lastError {
                    Text(error).font(.footnote).foregroundStyle(.secondary)
                }
            }
        }
        .overlay { EmptyState(loading: model.syncLine == nil, empty: false, failure: nil) }
        .navigationTitle("Sync")
    }
}

/// The one-line sync status above the queue.
struct SyncStatusLine: View {
    let line: SyncScreen?

    var body: some View {
        Label(line?.health.label ?? "", systemImage: line?.health.symbol ?? "circle.dotted")
            .font(.footnote)
            .accessibilityLabel("Sync: \(line?.health.label ?? "")")
    }
}

extension SyncHealth {
    var label: String {
        switch self {
        case .notYet: String(localized: "Not synced yet")
        case .online: String(localized: "Up to date")
        case .offline: String(localized: "Offline, saved on this phone")
        }
    }

    var symbol: String {
        switch self {
        case .notYet: "circle.dotted"
        case .online: "checkmark.icloud"
        case .offline: "icloud.slash"
        }
    }
}
