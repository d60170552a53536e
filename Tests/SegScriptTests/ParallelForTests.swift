import Foundation
import Synchronization
import Testing
import TestSupport
@testable import SegScript

/// What a run produced: output lines, shown values, the error's message and notes.
struct BatchRun: Equatable {
    var lines: [String] = []
    var errors: [String] = []
}

/// A counter shared with closures on other threads.
final class SharedCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// The core builtins plus `current_seed()`, which reads the interpreter's default seed.
let seedRegistry: Registry = {
    var r = Registry.core
    r.register(Builtin("current_seed", topic: "test", parameters: [], summary: "The default seed.") { context, _ in
        .number(Double(context.seed))
    })
    return r
}()

/// Runs `text` with `jobs` workers (and a shard), collecting output, `show`s and errors.
func runBatch(_ text: String, jobs: Int, shard: Shard? = nil, registry: Registry = .core,
              setUp: (Interpreter) -> Void = { _ in }) -> BatchRun {
    var run = BatchRun()
    let interpreter = Interpreter(registry: registry, output: { run.lines.append($0) })
    interpreter.display = { run.lines.append("show: " + $0.debugDescription) }
    interpreter.batch = BatchOptions(jobs: jobs, shard: shard)
    setUp(interpreter)
    do {
        try interpreter.run(source: text, name: "batch")
    } catch {
        run.errors = error.diagnostics.map { d in
            ["\(d.range.start.line):\(d.range.start.column) \(d.fullMessage)"] + d.notes.map { "note: " + $0.message }
        }.flatMap { $0 }
    }
    return run
}

let parallelCases = languageCases.filter { $0.name.hasPrefix("parallel/") && !$0.has("incomplete") }

@Suite struct ParallelForTests {
    @Test func thereAreCases() {
        #expect(parallelCases.count >= 15)
    }

    /// Every `parallel` case gives the same output and diagnostics for 1, 2 and 3 workers.
    @Test(arguments: parallelCases)
    func sameForEveryJobCount(_ c: ScriptCase) {
        let one = runBatch(c.text, jobs: 1)
        #expect(runBatch(c.text, jobs: 2) == one)
        #expect(runBatch(c.text, jobs: 3) == one)
    }

    @Test(arguments: [1, 2, 4])
    func orderHoldsWhenEarlyIterationsAreSlow(jobs: Int) {
        // Item i spins (40 - i) * 2000 steps: later items finish first on several workers.
        let text = """
            r = parallel for i in range(40) {
                s = 0
                for k in range((40 - i) * 2000) { s = s + 1 }
                print("item", i)
                show(i)
                i * 2
            }
            print(r)
            """
        let run = runBatch(text, jobs: jobs)
        var expected: [String] = []
        for i in 0..<40 { expected += ["item \(i)", "show: \(i)"] }
        expected.append("[" + (0..<40).map { String($0 * 2) }.joined(separator: ", ") + "]")
        #expect(run.errors == [])
        #expect(run.lines == expected)
    }

