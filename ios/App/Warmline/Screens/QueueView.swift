import SwiftUI
import WarmlineCore
import WarmlineKit

/// "Who do I call now?": the core's ranked rows with their reasons; one tap dials.
struct QueueView: View {
    let session: WarmlineSession
    @Environment(AppModel.self) private var model
    @State private var screen: QueueScreen?
    @State private var failure: String?

    var body: some View {
        List {
            Section {
                ForEach(screen?.rows ?? [], id: \.lead.leadId) { row in
                    QueueRowView(row: row) { model.call(row.lead.leadId) }
                }
            } header: {
                SyncStatusLine(line: model.syncLine)
            }
        }
        .overlay { EmptyState(loading: screen == nil, empty: screen?.rows.isEmpty == true, failure: failure) }
        .navigationTitle("Call next")
        .navigationDestination(for: String.self) { LeadView(session: session, leadId: $0) }
        .toolbar {
            ToolbarItem(placement: .topBarTrailing) {
                NavigationLink { SyncStatusView() } label: {
                    Image(systemName: "arrow.triangle.2.circlepath").accessibilityLabel("Sync status")
                }
            }
        }
        .live({ session.queue.screens(limit: 50) }, into: $screen, failure: $failure)
    }
}

/// Shown over an empty list: loading, nothing to show, or why it failed.
struct EmptyState: View {
    let loading: Bool
    let empty: Bool
    let failure: String?

    var body: some View {
        if let failure {
            ContentUnavailableView("Cannot load", systemImage: "exclamationmark.triangle", description: Text(failure))
        } else if loading {
            ProgressView()
        } else if empty {
            ContentUnavailableView("Nobody to call now", systemImage: "checkmark.circle")
        }
    }
}
