import Synchronization

/// Cooperative cancellation of a running script: another thread (a Ctrl-C handler, a
/// notebook's stop button) calls ``cancel()``; the interpreter checks the token in every
/// loop iteration and call and stops with an "interrupted" error.
///
///     let token = CancellationToken()
///     let interpreter = Interpreter(cancellation: token)
///     // elsewhere: token.cancel()
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A token that is not cancelled.
    public init() {}

    /// Requests cancellation; safe from any thread.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Clears the request (the REPL does this before each input).
    public func reset() { flag.store(false, ordering: .relaxed) }

    /// Whether cancellation was requested.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
