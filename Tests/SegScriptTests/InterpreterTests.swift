import Foundation
import Testing
@testable import SegScript

/// Runs `text` in a fresh interpreter and returns its output lines.
func output(of text: String, echo: Bool = false) throws -> [String] {
    var lines: [String] = []
    let interpreter = Interpreter(output: { lines.append($0) })
    interpreter.echo = echo
    try interpreter.run(source: text)
    return lines
}

/// A toy host value: a vector of numbers with element-wise `+`, `!`, members and indexing.
struct Vec: HostValue {
    var items: [Double]
    var typeName: String { "vec" }
    var summary: String { "vec (\(items.count))" }
    var description: String { "<vec \(items.map(Value.format).joined(separator: " "))>" }
    var memberNames: [String] { ["count", "first"] }
    var length: Int? { items.count }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "count": return .number(Double(items.count))
        case "first":
            guard let f = items.first else { throw ScriptError("the vec is empty") }
            return .number(f)
        default: return nil
        }
    }

    func index(_ index: Value) throws -> Value? {
        guard case .number(let n) = index, let i = Value.exactInteger(n), items.indices.contains(i) else { return nil }
        return .number(items[i])
    }

    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        switch (op, other) {
        case (.add, .number(let k)): return .host(Vec(items: items.map { $0 + k }))
        case (.add, .host(let h)):
            guard let o = h as? Vec else { return nil }
            guard o.items.count == items.count else { throw ScriptError("vec sizes differ: \(items.count) and \(o.items.count)") }
            return .host(Vec(items: zip(items, o.items).map(+)))
        case (.greater, .number(let k)):
            return .host(Vec(items: items.map { (selfOnLeft ? $0 > k : k > $0) ? 1 : 0 }))
        case (.equal, .host(let h)):
            return .bool((h as? Vec)?.items == items)
        default: return nil
        }
    }

    func unary(_ op: UnaryOperator) throws -> Value? {
        op == .not ? .host(Vec(items: items.map { $0 == 0 ? 1 : 0 })) : nil
    }

    func elements() throws -> [Value]? { items.map { .number($0) } }
}

let vecBuiltin = Builtin("vec", topic: "test", parameters: [Parameter("items", .number, variadic: true)],
                         summary: "Makes a vec.", examples: ["vec(1, 2)"]) { _, args in
    .host(Vec(items: try args.list("items").compactMap(\.number)))
}

let vecSum = Builtin("vsum", topic: "test", parameters: [Parameter("v", .host("vec"))],
                     summary: "Sums a vec.", examples: ["vsum(vec(1, 2))"]) { _, args in
    .number(try args.host("v", as: Vec.self).items.reduce(0, +))
}

@Suite struct HostValueTests {
    func run(_ text: String) throws(ScriptFailure) -> [String] {
        var registry = Registry.core
        registry.register([vecBuiltin, vecSum])
        var lines: [String] = []
        let interpreter = Interpreter(registry: registry, output: { lines.append($0) })
        try interpreter.run(source: text)
        return lines
    }

    @Test func operatorsRouteToHostHooks() throws {
        #expect(try run("v = vec(1, 2, 3)\nprint(v + 1, 1 + v, v + v)") == ["<vec 2 3 4> <vec 2 3 4> <vec 2 4 6>"])
        #expect(try run("v = vec(0, 5)\nprint(v > 1, 1 > v, !v, not v)") == ["<vec 0 1> <vec 1 0> <vec 1 0> <vec 1 0>"])
        #expect(try run("print(vec(1) == vec(1), vec(1) != vec(2))") == ["true true"])
    }

    @Test func membersIndexingLengthLoops() throws {
        #expect(try run("v = vec(4, 5)\nprint(v.count, v.first, v[1], len(v))\nfor x in v { print(x) }") == ["2 4 5 2", "4", "5"])
        #expect(try run("print(type(vec()), vsum(vec(1, 2)))") == ["vec 3"])
    }

    @Test func hostErrorsAreClear() {
        func message(_ text: String) -> String {
            do {
                _ = try run(text)
                return ""
            } catch {
                return error.diagnostics[0].fullMessage
            }
        }
        #expect(message("x = vec(1) - 1") == "cannot apply '-' to vec and number")
        #expect(message("x = \"s\" + vec(1)") == "cannot apply '+' to string and vec")
        #expect(message("x = -vec(1)") == "cannot apply unary '-' to vec")
        #expect(message("x = vec(1) + vec(1, 2)") == "vec sizes differ: 1 and 2")
        #expect(message("x = vec(1).cuont") == "vec has no member 'cuont', did you mean 'count'?")
        #expect(message("x = vec().first") == "the vec is empty")
        #expect(message("x = vec(1)[\"a\"]") == "cannot index vec with string")
        #expect(message("x = vsum([1])") == "vsum: 'v' must be a vec, got list")
        #expect(message("if vec(1) { }") == "the condition of 'if' must be a bool, got vec")
    }

