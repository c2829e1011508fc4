import SwiftUI

extension View {
    /// Draws each state `stream` delivers into `state` while the view is on screen; the
    /// stream (and the core's observer behind it) ends when the view goes away.
    func live<Value: Sendable>(
        _ stream: @escaping () -> AsyncThrowingStream<Value, Error>,
        into state: Binding<Value?>,
        failure: Binding<String?>
    ) -> some View {
        task {
            do {
                for try await next in stream() {
                    state.wrappedValue = next
                }
            } catch {
                failure.wrappedValue = error.localizedDescription
            }
        }
    }
}
