/// What the lexer produced: tokens (ending with `.eof`), the problems it found, and what
/// was left open at the end of input (for incomplete-input detection).
///
///     let lexed = Lexer.tokenize(SourceFile("x = [1, 2"))
///     lexed.unclosed?.kind  // .leftBracket
public struct LexResult: Sendable {
    /// Every token, the last one `.eof`. Line breaks inside `(`/`[` and after operators
    /// and commas are dropped; the remaining ones are `.newline` tokens.
    public var tokens: [Token]
    /// Lexical errors (bad characters, escapes, numbers), in source order.
    public var diagnostics: [Diagnostic]
    /// The innermost bracket still open at the end of input.
    public var unclosed: Token?
    /// Set when the input ends inside a string literal.
    public var unterminatedString: SourceRange?
    /// Indices of tokens that start a line whose break was dropped because a `(` or `[`
    /// was open. The parser uses them to recover from an unclosed bracket.
    public var softBreaks: Set<Int> = []
}

/// Turns source text into tokens.
///
///     let tokens = Lexer.tokenize(SourceFile("a |> blur(sigma: 2)")).tokens
public struct Lexer {
    private let source: SourceFile
    private let chars: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private var offset = 0
    private var tokens: [Token] = []
    private var diagnostics: [Diagnostic] = []
    private var brackets: [Token] = []
    private var unterminatedString: SourceRange?
    private var softBreaks: Set<Int> = []

    private init(_ source: SourceFile) {
        self.source = source
        self.chars = Array(source.text)
    }