    @Test func summaryForVariables() throws {
        var registry = Registry.core
        registry.register(vecBuiltin)
        let interpreter = Interpreter(registry: registry, output: { _ in })
        try interpreter.run(source: "v = vec(1, 2)\nn = 3\ns = \"ab\"\nxs = [1]\nr = {a: 1}\ndef f(x) { return x }")
        let summaries = interpreter.variables.map { "\($0.name): \($0.value.summary)" }
        #expect(summaries == ["v: vec (2)", "n: number", "s: string (2 chars)", "xs: list (1 item)",
                              "r: record (1 field)", "f: function f(x)"])
    }
}

@Suite struct InterpreterAPITests {
    @Test func sessionKeepsGlobalsAcrossRuns() throws {
        var lines: [String] = []
        let interpreter = Interpreter(output: { lines.append($0) })
        try interpreter.run(source: "x = 2")
        try interpreter.run(source: "def f(y) { return x * y }")
        try interpreter.run(source: "print(f(5))")
        #expect(lines == ["10"])
        #expect(interpreter["x"] == .number(2))
        interpreter["x"] = .number(3)
        try interpreter.run(source: "print(f(5))")
        #expect(lines == ["10", "15"])
    }

    @Test func evaluateReturnsTheValue() throws {
        let interpreter = Interpreter(output: { _ in })
        #expect(try interpreter.evaluate("1 + 2") == .number(3))
        #expect(try interpreter.evaluate("[1, \"a\"]") == .list([.number(1), .string("a")]))
        #expect(throws: ScriptFailure.self) { try interpreter.evaluate("1 +") }
    }

    @Test func displayHookReceivesValues() throws {
        var shown: [Value] = []
        let interpreter = Interpreter(output: { _ in })
        interpreter.display = { shown.append($0) }
        interpreter.echo = true
        try interpreter.run(source: "1 + 1\nshow(\"x\")\nprint(3)\nnone")
        #expect(shown == [.number(2), .string("x")])
    }

    @Test func incompleteIsAnErrorForRun() {
        let interpreter = Interpreter(output: { _ in })
        #expect(throws: ScriptFailure.self) { try interpreter.run(source: "if true {") }
    }

    @Test func parseOverride() {
        #expect(Value.parseOverride("0.5") == .number(0.5))
        #expect(Value.parseOverride("-2") == .number(-2))
        #expect(Value.parseOverride("true") == .bool(true))
        #expect(Value.parseOverride("none") == .none)
        #expect(Value.parseOverride("kmeans") == .string("kmeans"))
        #expect(Value.parseOverride("\"a b\"") == .string("a b"))
        #expect(Value.parseOverride("[1, 2]") == .list([.number(1), .number(2)]))
        #expect(Value.parseOverride("{a: 1}") == .record(Record([("a", .number(1))])))
        #expect(Value.parseOverride("1 +") == .string("1 +"))
        #expect(Value.parseOverride("f(1)") == .string("f(1)"))
    }

    @Test func suggestions() {
        #expect(Suggestions.distance("sigma", "sigam") == 1)
        #expect(Suggestions.distance("kitten", "sitting") == 3)
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.nearest("otsuu", among: ["otsu", "li", "blur"]) == "otsu")
        #expect(Suggestions.nearest("Print", among: ["print"]) == "print")
        #expect(Suggestions.nearest("xyz", among: ["print", "len"]) == nil)
        #expect(Suggestions.nearest("a", among: ["b"]) == nil)
    }

    @Test func tokensCarryRanges() {
        let lexed = Lexer.tokenize(SourceFile("名前 = \"é\" |> f(1_000)\n"))
        #expect(lexed.diagnostics.isEmpty)
        let kinds = lexed.tokens.map(\.kind)
        #expect(kinds == [.identifier("名前"), .equal, .string("é"), .pipeline, .identifier("f"), .leftParen,
                          .number(1000), .rightParen, .newline, .eof])
        let eq = lexed.tokens[1].range
        #expect(eq.start.line == 1 && eq.start.column == 4 && eq.start.offset == 7)
        let str = lexed.tokens[2].range
        #expect(str.start.column == 6 && str.end.column == 9 && str.end.offset - str.start.offset == 4)
    }

    @Test func everyCoreExampleRuns() throws {
        for builtin in Registry.core.all {
            #expect(!builtin.examples.isEmpty, "\(builtin.name) has no example")
            for example in builtin.examples {
                let interpreter = Interpreter(output: { _ in })
                #expect(throws: Never.self, "\(builtin.name): \(example)") { try interpreter.run(source: example) }
            }
        }
    }

    @Test func helpListsTopics() throws {
        let lines = try output(of: "help()")
        #expect(lines.first == "core:")
        #expect(lines.contains("math:"))
        #expect(lines.contains { $0.hasPrefix("  range(start, stop = none, step = 1)") })
        #expect(lines.last?.hasPrefix("help(name)") == true)
        let math = try output(of: "help(\"math\")")
        #expect(math.first == "math:" && math.count == 11)  // header + 10 builtins
    }
}
