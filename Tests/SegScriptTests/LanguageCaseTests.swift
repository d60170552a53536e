import Foundation
import Testing
@testable import SegScript

/// One language test file under `Cases/`: a script with inline expectations.
///
/// - `# expect: TEXT` — the next line of output (may follow code on the same line);
/// - `# error: LINE:COL MESSAGE` — a diagnostic (parse or runtime), in source order;
///   MESSAGE includes ", did you mean 'x'?" when there is a suggestion;
/// - `# incomplete` — the parser must report incomplete input;
/// - `# set: NAME=VALUE` — a parameter override (`--set`);
/// - `# echo` — bare top-level expressions display themselves (REPL mode).
struct LanguageCase: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    var testDescription: String { name }

    static let all: [LanguageCase] = {
        guard let root = Bundle.module.url(forResource: "Cases", withExtension: nil),
              let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { return [] }
        var cases: [LanguageCase] = []
        for case let url as URL in walker where url.pathExtension == "seg" {
            let name = String(url.path.dropFirst(root.path.count + 1))
            cases.append(LanguageCase(name: name, text: (try? String(contentsOf: url, encoding: .utf8)) ?? ""))
        }
        return cases.sorted { $0.name < $1.name }
    }()

    func directives(_ key: String) -> [String] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.compactMap { line in
            guard let r = line.range(of: "# \(key):") else { return nil }
            let rest = line[r.upperBound...]
            return String(rest.first == " " ? rest.dropFirst() : rest)
        }
    }

    func has(_ flag: String) -> Bool {
        text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "# \(flag)" }
    }
}

func describe(_ d: Diagnostic) -> String { "\(d.range.start.line):\(d.range.start.column) \(d.fullMessage)" }

@Suite struct LanguageCaseTests {
    @Test func thereAreEnoughCases() {
        #expect(LanguageCase.all.count >= 150)
    }

    @Test(arguments: LanguageCase.all)
    func run(_ c: LanguageCase) throws {
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
