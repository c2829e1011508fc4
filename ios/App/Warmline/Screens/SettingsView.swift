import SwiftUI
import WarmlineCore
import WarmlineKit

/// Who is signed in, the team's settings, and sign-out with what it would lose.
struct SettingsView: View {
    let session: WarmlineSession
    @Environment(AppModel.self) private var model
    @State private var screen: SettingsScreen?
    @State private var confirming = false

    var body: some View {
        List {
            if let screen {
                Section("Signed in") {
                    LabeledContent("Rep", value: screen.repName ?? "—")
                    LabeledContent("Team", value: screen.teamName ?? "—")
                    LabeledContent("Company", value: screen.team.company ?? "—")
                    LabeledContent("Phone's time zone", value: screen.deviceTimeZone)
                }
                Section {
                    NavigationLink("Sync status") { SyncStatusView() }
                    Button("Sign out", role: .destructive) { confirming = true }
                } footer: {
                    Text("Warmline \(screen.coreVersion)")
                }
                .confirmationDialog(
                    "\(screen.pendingChanges) changes have not reached the server and will be lost.",
                    isPresented: $confirming, titleVisibility: .visible
                ) {
                    Button("Sign out and delete this phone's data", role: .destructive) { model.signOut() }
                }
            }
        }
        .navigationTitle("Settings")
        .task { screen = try? await session.sync.settings() }
    }
}
