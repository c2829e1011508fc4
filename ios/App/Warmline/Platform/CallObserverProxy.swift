import CallKit
import Foundation
import WarmlineKit

/// `CallObserving` on CallKit: each change `CXCallObserver` reports, as its flags, stamped
/// with the time it was told. No permission is needed to observe the app's own calls'
/// states; the phone number is never seen.
final class CallObserverProxy: NSObject, CallObserving, CXCallObserverDelegate, @unchecked Sendable {
    private let observer = CXCallObserver()
    private let stream: AsyncStream<ObservedCall>
    private let continuation: AsyncStream<ObservedCall>.Continuation

    override init() {
        let (stream, continuation) = AsyncStream.makeStream(of: ObservedCall.self)
        self.stream = stream
        self.continuation = continuation
        super.init()
        observer.setDelegate(self, queue: nil)
    }

    func changes() -> AsyncStream<ObservedCall> {
        stream
    }

    func callObserver(_ callObserver: CXCallObserver, callChanged call: CXCall) {
        continuation.yield(ObservedCall(
            isOutgoing: call.isOutgoing,
            hasConnected: call.hasConnected,
            isOnHold: call.isOnHold,
            hasEnded: call.hasEnded,
            at: Date()))
    }
}
