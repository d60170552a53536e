/// A `.seg` file read as a notebook: code cells and Markdown text, in file order.
///
/// The plain-text format (after jupytext's "percent" format):
/// - a line beginning with `%%` opens a code cell; the rest of the line, trimmed, is its
///   title (optional);
/// - lines beginning with `##` are Markdown text of the notebook, not code: the `##` and
///   one following space are removed, and consecutive such lines form one block
///   (`## # Results` is a level-1 heading, a bare `##` a paragraph break). Code after a
///   Markdown block starts a new, untitled cell;
/// - a file without markers is one cell.
///
/// Markers count only in column 1 and outside tokens: a `%%` or `##` line inside a
/// multi-line string literal is part of the string. (A string left unterminated does not
/// hide the markers after it, so the parse error stays in its own cell.) A `##` line is no
/// longer a comment at the top level; indent it or write `#` to keep a comment.
///
/// Each cell's ``Cell/source`` keeps the file's line numbers (it is the cell's text after
/// as many empty lines as precede it), so diagnostics point at the real line and column,
/// and names the cell (`cell 3 "Declump"`), which the renderer prints after the location.
///
///     let notebook = Notebook(SourceFile(text, name: "analysis.seg"))
///     for cell in notebook.cells {
///         print(cell.label, cell.lines)   // cell 1 "Load" 2..<5
///     }
public struct Notebook: Sendable {
    /// One code cell.
    public struct Cell: Sendable {
        /// Its position among the code cells, from 1.
        public var number: Int
        /// The text after `%%`, trimmed; nil when empty or for an implicit cell.
        public var title: String?
        /// The file line of its `%%` marker; nil for a cell without one.
        public var markerLine: Int?
        /// The file lines of its code, without leading and trailing blank lines (1-based,
        /// half-open; empty for a cell with no code).
        public var lines: Range<Int>
        /// The code as written (the lines in ``lines``, joined by `\n`).
        public var code: String
        /// The text to parse: ``code`` preceded by empty lines so that its positions are
        /// the file's, named like the file and labelled with the cell (unless the file has
        /// no markers, when it is a plain script).
        public var source: SourceFile

        /// `cell 3 "Declump"` (or `cell 3` without a title), as diagnostics name it.
        public var label: String {
            title.map { "cell \(number) \"\($0)\"" } ?? "cell \(number)"
        }
    }

    /// A block of Markdown text.
    public struct Markdown: Sendable, Hashable {
        /// The text with the `## ` prefixes removed, lines joined by `\n`.
        public var text: String
        /// The file lines it came from (1-based, half-open).
        public var lines: Range<Int>
    }

    /// A piece of the notebook, in file order.
    public enum Block: Sendable {
        /// Text of the notebook (`##` lines).
        case markdown(Markdown)
        /// A code cell.
        case code(Cell)
    }

    /// The whole file.
    public let file: SourceFile
    /// Markdown blocks and code cells, in file order.
    public let blocks: [Block]
    /// Whether the file has any `%%` or `##` marker (without, it is one plain cell).
    public let hasMarkers: Bool

    /// The code cells, in order.
    public var cells: [Cell] {
        blocks.compactMap { if case .code(let c) = $0 { c } else { nil } }
    }

    /// Splits `file` into cells and Markdown blocks.
    ///
    ///     Notebook(SourceFile("## # Title\n%% Load\nx = 1\n")).cells[0].title  // "Load"
    public init(_ file: SourceFile) {
        self.file = file
        let lines = file.lines.map(String.init)
        let markers = Self.markerLines(lines)
        hasMarkers = !markers.isEmpty
        var blocks: [Block] = []
        var number = 0
        // The cell being collected: its title, marker line and first line of content.
        var open: (title: String?, marker: Int?, first: Int)?
        var markdown: (text: [String], first: Int)?

        func closeCell(before end: Int) {
            guard let cell = open else { return }
            open = nil
            var first = cell.first, last = end
            while first < last, Self.isBlank(lines[first - 1]) { first += 1 }
            while last > first, Self.isBlank(lines[last - 2]) { last -= 1 }
            // An implicit cell of blank lines is no cell (unless it is the whole file); an
            // explicit `%%` one is kept.
            guard first < last || cell.marker != nil || markers.isEmpty else { return }
            number += 1
            let code = lines[(first - 1)..<(last - 1)].joined(separator: "\n")
            var made = Cell(number: number, title: cell.title, markerLine: cell.marker, lines: first..<last, code: code,
                            source: file)
            let text = String(repeating: "\n", count: first - 1) + code
            // A plain script parses as the file itself, exactly as before notebooks existed.
            made.source = markers.isEmpty ? file : SourceFile(text, name: file.name, cell: made.label)
            blocks.append(.code(made))
        }
        func closeMarkdown(before end: Int) {
            guard let m = markdown else { return }
            markdown = nil
            blocks.append(.markdown(Markdown(text: m.text.joined(separator: "\n"), lines: m.first..<end)))
        }

        for (i, line) in lines.enumerated() {
            let n = i + 1
            switch markers[n] {
            case .cell?:
                closeMarkdown(before: n)
                closeCell(before: n)
                let title = Self.withoutBOM(line, lineNumber: n).dropFirst(2).trimmingSpaces
                open = (title.isEmpty ? nil : title, n, n + 1)
            case .markdown?:
                closeCell(before: n)
                var text = Substring(Self.withoutBOM(line, lineNumber: n).dropFirst(2))
                if text.first == " " { text = text.dropFirst() }
                if markdown == nil { markdown = ([], n) }
                markdown!.text.append(String(text))
            case nil:
                closeMarkdown(before: n)
                if open == nil { open = (nil, nil, n) }
            }
        }
        closeMarkdown(before: lines.count + 1)
        closeCell(before: lines.count + 1)
        self.blocks = blocks
    }

