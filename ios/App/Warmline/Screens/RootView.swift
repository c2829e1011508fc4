import SwiftUI
import WarmlineKit

/// The stage the model is at: enrolment, the signed-in tabs, or signed out.
struct RootView: View {
    @Environment(AppModel.self) private var model

    var body: some View {
        @Bindable var model = model
        Group {
            switch model.stage {
            case .starting: ProgressView()
            case .enrolment: EnrolView()
            case .signedIn(let session): SignedInView(session: session)
            case .signedOut(let screen): SignedOutView(screen: screen)
            }
        }
        .alert("Something went wrong", isPresented: $model.failure.isPresent) {
            Button("OK", role: .cancel) {}
        } message: {
            Text(model.failure ?? "")
        }
    }
}

extension Optional where Wrapped == String {
    /// Whether an alert with this message is up; dismissing clears it.
    var isPresent: Bool {
        get { self != nil }
        set { if !newValue { self = nil } }
    }
}
