import ArgumentParser
import SegScript
import SegScriptLibrary

/// `--jobs N` and `--shard I/N`, shared by the commands that run scripts (`segsh run`,
/// and `segsh report`): how the top-level `parallel for` loops of the script run.
///
///     segsh run batch.seg --jobs 2
///     segsh run batch.seg --shard 3/8      # task 3 of a job array of 8
struct BatchArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Run the iterations of each top-level `parallel for` on N workers (the output is the same for every N).",
                               valueName: "N"))
    var jobs: Int = 1

    @Option(help: ArgumentHelp("Run only the `parallel for` items whose position (from 0) is I modulo N: shard I of N, for a cluster job array. Plain `for` loops are not split.",
                               valueName: "I/N"))
    var shard: String?

    func validate() throws {
        _ = try options()
    }

    /// The interpreter's batch options; a `ValidationError` (exit status 2) names a bad value.
    func options() throws -> BatchOptions {
        guard (1...1024).contains(jobs) else {
            throw ValidationError("--jobs must be between 1 and 1024, got \(jobs)")
        }
        var parsed: Shard?
        if let shard {
            do {
                parsed = try Shard(parsing: shard)
            } catch {
                throw ValidationError("--shard \(shard): \(error.message)")
            }
        }
        return .library(jobs: jobs, shard: parsed)
    }
}
