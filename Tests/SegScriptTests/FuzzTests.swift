import Testing
import Foundation
@testable import SegScript

/// SplitMix64: a tiny seeded generator, so every failure reproduces from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// 10 000 seeded random token sequences (a third pure noise, the rest mutations of valid
/// programs) go through the lexer, the parser and — when they parse — the interpreter
/// with a step limit. They may fail; they must not crash or hang.
@Suite struct FuzzTests {
    static let vocabulary = [
        "x", "y", "f", "i", "xs", "r", "print", "range", "len", "map", "max", "str", "help", "append",
        "0", "1", "2", "-1", "2.5", "1e3", "1_0", "1e", "\"s\"", "\"\\n\"", "\"\\q\"", "\"", "'a'",
        "param", "def", "return", "if", "else", "for", "in", "while", "break", "continue",
        "true", "false", "none", "and", "or", "not",
        "+", "-", "*", "/", "%", "**", "==", "!=", "<", "<=", ">", ">=", "&", "|", "!", "|>", "=",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "\n", "\n", "#c\n", "$", "猫", "é",
    ]

    static let corpus = [
        "def f(x, s = 2) { return x * s }\ny = 3 |> f(s: 4)\nprint(y)",
        "xs = [1, 2, 3]\nfor i in xs { if i > 1 { print(i) } else { continue } }",
        "r = {a: 1, b: [2]}\nr.b[0] = 5\nprint(r.a + len(r.b))",
        "i = 0\nwhile i < 10 { i = i + 1; if i == 5 { break } }",
        "param t = 0.5\nx = t * 2 > 1 and not false\nprint(str(x) + \"!\")",
        "def g(n) { if n < 2 { return n } return g(n - 1) + g(n - 2) }\nprint(g(8))",
        "s = \"\"\nfor c in \"abc\" { s = s + c * 2 }\nxs = map([1, 2], len)",
    ]

    static func randomTokens(_ rng: inout SplitMix) -> String {
        let n = Int.random(in: 1...30, using: &rng)
        return (0..<n).map { _ in vocabulary.randomElement(using: &rng)! }.joined(separator: " ")
    }

    static let names = ["x", "y", "f", "g", "i", "xs", "r", "s", "print", "range", "len", "map", "str", "t", "n"]
    static let literals = ["0", "1", "-1", "2.5", "1e9", "\"s\"", "true", "none", "[]", "{}", "[1, \"a\"]"]
    static let operators = ["+", "-", "*", "/", "%", "**", "==", "!=", "<", ">=", "&", "|", "|>", "and", "or"]

    static func mutated(_ rng: inout SplitMix) -> String {
        let lexed = Lexer.tokenize(SourceFile(corpus.randomElement(using: &rng)!)).tokens.dropLast()
        var tokens = lexed.map(\.text)
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            let i = Int.random(in: 0...tokens.count, using: &rng)
            // Mostly swap a token for one of the same class, so that most programs parse
            // and the interpreter meets wrong types, bad indices and runaway loops.
            if i < min(tokens.count, lexed.count), Int.random(in: 0..<3, using: &rng) > 0 {
                switch lexed[i].kind {
                case .identifier: tokens[i] = names.randomElement(using: &rng)!
                case .number, .string, .keyword(.true), .keyword(.false): tokens[i] = literals.randomElement(using: &rng)!
                case .plus, .minus, .star, .slash, .percent, .starStar, .equalEqual, .bangEqual, .less, .lessEqual,
                     .greater, .greaterEqual, .ampersand, .pipe, .pipeline, .keyword(.and), .keyword(.or):
                    tokens[i] = operators.randomElement(using: &rng)!
                default: break
                }
                continue
            }
            switch Int.random(in: 0..<3, using: &rng) {
            case 0 where i < tokens.count: tokens.remove(at: i)
            case 1 where i < tokens.count: tokens[i] = vocabulary.randomElement(using: &rng)!
            default: tokens.insert(vocabulary.randomElement(using: &rng)!, at: i)
            }
        }
        return tokens.joined(separator: " ")
    }

    @Test(arguments: 0..<10)
    func randomProgramsNeverCrash(_ batch: Int) {
        var parsed = 0, ran = 0
        for k in 0..<1000 {
            let seed = UInt64(batch * 1000 + k)
            var rng = SplitMix(state: seed)
            let text = k % 3 == 0 ? Self.randomTokens(&rng) : Self.mutated(&rng)
            let source = SourceFile(text, name: "fuzz-\(seed)")
            _ = Lexer.tokenize(source)
            let result = Parser.parse(source)
            for d in result.diagnostics { _ = d.rendered() }
            guard case .complete(let program) = result else { continue }
            parsed += 1
            let interpreter = Interpreter(output: { _ in })
            interpreter.echo = true
            interpreter.stepLimit = 2000
            interpreter.maxCallDepth = 40
            interpreter.maxCollectionSize = 10_000
            do {
                try interpreter.run(program)
                ran += 1
            } catch {
                for d in error.diagnostics { _ = d.rendered() }
            }
        }
        #expect(parsed > 0)
    }
}
