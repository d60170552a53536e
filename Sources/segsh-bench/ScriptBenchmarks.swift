import SegScript

extension BenchRegistry {
    /// The SegScript interpreter's own overhead (no pixels): the issue-5 target is the
    /// one-million-iteration numeric loop in under a second.
    static let script: [BenchCase] = [
        scriptCase("script_loop_1m", "s = 0\nfor i in range(1000000) { s = s + i }"),
        scriptCase("script_while_1m", "s = 0\ni = 0\nwhile i < 1000000 { s = s + i; i = i + 1 }"),
        scriptCase("script_fib_22", "def fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }\nx = fib(22)"),
        scriptCase("script_append_100k", "xs = []\nfor i in range(100000) { xs = append(xs, i) }"),
        BenchCase(name: "script_parse_2k_lines") { _ in
            Parser.parse(SourceFile(parseInput, name: "bench.seg"))
        },
    ]

    private static let parseInput = String(repeating: """
        def smooth(x, s = 2) { return x |> scale(factor: s) > 0.5 }
        for i in range(10) { if i % 2 == 0 { print("even", i) } else { r = {a: i, b: [1, 2]} } }

        """, count: 1000)

    /// Parses once, then times a fresh interpreter running the program.
    private static func scriptCase(_ name: String, _ code: String) -> BenchCase {
        guard case .complete(let program) = Parser.parse(SourceFile(code, name: name)) else {
            preconditionFailure("\(name): the benchmark script does not parse")
        }
        return BenchCase(name: name) { _ in
            let interpreter = Interpreter(output: { _ in })
            try interpreter.run(program)
            return interpreter.variables.count
        }
    }
}
