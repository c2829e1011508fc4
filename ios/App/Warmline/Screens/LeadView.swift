import SwiftUI
import WarmlineCore
import WarmlineKit

/// One lead: who, what they asked about, calls, notes with their synced tick, and call.
struct LeadView: View {
    let session: WarmlineSession
    let leadId: String
    @Environment(AppModel.self) private var model
    @State private var screen: LeadScreen?
    @State private var failure: String?
    @State private var note = ""

    var body: some View {
        List {
            if let screen {
                LeadDetailsSection(screen: screen)
                Section {
                    Button { model.call(leadId) } label: {
                        Label("Call \(screen.lead.name)", systemImage: "phone.fill").frame(maxWidth: .infinity, minHeight: 44)
                    }
                    .buttonStyle(.borderedProminent)
                    .disabled(!screen.canCall)
                }
                Section("Notes") {
                    TextField("Add a note", text: $note, axis: .vertical)
                        .onSubmit(save)
                    ForEach(screen.notes, id: \.id) { NoteRow(note: $0) }
                }
                Section("Calls") {
                    ForEach(Array(screen.calls.enumerated()), id: \.offset) { _, call in
                        CallRowView(call: call)
                    }
                }
            }
        }
        .overlay { EmptyState(loading: screen == nil, empty: false, failure: failure) }
        .navigationTitle(screen?.lead.name ?? "")
        .live({ session.leads.screens(leadId: leadId) }, into: $screen, failure: $failure)
    }

    private func save() {
        let text = note
        note = ""
        model.perform { _ = try await session.calls.addNote(leadId: leadId, text: text) }
    }
}

struct LeadDetailsSection: View {
    let screen: LeadScreen

    var body: some View {
        Section {
            LabeledContent("Phone", value: screen.lead.phone)
            LabeledContent("Asked about", value: screen.lead.askedAbout ?? "—")
            LabeledContent("Company", value: screen.lead.company ?? "—")
            LabeledContent("Status", value: screen.status.label)
            LabeledContent("Their time zone", value: screen.lead.timeZone)
            if let reservation = screen.beingCalled {
                LabeledContent("A teammate is calling until", value: reservation.until.formatted(date: .omitted, time: .shortened))
            }
            ForEach(screen.customFields, id: \.name) { LabeledContent($0.name, value: $0.value) }
        }
    }
}

/// A note or answer, with the tick once the server has it.
struct NoteRow: View {
    let note: Note

    var body: some View {
        HStack(alignment: .top) {
            VStack(alignment: .leading, spacing: 2) {
                if let prompt = note.prompt {
                    Text(prompt).font(.caption).foregroundStyle(.secondary)
                }
                Text(note.text)
            }
            Spacer()
            Image(systemName: note.synced ? "checkmark.circle.fill" : "clock")
                .foregroundStyle(note.synced ? .green : .secondary)
                .accessibilityLabel(note.synced ? "Synced" : "Not synced yet")
        }
        .accessibilityElement(children: .combine)
    }
}

struct CallRowView: View {
    let call: CallRow

    var body: some View {
        LabeledContent(
            call.startedAt.formatted(date: .abbreviated, time: .shortened),
            value: call.outcome.map { String(describing: $0) } ?? "—")
    }
}