    @Test(arguments: [1, 2])
    func errorNamesTheIterationAndItsItem(jobs: Int) {
        let text = """
            files = ["a.png", "b.png", "c.png", "d.png"]
            parallel for f in files {
                print(f)
                if f == "c.png" { x = 1 + f }
            }
            """
        let run = runBatch(text, jobs: jobs)
        #expect(run.lines == ["a.png", "b.png", "c.png"])
        #expect(run.errors == ["4:27 cannot apply '+' to number and string; use str(x) to turn a number into a string",
                               "note: in iteration 2 (f = \"c.png\")"])
    }

    @Test(arguments: [1, 2])
    func theFirstFailingIterationInInputOrderIsReported(jobs: Int) {
        // Items 1 and 3 fail; item 1 is reported for every job count.
        let run = runBatch("parallel for x in [0, \"a\", 2, \"b\"] { y = x + 1 }", jobs: jobs)
        #expect(run.errors.last == "note: in iteration 1 (x = \"a\")")
    }

    @Test func accumulatingExplainsWhyTheNameIsLocal() {
        let run = runBatch("n = 0\nparallel for x in [1] { n = n + x }", jobs: 1)
        #expect(run.errors.count == 3)
        #expect(run.errors[1].contains("'n' is assigned in this 'parallel for', so it is local to each iteration"))
    }

    @Test(arguments: [(0, 3), (1, 3), (2, 3), (0, 1), (4, 5)])
    func shardRunsEveryNthItem(index: Int, count: Int) throws {
        let shard = try Shard(index: index, count: count)
        let run = runBatch("r = parallel for x in range(10) { print(x); x }\nprint(r)", jobs: 2, shard: shard)
        let picked = (0..<10).filter { $0 % count == index }
        #expect(run.lines == picked.map(String.init) + ["[" + picked.map(String.init).joined(separator: ", ") + "]"])
    }

    @Test func shardsTogetherCoverTheListOnce() throws {
        var all: [String] = []
        for i in 0..<4 {
            all += runBatch("parallel for x in range(10) { print(x) }", jobs: 2, shard: try Shard(index: i, count: 4)).lines
        }
        #expect(all.sorted() == (0..<10).map(String.init).sorted())
    }

    @Test(arguments: ["3/2", "2/2", "x/2", "0/0", "-1/2", "1/-2", "1/2/3", "", "1"])
    func badShardsAreRefusedWithTheValue(_ text: String) {
        #expect(throws: ShardError.self) { try Shard(parsing: text) }
        do {
            _ = try Shard(parsing: text)
        } catch {
            #expect(error.message.contains("got"))
        }
    }

    @Test func shardParses() throws {
        let s = try Shard(parsing: "3/8")
        #expect(s.index == 3 && s.count == 8 && s.description == "3/8")
        #expect(s.contains(11) && !s.contains(12))
    }

    @Test func iterationsStartFromTheSessionSeed() {
        // `seed(n)` inside an iteration changes only that iteration.
        let text = """
            seed(7)
            r = parallel for i in [1, 2] {
                before = current_seed()
                seed(99)
                before
            }
            print(r, current_seed())
            """
        for jobs in [1, 2] { #expect(runBatch(text, jobs: jobs, registry: seedRegistry).lines == ["[7, 7] 7"]) }
    }

    @Test func bodyReadsCountAsTheStatementsReads() throws {
        let interpreter = Interpreter(output: { _ in })
        interpreter.batch = BatchOptions(jobs: 2)
        try interpreter.run(source: "k = 2\nunused = 1\nr = parallel for x in [1, 2, 3] { x * k }")
        let loop = try #require(interpreter.statements.last)
        #expect(loop.reads.contains("k"))
        #expect(!loop.reads.contains("unused"))
        #expect(loop.writes == ["r"])
    }

    @Test(arguments: [1, 2])
    func cancellationStopsEveryWorker(jobs: Int) {
        let token = CancellationToken()
        let interpreter = Interpreter(output: { _ in }, cancellation: token)
        interpreter.batch = BatchOptions(jobs: jobs)
        let started = SharedCounter()
        // Cancel from another thread once the loop is running.
        let canceller = Thread {
            while started.value.load(ordering: .relaxed) == 0 { usleep(1000) }
            usleep(20_000)
            token.cancel()
        }
        interpreter.loopProgress = { if case .started = $0 { started.value.store(1, ordering: .relaxed) } }
        canceller.start()
        do {
            try interpreter.run(source: "parallel for i in range(8) { while true { i = i } }", name: "loop")
            Issue.record("the loop was not interrupted")
        } catch {
            #expect(error.diagnostics.first?.message == "interrupted")
        }
    }

    @Test func workerScopeWrapsEachWorker() {
        let entered = SharedCounter()
        let run = runBatch("r = parallel for x in range(6) { x }\nprint(r)", jobs: 3) { interpreter in
            interpreter.batch.workerScope = { work in
                entered.value.add(1, ordering: .relaxed)
                work()
            }
        }
        #expect(run.lines == ["[0, 1, 2, 3, 4, 5]"])
        #expect(entered.value.load(ordering: .relaxed) == 3)
    }

    @Test func progressIsReportedForTopLevelLoopsOnly() throws {
        var events: [LoopProgress] = []
        let interpreter = Interpreter(output: { _ in })
        interpreter.loopProgress = { events.append($0) }
        try interpreter.run(source: """
            def inner() { for i in range(3) { i } }
            for f in ["a.png", "b.png"] { inner() }
            for i in range(2) { for j in [1, 2, 3] { j } }
            r = parallel for f in ["c.png"] { f }
            """)
        #expect(events == [
            .started(total: 2), .advanced(done: 1, total: 2, label: "a.png"), .advanced(done: 2, total: 2, label: "b.png"), .finished,
            .started(total: 2), .advanced(done: 1, total: 2, label: ""), .advanced(done: 2, total: 2, label: ""), .finished,
            .started(total: 1), .advanced(done: 1, total: 1, label: "c.png"), .finished,
        ])
    }

    @Test func progressFinishesWhenALoopFails() {
        var events: [LoopProgress] = []
        let interpreter = Interpreter(output: { _ in })
        interpreter.batch = BatchOptions(jobs: 2)
        interpreter.loopProgress = { events.append($0) }
        try? interpreter.run(source: "parallel for x in [1, \"a\", 3] { x + 1 }")
        #expect(events.first == .started(total: 3))
        #expect(events.last == .finished)
    }

    @Test func batchOptionsKeepAtLeastOneJob() {
        #expect(BatchOptions(jobs: 0).jobs == 1)
        #expect(BatchOptions(jobs: -3).jobs == 1)
    }
}
