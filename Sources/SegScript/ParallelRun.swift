import Foundation

// Running the iterations of a `parallel for`: one after another on this thread, or on
// worker threads with the output of each iteration buffered and delivered in input order.

/// What one iteration printed and showed, in order.
private enum IterationEvent {
    case line(String)
    case show(Value)
}

/// The result of one iteration on a worker: its events, its value or error, and the
/// globals it read (merged into the session's dependency record at the end).
private struct IterationOutcome {
    var events: [IterationEvent]
    var result: Result<Value, any Error>
    var reads: [Int]
}

/// An object handed to worker threads. Each worker uses its own forks; the shared
/// template is only read, and `Shared` is guarded by its condition.
private struct Unchecked<T>: @unchecked Sendable {
    let value: T
}

/// State shared by the coordinator and the workers, guarded by `condition`.
private final class ParallelShared: @unchecked Sendable {
    let condition = NSCondition()
    var outcomes: [IterationOutcome?]
    var next = 0
    var stop = false
    var running: Int

    init(count: Int, workers: Int) {
        outcomes = Array(repeating: nil, count: count)
        running = workers
    }
}

extension Interpreter {
    /// Runs the iterations at `positions` of `items` and returns their values in order.
    /// The first failing iteration (in input order) stops the loop: the output of the
    /// iterations before it, and its own, is delivered; its error gets a note naming it.
    func runParallel(_ loop: ParallelForStmt, items: [Value], positions: [Int]) throws -> [Value] {
        let progress = LoopProgressReporter(loopProgress, total: positions.count)
        defer { progress?.finish() }
        let workers = min(batch.jobs, positions.count)
        if workers <= 1 {
            var values: [Value] = []
            values.reserveCapacity(positions.count)
            for position in positions {
                let item = items[position]
                let child = fork(output: output, display: display)
                do {
                    values.append(try loop.iterate(child, item: item))
                } catch {
                    mergeReads(child.reads)
                    throw loop.failure(error, position: position, item: item)
                }
                mergeReads(child.reads)
                progress?.advance(label: item.string ?? "")
            }
            return values
        }
        return try runOnWorkers(loop, items: items, positions: positions, workers: workers, progress: progress)
    }

    private func runOnWorkers(_ loop: ParallelForStmt, items: [Value], positions: [Int], workers: Int,
                              progress: LoopProgressReporter?) throws -> [Value] {
        let shared = ParallelShared(count: positions.count, workers: workers)
        // Workers fork this snapshot, never the session itself, which keeps recording
        // reads and delivering output while they run.
        let template = Unchecked(value: fork(output: { _ in }, display: { _ in }))
        let job = Unchecked(value: (loop, items, positions))
        let scope = batch.workerScope
        for _ in 0..<workers {
            let thread = Thread {
                let work = { Self.work(shared, template.value, job.value.0, job.value.1, job.value.2) }
                if let scope { scope(work) } else { work() }
                shared.condition.lock()
                shared.running -= 1
                shared.condition.broadcast()
                shared.condition.unlock()
            }
            // As deep as the main thread's stack: the interpreter recurses per nesting level.
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer {
            shared.condition.lock()
            shared.stop = true
            while shared.running > 0 { shared.condition.wait() }
            shared.condition.unlock()
        }
        var values: [Value] = []
        values.reserveCapacity(positions.count)
        for k in positions.indices {
            shared.condition.lock()
            while shared.outcomes[k] == nil { shared.condition.wait() }
            let outcome = shared.outcomes[k]!
            shared.outcomes[k] = nil
            shared.condition.unlock()
            for event in outcome.events {
                switch event {
                case .line(let text): output(text)
                case .show(let value): display(value)
                }
            }
            mergeReads(outcome.reads)
            switch outcome.result {
            case .success(let value):
                values.append(value)
                progress?.advance(label: items[positions[k]].string ?? "")
            case .failure(let error):
                throw loop.failure(error, position: positions[k], item: items[positions[k]])
            }
        }
        return values
    }

    /// One worker: takes the next iteration until none is left or the loop stops.
    private static func work(_ shared: ParallelShared, _ template: Interpreter, _ loop: ParallelForStmt,
                             _ items: [Value], _ positions: [Int]) {
        while true {
            shared.condition.lock()
            let k = shared.next
            guard !shared.stop, k < positions.count else {
                shared.condition.unlock()
                return
            }
            shared.next += 1
            shared.condition.unlock()

            var events: [IterationEvent] = []
            let child = template.fork(output: { events.append(.line($0)) }, display: { events.append(.show($0)) })
            let result = Result { try loop.iterate(child, item: items[positions[k]]) }
            let outcome = IterationOutcome(events: events, result: result, reads: child.reads)

            shared.condition.lock()
            shared.outcomes[k] = outcome
            if case .failure = result { shared.stop = true }
            shared.condition.broadcast()
            shared.condition.unlock()
        }
    }

    /// Records that the current statement read these global slots.
    private func mergeReads(_ slots: [Int]) {
        for slot in slots where slot < globalNames.count { _ = readGlobal(slot) }
    }
}
