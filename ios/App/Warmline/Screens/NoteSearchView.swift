import SwiftUI
import WarmlineCore
import WarmlineKit

/// Full-text search over every note and answer (the core's index).
struct NoteSearchView: View {
    let session: WarmlineSession
    @State private var query = ""
    @State private var hits: [SearchHit] = []
    @State private var failure: String?

    var body: some View {
        List(hits, id: \.note.id) { hit in
            NavigationLink(value: hit.note.leadId) {
                VStack(alignment: .leading, spacing: 2) {
                    Text(hit.leadName).font(.headline)
                    Text(hit.snippet).font(.subheadline)
                }
                .accessibilityElement(children: .combine)
            }
        }
        .searchable(text: $query, prompt: "Search notes")
        .navigationTitle("Notes")
        .navigationDestination(for: String.self) { LeadView(session: session, leadId: $0) }
        .task(id: query) {
            do {
                hits = try await session.calls.search(query, limit: 50)
            } catch {
                failure = String(describing: error)
            }
        }
    }
}
