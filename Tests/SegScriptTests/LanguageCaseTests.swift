import Foundation
import Testing
import TestSupport
@testable import SegScript

/// The language cases: `Cases/**/*.seg` (directives in ``ScriptCase``).
let languageCases = ScriptCase.all(in: Bundle.module.url(forResource: "Cases", withExtension: nil))

func describe(_ d: Diagnostic) -> String { "\(d.range.start.line):\(d.range.start.column) \(d.fullMessage)" }

@Suite struct LanguageCaseTests {
    @Test func thereAreEnoughCases() {
        #expect(languageCases.count >= 150)
    }

    @Test(arguments: languageCases)
    func run(_ c: ScriptCase) throws {
        var output: [String] = []
        let interpreter = Interpreter(output: { output.append(contentsOf: $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) })
        interpreter.echo = c.has("echo")
        interpreter.stepLimit = 1_000_000
        var overrides: [String: Value] = [:]
        for s in c.directives("set") {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            overrides[parts[0]] = Value.parseOverride(parts.count > 1 ? parts[1] : "")
        }
        var errors: [String] = []
        let result = Parser.parse(SourceFile(c.text, name: c.name))
        switch result {
        case .incomplete(let d):
            #expect(c.has("incomplete"), "unexpected incomplete input: \(d)")
            errors = [describe(d)]
        case .failed(let ds):
            #expect(!c.has("incomplete"), "expected incomplete input")
            errors = ds.map(describe)
        case .complete(let program):
            #expect(!c.has("incomplete"), "expected incomplete input")
            do {
                try interpreter.run(program, overrides: overrides)
            } catch {
                errors = error.diagnostics.map(describe)
                for d in error.diagnostics { _ = d.rendered() }
            }
        }
        if !c.has("incomplete") || !c.directives("error").isEmpty {
            #expect(errors == c.directives("error"))
        }
        #expect(output == c.directives("expect"))
    }
}