    /// Tokenizes a whole source text. Never fails: problems become diagnostics and
    /// `.invalid` tokens.
    ///
    ///     let lexed = Lexer.tokenize(SourceFile("print(\"hi\")"))
    public static func tokenize(_ source: SourceFile) -> LexResult {
        var lexer = Lexer(source)
        lexer.run()
        return LexResult(tokens: lexer.tokens, diagnostics: lexer.diagnostics,
                         unclosed: lexer.brackets.last, unterminatedString: lexer.unterminatedString,
                         softBreaks: lexer.softBreaks)
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: offset) }

    private func peek(_ ahead: Int = 0) -> Character? {
        index + ahead < chars.count ? chars[index + ahead] : nil
    }

    private static func isNewline(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }

    private mutating func advance() -> Character {
        let c = chars[index]
        index += 1
        offset += c.utf8.count
        if Self.isNewline(c) {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return c
    }

    private mutating func error(_ message: String, from start: SourceLocation, to end: SourceLocation? = nil,
                                label: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, at: SourceRange(start: start, end: end ?? location),
                                      source: source, label: label))
    }

    private mutating func emit(_ kind: TokenKind, from start: SourceLocation, startIndex: Int) {
        let text = String(chars[startIndex..<index])
        let token = Token(kind: kind, range: SourceRange(start: start, end: location), text: text)
        switch kind {
        case .leftParen, .leftBracket, .leftBrace:
            brackets.append(token)
        case .rightParen, .rightBracket, .rightBrace:
            let opener: TokenKind = kind == .rightParen ? .leftParen : kind == .rightBracket ? .leftBracket : .leftBrace
            if let i = brackets.lastIndex(where: { $0.kind == opener }) { brackets.removeSubrange(i...) }
        default:
            break
        }
        tokens.append(token)
    }

    /// Whether a line break here separates statements.
    private var newlineIsSignificant: Bool {
        guard let last = tokens.last, last.kind != .newline else { return false }
        if let open = brackets.last, open.kind != .leftBrace { return false }
        return !last.kind.continuesLine
    }

    private mutating func run() {
        if peek() == "\u{FEFF}" { _ = advance() }
        while let c = peek() {
            let start = location, startIndex = index
            if Self.isNewline(c) {
                _ = advance()
                if newlineIsSignificant {
                    emit(.newline, from: start, startIndex: startIndex)
                } else if let last = tokens.last, last.kind != .newline, !last.kind.continuesLine {
                    softBreaks.insert(tokens.count)
                }
                continue
            }
            if c == " " || c == "\t" || c == "\u{0C}" {
                _ = advance()
                continue
            }
            if c == "#" {
                while let d = peek(), !Self.isNewline(d) { _ = advance() }
                continue
            }
            if c.isASCII, c.isNumber {
                lexNumber(start: start, startIndex: startIndex)
                continue
            }
            if c == "_" || c.isLetter {
                while let d = peek(), d == "_" || d.isLetter || d.isNumber { _ = advance() }
                let word = String(chars[startIndex..<index])
                emit(Keyword(rawValue: word).map(TokenKind.keyword) ?? .identifier(word), from: start, startIndex: startIndex)
                continue
            }
            if c == "\"" {
                lexString(start: start, startIndex: startIndex)
                continue
            }
            lexOperator(c, start: start, startIndex: startIndex)
        }
        let end = location
        tokens.append(Token(kind: .eof, range: SourceRange(start: end, end: end), text: ""))
    }

    private mutating func lexOperator(_ c: Character, start: SourceLocation, startIndex: Int) {
        _ = advance()
        let next = peek()
        func two(_ kind: TokenKind) -> TokenKind {
            _ = advance()
            return kind
        }
        let kind: TokenKind
        switch c {
        case "+": kind = .plus
        case "-": kind = .minus
        case "*": kind = next == "*" ? two(.starStar) : .star
        case "/": kind = .slash
        case "%": kind = .percent
        case "=": kind = next == "=" ? two(.equalEqual) : .equal
        case "!": kind = next == "=" ? two(.bangEqual) : .bang
        case "<": kind = next == "=" ? two(.lessEqual) : .less
        case ">": kind = next == "=" ? two(.greaterEqual) : .greater
        case "&":
            if next == "&" {
                _ = advance()
                error("'&&' is not an operator; use 'and' for bools or '&' for masks", from: start)
                kind = .invalid
            } else {
                kind = .ampersand
            }
        case "|":
            if next == ">" {
                kind = two(.pipeline)
            } else if next == "|" {
                _ = advance()
                error("'||' is not an operator; use 'or' for bools or '|' for masks", from: start)
                kind = .invalid
            } else {
                kind = .pipe
            }
        case "(": kind = .leftParen
        case ")": kind = .rightParen
        case "[": kind = .leftBracket
        case "]": kind = .rightBracket
        case "{": kind = .leftBrace
        case "}": kind = .rightBrace
        case ",": kind = .comma
        case ":": kind = .colon
        case ".": kind = .dot
        case ";": kind = .semicolon
        case "'":
            // Skip the whole single-quoted text so it yields one error, not two.
            var ahead = 0
            while let d = peek(ahead), d != "'", !Self.isNewline(d) { ahead += 1 }
            if peek(ahead) == "'" { for _ in 0...ahead { _ = advance() } }
            error("strings are written with double quotes: \"...\"", from: start)
            kind = .invalid
        default:
            let shown = c.unicodeScalars.first.map { $0.properties.generalCategory == .control } == true
                ? "U+" + String(c.unicodeScalars.first!.value, radix: 16, uppercase: true)
                : String(c)
            error("unexpected character '\(shown)'", from: start)
            kind = .invalid
        }
        emit(kind, from: start, startIndex: startIndex)
    }

    private mutating func digits(_ what: String, start: SourceLocation) -> Bool {
        guard let first = peek(), first.isASCII, first.isNumber else { return false }
        _ = advance()
        while let d = peek() {
            if d.isASCII, d.isNumber {
                _ = advance()
            } else if d == "_" {
                _ = advance()
                guard let n = peek(), n.isASCII, n.isNumber else {
                    error("malformed number: '_' must be followed by a digit", from: start)
                    return true
                }
            } else {
                break
            }
        }
        return true
    }

    private mutating func lexNumber(start: SourceLocation, startIndex: Int) {
        let errorsBefore = diagnostics.count
        _ = digits("digits", start: start)
        if peek() == ".", let n = peek(1), n.isASCII, n.isNumber {
            _ = advance()
            _ = digits("fraction", start: start)
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), d.isASCII, d.isNumber {
                _ = advance()
                if hasSign { _ = advance() }
                _ = digits("exponent", start: start)
            } else {
                _ = advance()
                if hasSign { _ = advance() }
                error("malformed number: the exponent needs digits, as in 1e-3", from: start)
            }
        }
        if let d = peek(), d == "_" || d.isLetter {
            while let d = peek(), d == "_" || d.isLetter || d.isNumber { _ = advance() }
            let text = String(chars[startIndex..<index])
            error("malformed number '\(text)'", from: start)
        }
        guard diagnostics.count == errorsBefore else {
            emit(.invalid, from: start, startIndex: startIndex)
            return
        }
        let text = String(chars[startIndex..<index]).filter { $0 != "_" }
        emit(.number(Double(text) ?? .nan), from: start, startIndex: startIndex)
    }

    private mutating func lexString(start: SourceLocation, startIndex: Int) {
        _ = advance()
        var value = ""
        var bad = false
        while true {
            guard let c = peek() else {
                unterminatedString = SourceRange(start: start, end: location)
                error("unterminated string", from: start, to: start.advanced(), label: "this string is never closed")
                emit(.invalid, from: start, startIndex: startIndex)
                return
            }
            if c == "\"" {
                _ = advance()
                break
            }
            if c != "\\" {
                value.append(advance())
                continue
            }
            let escapeStart = location
            _ = advance()
            guard let e = peek() else { continue }
            _ = advance()
            switch e {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "0": value.append("\0")
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case "u":
                guard peek() == "{" else {
                    error("invalid escape: write unicode escapes as \\u{1F600}", from: escapeStart)
                    bad = true
                    continue
                }
                _ = advance()
                var hex = ""
                while let h = peek(), h.isHexDigit, hex.count < 8 { hex.append(advance()) }
                let closed = peek() == "}"
                if closed { _ = advance() }
                if closed, !hex.isEmpty, hex.count <= 6, let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) {
                    value.unicodeScalars.append(scalar)
                } else {
                    error("invalid unicode escape: expected 1 to 6 hex digits of a code point in \\u{...}", from: escapeStart)
                    bad = true
                }
            default:
                error("unknown escape '\\\(e)' in string; use \\n \\t \\\" \\\\ or \\u{...}", from: escapeStart)
                bad = true
            }
        }
        emit(bad ? .invalid : .string(value), from: start, startIndex: startIndex)
    }
}

extension SourceLocation {
    /// The location one (non-newline) character further on, for single-character ranges.
    func advanced() -> SourceLocation {
        SourceLocation(line: line, column: column + 1, offset: offset + 1)
    }
}
