import Foundation
import Testing
@testable import SegScript

@Suite struct ParamsTests {
    let script = """
        param t = 2
        def f(x) { return x * t }
        a = 10
        y = f(a)
        z = a + 1
        print(y)
        w = y + z
        print("w", w)
        """

    @Test func retweakRerunsOnlyDependents() throws {
        var lines: [String] = []
        let interpreter = Interpreter(output: { lines.append($0) })
        try interpreter.run(source: script)
        #expect(lines == ["20", "w 31"])
        lines.removeAll()
        let report = try interpreter.retweak("t", to: .number(3))
        // param, y (reads t through f), print(y), w, print(w); not the def, a or z.
        #expect(report.statements.map(\.index) == [0, 3, 5, 6, 7])
        #expect(report.statements.map(\.range.start.line) == [1, 4, 6, 7, 8])
        #expect(lines == ["30", "w 41"])
        #expect(interpreter["w"] == .number(41))
        #expect(interpreter.parameters.map(\.name) == ["t"])
        #expect(interpreter["t"] == .number(3))
    }

    @Test func dependenciesAreRecorded() throws {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(source: script)
        let y = interpreter.statements[3]
        #expect(Set(y.reads) == ["f", "a", "t"])
        #expect(y.writes == ["y"])
        #expect(interpreter.statements[1].writes == ["f"])
    }

    @Test func laterAssignmentStillWins() throws {
        var lines: [String] = []
        let interpreter = Interpreter(output: { lines.append($0) })
        try interpreter.run(source: "param t = 1\nx = t\nx = 5\nprint(x)")
        lines.removeAll()
        let report = try interpreter.retweak("t", to: .number(9))
        #expect(report.statements.map(\.index) == [0, 1, 2, 3])
        #expect(interpreter["x"] == .number(5))
        #expect(lines == ["5"])
    }

    @Test func retweakAcrossSeparateRuns() throws {
        var lines: [String] = []
        let interpreter = Interpreter(output: { lines.append($0) })
        try interpreter.run(source: "param sigma = 1", name: "cell 1")
        try interpreter.run(source: "double = sigma * 2", name: "cell 2")
        try interpreter.run(source: "unrelated = 7", name: "cell 3")
        try interpreter.run(source: "print(double)", name: "cell 4")
        lines.removeAll()
        let report = try interpreter.retweak("sigma", to: .number(4))
        #expect(report.statements.map(\.source.name) == ["cell 1", "cell 2", "cell 4"])
        #expect(lines == ["8"])
    }

    @Test func branchDependenciesAreTrackedDynamically() throws {
        var lines: [String] = []
        let interpreter = Interpreter(output: { lines.append($0) })
        try interpreter.run(source: "param big = false\nparam n = 1\nif big { r = n * 100 } else { r = 0 }\nprint(r)")
        lines.removeAll()
        // `n` was not read (the branch was not taken), so tweaking it reruns nothing else.
        #expect(try interpreter.retweak("n", to: .number(2)).statements.map(\.index) == [1])
        #expect(try interpreter.retweak("big", to: .bool(true)).statements.map(\.index) == [0, 2, 3])
        #expect(lines == ["200"])
        // Now the branch reads `n`.
        #expect(try interpreter.retweak("n", to: .number(3)).statements.map(\.index) == [1, 2, 3])
        #expect(lines == ["200", "300"])
    }

    @Test func retweakTypeChecks() throws {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(source: "param t = 0.5")
        #expect {
            _ = try interpreter.retweak("t", to: .string("high"))
        } throws: { error in
            (error as? ScriptFailure)?.diagnostics.first?.message == "param 't' is a number, but the new value is a string (\"high\")"
        }
        #expect {
            _ = try interpreter.retweak("tt", to: .number(1))
        } throws: { error in
            (error as? ScriptFailure)?.diagnostics.first?.fullMessage == "unknown parameter 'tt'; the parameters are: t, did you mean 't'?"
        }
        #expect(interpreter["t"] == .number(0.5))
    }

    @Test func retweakReportsRuntimeErrors() throws {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(source: "param d = 1\nq = 10 / d")
        #expect(throws: ScriptFailure.self) { _ = try interpreter.retweak("d", to: .number(0)) }
        _ = try interpreter.retweak("d", to: .number(5))
        #expect(interpreter["q"] == .number(2))
    }

    @Test func overridesApplyOnRun() throws {
        var lines: [String] = []
        let interpreter = Interpreter(output: { lines.append($0) })
        try interpreter.run(source: "param k = 1\nprint(k)", overrides: ["k": .number(4)])
        #expect(lines == ["4"])
    }
}

@Suite struct CancellationTests {
    @Test func cancelStopsAnInfiniteLoop() throws {
        let token = CancellationToken()
        let interpreter = Interpreter(output: { _ in }, cancellation: token)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { token.cancel() }
        let start = ContinuousClock.now
        #expect {
            try interpreter.run(source: "i = 0\nwhile true { i = i + 1 }")
        } throws: { error in
            (error as? ScriptFailure)?.diagnostics.first?.message == "interrupted"
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect((interpreter["i"]?.number ?? 0) > 0)
    }

    @Test func cancelStopsRecursionAndReset() throws {
        let token = CancellationToken()
        token.cancel()
        let interpreter = Interpreter(output: { _ in }, cancellation: token)
        #expect(throws: ScriptFailure.self) {
            try interpreter.run(source: "def f(n) { if n == 0 { return 0 } return f(n - 1) + f(n - 1) }\nf(30)")
        }
        token.reset()
        try interpreter.run(source: "x = 1")
        #expect(interpreter["x"] == .number(1))
    }
}