    /// Parses every cell (each on its own, so an error in one does not hide the others').
    ///
    ///     for (cell, result) in zip(notebook.cells, notebook.parse()) { ... }
    public func parse() -> [ParseResult] {
        cells.map { Parser.parse($0.source) }
    }

    /// The parameters each cell declares, by name (from the parsed program, or for a cell
    /// that does not parse, from its `param NAME` tokens).
    ///
    ///     notebook.parameterNames(parsed)  // [["t"], [], ["sigma"]]
    public func parameterNames(_ parsed: [ParseResult]) -> [[String]] {
        zip(cells, parsed).map { cell, result in
            if case .complete(let program) = result { return program.paramNames }
            let tokens = Lexer.tokenize(cell.source).tokens
            return zip(tokens, tokens.dropFirst()).compactMap { a, b in
                if a.kind == .keyword(.param), case .identifier(let name) = b.kind { name } else { nil }
            }
        }
    }

    /// Problems with `--set` overrides found before anything runs: names no cell declares
    /// (with the declared ones listed and the nearest suggested), and values whose type
    /// differs from a parameter declared as a literal (`param k = 3` refuses `"abc"`,
    /// pointing at `k`). Parameters declared by an expression are checked when they run.
    ///
    ///     let problems = notebook.overrideProblems(["t": .string("abc")], parsed: notebook.parse())
    public func overrideProblems(_ overrides: [String: Value], parsed: [ParseResult]) -> [Diagnostic] {
        let names = parameterNames(parsed)
        var declared: [String] = []
        for name in names.joined() where !declared.contains(name) { declared.append(name) }
        var problems: [Diagnostic] = []
        for name in overrides.keys.sorted() where !declared.contains(name) {
            let list = declared.isEmpty ? "the script declares no parameters" : "the script declares: " + declared.joined(separator: ", ")
            problems.append(Diagnostic(.error, "unknown parameter '\(name)'; \(list)", at: .unknown,
                                       suggestion: Suggestions.nearest(name, among: declared)))
        }
        for (cell, result) in zip(cells, parsed) {
            guard case .complete(let program) = result else { continue }
            for statement in program.statements {
                guard case .param(let name, let nameRange, let expr) = statement.kind, let override = overrides[name],
                      let declaredValue = Value.literal(expr),
                      let problem = Interpreter.overrideProblem(name: name, declared: declaredValue, override: override)
                else { continue }
                problems.append(Diagnostic(.error, problem, at: nameRange, source: cell.source,
                                           label: "declared here as \(declaredValue.debugDescription)"))
            }
        }
        return problems
    }

    // MARK: Markers

    enum Marker { case cell, markdown }

    /// The marker lines (1-based): `%%`/`##` in column 1, not inside a string literal.
    static func markerLines(_ lines: [String]) -> [Int: Marker] {
        func candidate(_ n: Int) -> Marker? {
            let line = withoutBOM(lines[n - 1], lineNumber: n)
            if line.hasPrefix("%%") { return .cell }
            if line.hasPrefix("##") { return .markdown }
            return nil
        }
        var markers: [Int: Marker] = [:]
        // A plain script (the common case) needs no lexing.
        guard (1...max(1, lines.count)).contains(where: { $0 <= lines.count && candidate($0) != nil }) else { return markers }
        var n = 1
        while n <= lines.count {
            if let m = candidate(n) {
                markers[n] = m
                n += 1
                continue
            }
            // A run of code from line n: lex the rest of the file to learn which later
            // candidate lines start inside one of its terminated multi-line strings.
            let rest = lines[(n - 1)...].joined(separator: "\n")
            let lexed = Lexer.tokenize(SourceFile(rest))
            var inside = Set<Int>()
            for token in lexed.tokens where token.range.end.line > token.range.start.line {
                // Only string literals span lines (a line break token ends on the next line).
                switch token.kind {
                case .string, .invalid: break
                default: continue
                }
                if let open = lexed.unterminatedString, open.start == token.range.start { continue }
                for l in (token.range.start.line + 1)...token.range.end.line { inside.insert(l + n - 1) }
            }
            var next = n + 1
            while next <= lines.count, candidate(next) == nil || inside.contains(next) { next += 1 }
            n = next
        }
        return markers
    }

    static func withoutBOM(_ line: String, lineNumber: Int) -> Substring {
        lineNumber == 1 && line.hasPrefix("\u{FEFF}") ? line.dropFirst() : Substring(line)
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{0C}" }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
