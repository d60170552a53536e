import SegScript

/// SegScript source coloured for HTML, from the lexer's tokens (so it agrees with the
/// language: a `#` inside a string is not a comment, keywords are exactly the reserved
/// words). Each line comes back on its own, spans closed at the line end, so a report can
/// number lines and mark the one a diagnostic points at.
///
/// CSS classes: `kw` keywords, `str` strings, `num` numbers, `com` comments, `fn` called or
/// defined functions, `bi` other builtin names, `lbl` argument labels (`sigma:`), `op`
/// operators, `err` text the lexer could not read.
///
///     let lines = SyntaxHTML.lines(of: cell.source, in: cell.lines, builtins: Set(Registry.library.names))
///     // ["<span class=\"fn\">print</span>(<span class=\"num\">1</span>)"]
public enum SyntaxHTML {
    /// The HTML of the source lines `lines` (1-based, half-open), one string per line.
    public static func lines(of source: SourceFile, in lines: Range<Int>, builtins: Set<String>) -> [String] {
        let bytes = Array(source.text.utf8)
        let tokens = Lexer.tokenize(source).tokens.filter { $0.kind != .eof }
        // (start, end, class) pieces covering the text in order.
        var pieces: [(Int, Int, String?)] = []
        var at = 0
        func gap(to end: Int) {
            var i = at
            while i < end {
                if bytes[i] == UInt8(ascii: "#") {
                    var j = i
                    while j < end, bytes[j] != UInt8(ascii: "\n"), bytes[j] != UInt8(ascii: "\r") { j += 1 }
                    pieces.append((i, j, "com"))
                    i = j
                } else {
                    var j = i
                    while j < end, bytes[j] != UInt8(ascii: "#") { j += 1 }
                    pieces.append((i, j, nil))
                    i = j
                }
            }
            at = max(at, end)
        }
        for (k, token) in tokens.enumerated() {
            let start = min(token.range.start.offset, bytes.count), end = min(token.range.end.offset, bytes.count)
            guard start >= at else { continue }
            gap(to: start)
            let previous = k > 0 ? tokens[k - 1].kind : nil
            let next = k + 1 < tokens.count ? tokens[k + 1].kind : nil
            pieces.append((start, end, cssClass(token.kind, previous: previous, next: next, builtins: builtins)))
            at = end
        }
        gap(to: bytes.count)

        var result: [String] = []
        var line = 1
        var current = ""
        func finishLine() {
            if lines.contains(line) { result.append(current) }
            current = ""
            line += 1
        }
        for (start, end, css) in pieces where start < end {
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            let parts = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            for (p, part) in parts.enumerated() {
                if p > 0 { finishLine() }
                guard !part.isEmpty, lines.contains(line) else { continue }
                let escaped = MarkdownHTML.escape(String(part))
                current += css.map { "<span class=\"\($0)\">\(escaped)</span>" } ?? escaped
            }
        }
        finishLine()
        while result.count < lines.count { result.append("") }
        return result
    }

    static func cssClass(_ kind: TokenKind, previous: TokenKind?, next: TokenKind?, builtins: Set<String>) -> String? {
        switch kind {
        case .keyword: return "kw"
        case .number: return "num"
        case .string: return "str"
        case .invalid: return "err"
        case .identifier(let name):
            if name == "parallel" && next == .keyword(.for) { return "kw" }  // `parallel for`
            if next == .leftParen || previous == .keyword(.def) { return "fn" }
            if next == .colon, previous == .leftParen || previous == .comma { return "lbl" }
            return builtins.contains(name) ? "bi" : nil
        case .plus, .minus, .star, .slash, .percent, .starStar, .equalEqual, .bangEqual, .less, .lessEqual,
             .greater, .greaterEqual, .ampersand, .pipe, .bang, .pipeline, .equal:
            return "op"
        default:
            return nil
        }
    }
}
