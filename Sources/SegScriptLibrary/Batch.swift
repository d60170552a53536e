import PixelEngine
import SegScript

extension BatchOptions {
    /// Options for running library scripts on `jobs` workers: each worker's pixel kernels
    /// get `max(1, cores / jobs)` threads (``ParallelRows/taskLimit``), so that workers ×
    /// kernel threads do not oversubscribe the machine. With one job the kernels keep
    /// every core.
    ///
    ///     interpreter.batch = .library(jobs: 2, shard: try Shard(parsing: "0/4"))
    public static func library(jobs: Int, shard: Shard? = nil) -> BatchOptions {
        guard jobs > 1 else { return BatchOptions(jobs: 1, shard: shard) }
        let threads = max(1, ParallelRows.processorCount / jobs)
        return BatchOptions(jobs: jobs, shard: shard) { work in
            ParallelRows.$taskLimit.withValue(threads) { work() }
        }
    }
}
