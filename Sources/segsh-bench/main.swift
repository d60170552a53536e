import Foundation
import PixelEngine

/// Every benchmark case, by area. Each area adds a `static let` in its own file.
enum BenchRegistry {
    static var all: [BenchCase] {
        [io, filters, morphology, color, geometry, measure, threshold, metrics, graphics, superpixel, script,
         watershed, repl, classifierFeatures, forest, inference, networks].flatMap { $0 }
    }
}

/// segsh-bench: times the pixel engine's kernels (build with `-c release`).
///
///     segsh-bench [--size N]... [--inputs DIR] [--filter SUBSTRING] [--threads N] [--json] [--once]
///
/// Prints one line per case and size: a table, or JSON lines for Scripts/bench-compare.
/// `--once` runs each case a single time, untimed warm-up included (for peak-memory
/// measurements under `/usr/bin/time -v`); the time printed is that run's.
struct Options {
    var sizes: [Int] = []
    var inputs: String?
    var filters: [String] = []
    var threads: Int?
    var json = false
    var once = false
}

func parseOptions() -> Options {
    var options = Options()
    var args = CommandLine.arguments.dropFirst()
    func value(_ flag: String) -> String {
        guard let v = args.popFirst() else {
            FileHandle.standardError.write(Data("segsh-bench: \(flag) needs a value\n".utf8))
            exit(2)
        }
        return v
    }
    while let arg = args.popFirst() {
        switch arg {
        case "--size": options.sizes.append(Int(value(arg)) ?? 0)
        case "--inputs": options.inputs = value(arg)
        case "--filter": options.filters.append(value(arg))
        case "--threads": options.threads = Int(value(arg))
        case "--json": options.json = true
        case "--once": options.once = true
        case "--forest-compare":
            // The data of Scripts/compare-sklearn (ForestBenchmarks.swift), then exit.
            do { try ForestCompare.run(directory: value(arg)) } catch {
                FileHandle.standardError.write(Data("segsh-bench: \(error)\n".utf8))
                exit(1)
            }
            exit(0)
        case "-h", "--help":
            print("usage: segsh-bench [--size N]... [--inputs DIR] [--filter SUBSTRING]... [--threads N] [--json] [--once]")
            exit(0)
        default:
            FileHandle.standardError.write(Data("segsh-bench: unknown option '\(arg)'; see --help\n".utf8))
            exit(2)
        }
    }
    if options.sizes.isEmpty { options.sizes = [2048] }
    return options
}

let options = parseOptions()
let cases = BenchRegistry.all.filter { c in options.filters.isEmpty || options.filters.contains { c.name.contains($0) } }
do {
    for size in options.sizes {
        let inputs = try BenchInputs(size: size, directory: options.inputs)
        for benchCase in cases {
            let ms = try ParallelRows.$taskLimit.withValue(options.threads) {
                if options.once {
                    let start = ContinuousClock.now
                    _ = try benchCase.run(inputs)
                    let elapsed = ContinuousClock.now - start
                    return Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
                }
                return try medianMilliseconds(minimumRuns: benchCase.minimumRuns) { try benchCase.run(inputs) }
            }
            if options.json {
                print(#"{"name": "\#(benchCase.name)", "size": \#(size), "ms": \#(ms)}"#)
            } else {
                print(benchCase.name.padding(toLength: 28, withPad: " ", startingAt: 0),
                      String(size).padding(toLength: 6, withPad: " ", startingAt: 0),
                      String(format: "%9.3f ms", ms))
            }
        }
    }
} catch {
    FileHandle.standardError.write(Data("segsh-bench: \(error)\n".utf8))
    exit(1)
}
