import SwiftUI
import WarmlineCore

/// The server signed this phone out: why, and what never reached it.
struct SignedOutView: View {
    let screen: SignedOutScreen
    @Environment(AppModel.self) private var model

    var body: some View {
        NavigationStack {
            List {
                Section { Text(screen.message) }
                Section("Not synced (\(screen.unsyncedChanges))") {
                    ForEach(Array(screen.unsyncedNotes.enumerated()), id: \.offset) { _, note in
                        VStack(alignment: .leading) {
                            Text(note.leadName).font(.headline)
                            Text(note.text)
                        }
                        .accessibilityElement(children: .combine)
                    }
                }
                EnrolSection(title: "Enrol again and keep these")
                Section {
                    Button("Sign out and delete them", role: .destructive) { model.signOut() }
                }
            }
            .navigationTitle("Signed out")
        }
    }
}
