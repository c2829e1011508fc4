import Foundation
import WarmlineCore

/// "Who do I call now?" for the queue screen. The ranking is the core's.
public protocol QueueServiceProtocol: Sendable {
    func page(limit: UInt32) async throws -> Queue
    /// The queue screen's rows with their badges.
    func screen(limit: UInt32) async throws -> QueueScreen
    /// The queue screen now, then again whenever it changes: after any write, and at the
    /// instant the core says the order changes by itself (a held lead becomes callable).
    func screens(limit: UInt32) -> AsyncThrowingStream<QueueScreen, Error>
}

/// `QueueServiceProtocol` backed by the Rust core.
public final class QueueService: QueueServiceProtocol {
    private let core: Warmline

    init(core: Warmline) {
        self.core = core
    }

    public func page(limit: UInt32 = 50) async throws -> Queue {
        try core.queue(limit: limit)
    }

    public func screen(limit: UInt32 = 50) async throws -> QueueScreen {
        try core.queueScreen(limit: limit)
    }

    public func screens(limit: UInt32 = 50) -> AsyncThrowingStream<QueueScreen, Error> {
        AsyncThrowingStream { continuation in
            let handle = core.observeQueueScreen(limit: limit, observer: QueueScreenStream(continuation))
            continuation.onTermination = { _ in handle.cancel() }
        }
    }
}

/// Forwards queue screen states into an `AsyncThrowingStream`.
private final class QueueScreenStream: QueueScreenObserver, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<QueueScreen, Error>.Continuation

    init(_ continuation: AsyncThrowingStream<QueueScreen, Error>.Continuation) {
        self.continuation = continuation
    }

    func onQueueScreen(screen: QueueScreen) {
        continuation.yield(screen)
    }

    func onError(error: WarmlineError) {
        continuation.finish(throwing: error)
    }
}
