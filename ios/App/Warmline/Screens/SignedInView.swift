import SwiftUI
import WarmlineCore
import WarmlineKit

/// The tabs, with the call screen over them and the outcome sheet when the core says.
struct SignedInView: View {
    let session: WarmlineSession
    @Environment(AppModel.self) private var model

    var body: some View {
        @Bindable var model = model
        TabView {
            NavigationStack { QueueView(session: session) }
                .tabItem { Label("Queue", systemImage: "phone.arrow.up.right") }
            NavigationStack { LeadsView(session: session) }
                .tabItem { Label("Leads", systemImage: "person.2") }
            NavigationStack { NoteSearchView(session: session) }
                .tabItem { Label("Notes", systemImage: "magnifyingglass") }
            NavigationStack { SettingsView(session: session) }
                .tabItem { Label("Settings", systemImage: "gear") }
        }
        .fullScreenCover(item: .constant(model.route.callSession)) { call in
            CallView(session: session, sessionId: call.id)
        }
        .sheet(item: .constant(model.route.outcomeSession)) { call in
            OutcomeSheetView(session: session, sessionId: call.id)
                .interactiveDismissDisabled()
        }
        .sheet(item: $model.openedLead) { lead in
            NavigationStack { LeadView(session: session, leadId: lead.id) }
        }
        .confirmationDialog(
            model.confirmation?.reason ?? "", isPresented: .constant(model.confirmation != nil), titleVisibility: .visible
        ) {
            Button("Call anyway") { model.call(model.confirmation?.id ?? "", confirmed: true) }
            Button("Not now", role: .cancel) { model.confirmation = nil }
        }
    }
}

/// A call the route names, as a sheet's item.
struct CallRoute: Identifiable {
    let id: String
}

/// A lead a tapped notification names, as a sheet's item.
struct LeadRoute: Identifiable {
    let id: String
}

extension AppScreen {
    var callSession: CallRoute? {
        if case .call(let sessionId) = self { CallRoute(id: sessionId) } else { nil }
    }

    var outcomeSession: CallRoute? {
        if case .outcome(let sessionId) = self { CallRoute(id: sessionId) } else { nil }
    }
}
