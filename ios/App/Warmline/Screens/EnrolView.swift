import SwiftUI

/// Enrolment: the code a manager gave, or the link their QR code opens (the Camera app
/// opens `warmline://enrol?…` straight into the app).
struct EnrolView: View {
    @Environment(AppModel.self) private var model
    @State private var code = ""

    var body: some View {
        Form {
            Section {
                TextField("Code or link", text: $code)
                    .textInputAutocapitalization(.characters)
                    .autocorrectionDisabled()
                    .textContentType(.oneTimeCode)
                    .accessibilityHint("The code your manager gave you, or the link from their QR code")
                Button("Enrol this phone") { model.enrol(code) }
                    .disabled(code.isEmpty)
            } header: {
                Text("Welcome to Warmline")
            } footer: {
                Text("Or scan your manager's QR code with the Camera app.")
            }
        }
    }
}
