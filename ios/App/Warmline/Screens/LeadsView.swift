import SwiftUI
import WarmlineCore
import WarmlineKit

/// All leads, searched by name, company or number (the core matches).
struct LeadsView: View {
    let session: WarmlineSession
    @State private var query = ""
    @State private var screen: LeadsScreen?
    @State private var failure: String?

    var body: some View {
        List(screen?.rows ?? [], id: \.lead.leadId) { row in
            NavigationLink(value: row.lead.leadId) {
                VStack(alignment: .leading, spacing: 2) {
                    Text(row.lead.name).font(.headline)
                    Text(row.lead.phone).font(.subheadline).foregroundStyle(.secondary)
                    Text(row.status.label).font(.caption)
                }
                .accessibilityElement(children: .combine)
            }
        }
        .overlay { EmptyState(loading: screen == nil, empty: screen?.rows.isEmpty == true, failure: failure) }
        .searchable(text: $query, prompt: "Name, company or number")
        .navigationTitle("Leads")
        .navigationDestination(for: String.self) { LeadView(session: session, leadId: $0) }
        .task(id: query) {
            do {
                screen = try await session.leads.list(query: query)
            } catch {
                failure = String(describing: error)
            }
        }
    }
}

extension LeadStatus {
    var label: String {
        String(describing: self).capitalized
    }
}
