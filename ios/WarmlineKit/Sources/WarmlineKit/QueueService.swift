import Foundation
import WarmlineCore

/// "Who do I call now?" for the queue screen. The ranking is the core's.
public protocol QueueServiceProtocol: Sendable {
    func page(limit: UInt32) async throws -> Queue
    /// The queue screen's rows with their badges.
    func screen(limit: UInt32) async throws -> QueueScreen
    /// The queue screen now and after every change.
    func screens(limit: UInt32) -> AsyncThrowingStream<QueueScreen, Error>
    /// The queue now, then again whenever it changes: after any write, and at the instant
    /// the core says the order changes by itself (a held lead becomes callable).
    func updates(limit: UInt32) -> AsyncThrowingStream<Queue, Error>
}

/// `QueueServiceProtocol` backed by the Rust core.
public final class QueueService: QueueServiceProtocol {
    private let core: Warmline
    private let now: @Sendable () -> Date

    init(core: Warmline, now: @escaping @Sendable () -> Date) {
        self.core = core
        self.now = now
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

    public func updates(limit: UInt32 = 50) -> AsyncThrowingStream<Queue, Error> {
        let core = core
        let now = now
        return AsyncThrowingStream { continuation in
            let signal = ChangeSignal()
            let handle = core.observeQueue(observer: signal)
            let task = Task {
                do {
                    while !Task.isCancelled {
                        let queue = try core.queue(limit: limit)
                        continuation.yield(queue)
                        let wait = queue.refreshAt.map { max(0, $0.timeIntervalSince(now())) }
                        await signal.next(timeout: wait)
                    }
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in
                task.cancel()
                handle.cancel()
            }
        }
    }
}

/// A wake-up from the core's queue observer, or a timeout, whichever comes first.
private final class ChangeSignal: QueueObserver, @unchecked Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func onQueueChanged() {
        continuation.yield()
    }

    /// Waits for the next change, or `timeout` seconds when given.
    func next(timeout: TimeInterval?) async {
        let stream = stream
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in stream { return }
            }
            if let timeout {
                group.addTask { try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000)) }
            }
            await group.next()
            group.cancelAll()
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
