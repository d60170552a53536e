import Dispatch

/// Runs `body` over `0..<count` split into contiguous chunks, on all cores.
///
/// This is the one parallel primitive of the pixel engine; every parallel kernel calls it.
/// Each call of `body` owns the rows of its range: it may read anything, but writes only
/// output rows inside its range, so no two tasks write the same memory. Work below about
/// 64 K operations runs inline on the caller's thread, where thread start-up would cost
/// more than it saves.
///
/// - Parameters:
///   - count: the number of rows (or other units) to cover.
///   - costPerRow: a rough count of operations per row, used only to decide whether and
///     how finely to split. Pass `width * channels` for a point operation.
///   - body: called with disjoint ranges that together cover `0..<count` exactly once.
///
/// ```swift
/// parallelRows(height, costPerRow: width) { rows in
///     for y in rows { ... }
/// }
/// ```
@inlinable
public func parallelRows(_ count: Int, costPerRow: Int = 1, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let tasks = ParallelRows.taskCount(rows: count, costPerRow: costPerRow)
    if tasks <= 1 {
        body(0..<count)
        return
    }
    ParallelRows.run(count: count, tasks: tasks, body)
}

/// Scheduling details of ``parallelRows(_:costPerRow:_:)``.
public enum ParallelRows {
    /// Below this many operations a call runs serially.
    public static let serialThreshold = 1 << 16

    /// The number of processors Dispatch will use.
    public static let processorCount = max(1, System.activeProcessorCount)

    /// Overrides the task count for the current task tree: `1` forces serial execution,
    /// a larger value forces that many tasks even for tiny inputs. Tests use it to check
    /// that parallel and serial runs agree; benchmarks use it to time one thread.
    ///
    /// ```swift
    /// let serial = ParallelRows.$taskLimit.withValue(1) { img.map { 255 - $0 } }
    /// ```
    @TaskLocal public static var taskLimit: Int?

    @usableFromInline
    static func taskCount(rows: Int, costPerRow: Int) -> Int {
        if let limit = taskLimit { return max(1, min(rows, limit)) }
        let cost = rows.multipliedReportingOverflow(by: max(1, costPerRow))
        if processorCount == 1 || (!cost.overflow && cost.partialValue < serialThreshold) { return 1 }
        // A few tasks per core balance uneven rows without paying much per task.
        return min(rows, processorCount * 4)
    }

    @usableFromInline
    static func run(count: Int, tasks: Int, _ body: (Range<Int>) -> Void) {
        withoutActuallyEscaping(body) { escaping in
            // Dispatch wants a @Sendable closure; the contract above (disjoint rows per task)
            // is what makes sharing `body` and the buffers it captures safe.
            let shared = UncheckedSendable(escaping)
            DispatchQueue.concurrentPerform(iterations: tasks) { task in
                let start = count * task / tasks
                let end = count * (task + 1) / tasks
                if start < end { shared.value(start..<end) }
            }
        }
    }
}

@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}

/// Processor count without Foundation.
@usableFromInline
enum System {
    @usableFromInline static var activeProcessorCount: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
