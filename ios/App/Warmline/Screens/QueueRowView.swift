import SwiftUI
import WarmlineCore

/// One queue row: the lead, the core's reason, its badges, and the call button.
struct QueueRowView: View {
    let row: QueueRow
    let call: () -> Void

    var body: some View {
        HStack(alignment: .center, spacing: 12) {
            NavigationLink(value: row.lead.leadId) {
                VStack(alignment: .leading, spacing: 4) {
                    Text(row.lead.name).font(.headline)
                    Text(row.reason).font(.subheadline).foregroundStyle(.secondary)
                    BadgesView(badges: row.badges)
                }
            }
            .accessibilityElement(children: .combine)
            Button(action: call) {
                Image(systemName: "phone.fill")
                    .font(.title2)
                    .frame(minWidth: 44, minHeight: 44)
            }
            .buttonStyle(.borderedProminent)
            .disabled(!row.callableNow)
            .accessibilityLabel("Call \(row.lead.name)")
        }
    }
}
