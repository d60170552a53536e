/// The reserved words of SegScript.
///
///     Keyword(rawValue: "for")  // .for
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case param, def, `return`, `if`, `else`, `for`, `in`, `while`, `break`, `continue`
    case `true`, `false`, none, and, or, not
}

/// What a token is. Literal tokens carry their decoded value.
///
///     if case .identifier(let name) = token.kind { ... }
public enum TokenKind: Sendable, Hashable {
    case number(Double)
    case string(String)
    case identifier(String)
    case keyword(Keyword)
    // Operators and punctuation.
    case plus, minus, star, slash, percent, starStar
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case ampersand, pipe, bang, pipeline
    case equal, leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, dot, semicolon
    /// A line break that separates statements (the lexer drops the others).
    case newline
    /// Text the lexer could not read; it has already reported a diagnostic.
    case invalid
    /// The end of input.
    case eof

    /// How the token reads in messages: `'+'`, `'for'`, `number`, `end of input`.
    ///
    ///     "expected ')', found \(token.kind.display)"
    public var display: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .identifier(let name): "'\(name)'"
        case .keyword(let k): "'\(k.rawValue)'"
        case .newline: "end of line"
        case .invalid: "invalid text"
        case .eof: "end of input"
        default: "'\(spelling)'"
        }
    }

    /// The source spelling of operators and punctuation ("" for the others).
    public var spelling: String {
        switch self {
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .percent: "%"
        case .starStar: "**"
        case .equalEqual: "=="
        case .bangEqual: "!="
        case .less: "<"
        case .lessEqual: "<="
        case .greater: ">"
        case .greaterEqual: ">="
        case .ampersand: "&"
        case .pipe: "|"
        case .bang: "!"
        case .pipeline: "|>"
        case .equal: "="
        case .leftParen: "("
        case .rightParen: ")"
        case .leftBracket: "["
        case .rightBracket: "]"
        case .leftBrace: "{"
        case .rightBrace: "}"
        case .comma: ","
        case .colon: ":"
        case .dot: "."
        case .semicolon: ";"
        case .keyword(let k): k.rawValue
        default: ""
        }
    }

    /// Whether a line break right after this token continues the statement (binary and
    /// prefix operators, `=`, `,`, `:`, `.`), as in `x = a +⏎ b`.
    var continuesLine: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .starStar, .equalEqual, .bangEqual,
             .less, .lessEqual, .greater, .greaterEqual, .ampersand, .pipe, .bang, .pipeline,
             .equal, .comma, .colon, .dot, .keyword(.and), .keyword(.or), .keyword(.not), .keyword(.in):
            true
        default:
            false
        }
    }
}

/// One token with its source range and its exact source text.
///
///     for token in Lexer.tokenize(source).tokens { print(token.kind, token.range) }
public struct Token: Sendable, Hashable {
    /// What the token is.
    public var kind: TokenKind
    /// Where it is.
    public var range: SourceRange
    /// The source text it was read from (for a string literal, with its quotes).
    public var text: String

    /// A token; the lexer makes these.
    public init(kind: TokenKind, range: SourceRange, text: String) {
        self.kind = kind
        self.range = range
        self.text = text
    }
}
