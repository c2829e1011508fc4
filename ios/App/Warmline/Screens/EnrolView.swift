import SwiftUI

/// Enrolment: the code a manager gave, or the link their QR code opens (the Camera app
/// opens `warmline://enrol?…` straight into the app).
struct EnrolView: View {
    var body: some View {
        Form {
            EnrolSection(title: "Welcome to Warmline")
        }
    }
}

/// The code or link field and its button; also on the signed-out screen, where enrolling
/// again keeps what never reached the server.
struct EnrolSection: View {
    let title: LocalizedStringKey
    @Environment(AppModel.self) private var model
    @State private var code = ""

    var body: some View {
        Section {
            TextField("Code or link", text: $code)
                .textInputAutocapitalization(.characters)
                .autocorrectionDisabled()
                .textContentType(.oneTimeCode)
                .accessibilityHint("The code your manager gave you, or the link from their QR code")
            Button("Enrol this phone") { model.enrol(code) }
                .disabled(code.isEmpty)
        } header: {
            Text(title)
        } footer: {
            Text("Or scan your manager's QR code with the Camera app.")
        }
    }
}
