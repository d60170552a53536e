import Testing
@testable import SegScript

/// What a slider needs before it recomputes: the dependents of a param, the statement
/// running, and dropping a tweaked value.
@Suite struct ParamDependentsTests {
    @Test func dependentsMatchWhatRetweakRuns() throws {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(source: "param t = 2\ndef f(x) { return x * t }\na = 10\ny = f(a)\nz = a + 1\nprint(y)\nw = y + z")
        let predicted = try #require(interpreter.dependents(of: "t"))
        #expect(predicted == [0, 3, 5, 6])
        let report = try interpreter.retweak("t", to: .number(5))
        #expect(report.statements.map(\.index) == predicted)
        #expect(interpreter.dependents(of: "a") == nil)
        #expect(interpreter.dependents(of: "nope") == nil)
    }

    @Test func runningStatementNamesTheStatementThatDisplays() throws {
        let interpreter = Interpreter(output: { _ in })
        interpreter.echo = true
        var shown: [(Int, Value)] = []
        interpreter.display = { [unowned interpreter] value in shown.append((interpreter.runningStatement, value)) }
        try interpreter.run(source: "param t = 1\nu = 7\nu\nv = t * 3\nv")
        #expect(shown.map(\.0) == [2, 4])
        shown.removeAll()
        _ = try interpreter.retweak("t", to: .number(2))
        #expect(shown.map(\.0) == [4])
        #expect(shown.map(\.1) == [.number(6)])
    }

    @Test func clearedOverrideLetsADeclarationWinAgain() throws {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(source: "param t = 1")
        _ = try interpreter.retweak("t", to: .number(9))
        try interpreter.run(source: "param t = 3")
        #expect(interpreter["t"] == .number(9))
        interpreter.clearParamOverride("t")
        try interpreter.run(source: "param t = 3")
        #expect(interpreter["t"] == .number(3))
    }
}
