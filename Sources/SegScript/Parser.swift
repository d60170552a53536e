/// The outcome of parsing: a program, an input that needs more lines, or errors.
///
///     switch Parser.parse(SourceFile(line, name: "<stdin>")) {
///     case .complete(let program): try interpreter.run(program)
///     case .incomplete: readContinuationLine()
///     case .failed(let diagnostics): diagnostics.forEach { print($0.rendered()) }
///     }
public enum ParseResult: Sendable {
    /// The whole input parsed.
    case complete(Program)
    /// The input stops in the middle of a construct (an open bracket, brace or string, a
    /// trailing operator, `if x {` without `}`): a REPL reads another line. The
    /// diagnostic says what was expected, for callers that cannot read more
    /// (`segsh run` reports it as an error).
    case incomplete(Diagnostic)
    /// Errors, every one the parser found (it recovers at line ends and `}`).
    case failed([Diagnostic])

    /// The diagnostics of `.incomplete` and `.failed`; empty for `.complete`.
    ///
    ///     let errors = Parser.parse(source).diagnostics
    public var diagnostics: [Diagnostic] {
        switch self {
        case .complete: []
        case .incomplete(let d): [d]
        case .failed(let ds): ds
        }
    }
}

/// The SegScript parser: one method per grammar rule, precedence climbing for expressions,
/// panic-mode recovery at statement boundaries.
///
/// Operator precedence, loosest first: `or`; `and`; `not`; `|`; `&`; comparisons
/// (`== != < <= > >=`, not chainable); `|>`; `+ -`; `* / %`; prefix `- + !`; `**`
/// (right-associative); calls, indexing, member access. `|>` binds tighter than
/// comparisons so that `img |> blur(sigma: 2) > t` compares the blurred image; its right
/// side is a function or a call: `a |> f(b: 1)` is `f(a, b: 1)`, `a |> f` is `f(a)`.
///
///     let result = Parser.parse(SourceFile("fg = img |> blur(sigma: 2) > t"))
public struct Parser {
    /// Expressions and blocks nested deeper than this are an error (bounds the recursion
    /// of the parser and of the interpreter).
    public static let maxNesting = 120

    private let source: SourceFile
    private let lexed: LexResult
    private var tokens: [Token] { lexed.tokens }
    private var position = 0
    private var diagnostics: [(Diagnostic, atEnd: Bool)] = []
    private var functionDepth = 0
    private var loopDepth = 0
    /// Inside the body of a `parallel for` (and not in a loop within it).
    private var parallelBody = false
    private var blockDepth = 0
    private var nesting = 0

    private struct Abort: Error {}

    private init(_ source: SourceFile) {
        self.source = source
        self.lexed = Lexer.tokenize(source)
        for d in lexed.diagnostics {
            diagnostics.append((d, atEnd: lexed.unterminatedString.map { $0.start == d.range.start } ?? false))
        }
    }

    /// Parses a whole source text.
    ///
    ///     if case .complete(let program) = Parser.parse(SourceFile("x = 1 + 2")) { ... }
    public static func parse(_ source: SourceFile) -> ParseResult {
        var parser = Parser(source)
        let statements = parser.parseProgram()
        guard !parser.diagnostics.isEmpty else {
            return .complete(Program(statements: statements, source: source))
        }
        let sorted = parser.diagnostics.enumerated().sorted {
            ($0.element.0.range.start.offset, $0.offset) < ($1.element.0.range.start.offset, $1.offset)
        }.map(\.element)
        if sorted[0].atEnd { return .incomplete(sorted[0].0) }
        return .failed(sorted.map(\.0))
    }

    /// Parses text; `name` is the file name or cell title shown in diagnostics.
    ///
    ///     Parser.parse("print(1)", name: "cell 1")
    public static func parse(_ text: String, name: String? = nil) -> ParseResult {
        parse(SourceFile(text, name: name))
    }

    // MARK: Tokens

    private var current: Token { tokens[position] }
    private var previous: Token { tokens[max(position - 1, 0)] }

    private func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if token.kind != .eof { position += 1 }
        return token
    }

    private mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    private mutating func skipNewlines() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    private mutating func expect(_ kind: TokenKind, _ context: String) throws(Abort) -> Token {
        if check(kind) { return advance() }
        throw fail("expected '\(kind.spelling)' \(context), found \(current.kind.display)")
    }

    /// Records a diagnostic at the current token (or at `range`) and returns the error
    /// that unwinds to the enclosing statement. An `.invalid` token was already reported
    /// by the lexer, so nothing is added for it.
    private mutating func fail(_ message: String, at range: SourceRange? = nil, label: String? = nil) -> Abort {
        if range == nil, current.kind == .invalid { return Abort() }
        report(message, at: range, label: label)
        return Abort()
    }

    private mutating func report(_ message: String, at range: SourceRange? = nil, label: String? = nil,
                                 notes: [Diagnostic.Note] = []) {
        let atEnd = range == nil && current.kind == .eof
        var notes = notes
        var where_ = range ?? current.range
        if atEnd {
            let last = tokens[..<position].last { $0.kind != .newline && $0.kind != .semicolon }
            let end = last?.range.end ?? current.range.start
            where_ = SourceRange(start: end, end: end)
            if let open = lexed.unclosed {
                notes.append(.init("'\(open.kind.spelling)' at \(open.range.start) is never closed", range: open.range))
            }
        }
        diagnostics.append((Diagnostic(.error, message, at: where_, source: source, label: label, notes: notes), atEnd))
    }

    /// Skips to the start of the next statement: past a line break or `;`, or up to the
    /// `}` that closes the current block.
    private mutating func synchronize() {
        var depth = 0
        let start = position
        while !check(.eof) {
            if depth == 0, position > start, lexed.softBreaks.contains(position), startsStatement { return }
            switch current.kind {
            case .newline where depth == 0, .semicolon where depth == 0:
                advance()
                return
            case .leftBrace:
                depth += 1
            case .rightBrace:
                if depth == 0 {
                    if blockDepth > 0 { return }
                } else {
                    depth -= 1
                }
            default:
                break
            }
            advance()
        }
    }

    /// Whether the current token plausibly starts a statement (a keyword that begins one,
    /// or `name =`), for recovery after an unclosed bracket.
    private var startsStatement: Bool {
        switch current.kind {
        case .keyword(.def), .keyword(.if), .keyword(.for), .keyword(.while), .keyword(.param), .keyword(.return):
            return true
        case .identifier where startsParallelFor:
            return true
        case .identifier:
            return tokens[position + 1].kind == .equal
        default:
            return false
        }
    }

    // MARK: Statements

    /// program := statement* EOF
    private mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        skipNewlines()
        while !check(.eof) {
            do {
                if check(.rightBrace) { throw fail("unexpected '}' with no matching '{'") }
                statements.append(try parseStatement())
                try endStatement()
            } catch {
                synchronize()
            }
            skipNewlines()
        }
        return statements
    }

    /// A statement ends at a line break, `;`, `}` or the end of input; one that ends
    /// with a block may be followed directly by another (`if c { return 1 } return 2`).
    private mutating func endStatement() throws(Abort) {
        if check(.rightBrace) || check(.eof) || previous.kind == .rightBrace { return }
        // A line break swallowed by an unclosed `(`/`[` still ends a statement.
        if lexed.softBreaks.contains(position) { return }
        if check(.newline) || check(.semicolon) {
            skipNewlines()
            return
        }
        throw fail("expected a line break or ';' before \(current.kind.display)")
    }

    /// statement := param | def | if | for | parallel-for | while | return | break | continue | simple
    private mutating func parseStatement() throws(Abort) -> Stmt {
        switch current.kind {
        case .keyword(.param): return try parseParam()
        case .keyword(.def): return try parseDef()
        case .keyword(.if): return try parseIf()
        case .keyword(.for): return try parseFor()
        case .identifier where startsParallelFor: return try parseParallelFor(target: nil)
        case .keyword(.while): return try parseWhile()
        case .keyword(.return): return try parseReturn()
        case .keyword(.break), .keyword(.continue):
            let token = advance()
            let isBreak = token.kind == .keyword(.break)
            if loopDepth == 0 {
                if !parallelBody {
                    report("'\(token.text)' outside a loop", at: token.range)
                } else if isBreak {
                    report("'break' cannot stop a 'parallel for': its iterations run independently; use 'for' to stop early",
                           at: token.range)
                }
            }
            return Stmt(isBreak ? .break : .continue, token.range)
        default:
            return try parseSimple()
        }
    }

    /// param := 'param' NAME '=' expr
    private mutating func parseParam() throws(Abort) -> Stmt {
        let keyword = advance()
        guard case .identifier(let name) = current.kind else {
            throw fail("expected a parameter name after 'param', found \(current.kind.display)")
        }
        let nameToken = advance()
        _ = try expect(.equal, "after the parameter name (param \(name) = value)")
        let value = try parseExpression()
        if functionDepth > 0 || blockDepth > 0 {
            report("'param' is only allowed at the top level of a script", at: keyword.range)
        }
        return Stmt(.param(name, nameRange: nameToken.range, value), keyword.range.union(value.range))
    }

    /// def := 'def' NAME '(' (NAME ('=' expr)?) ,* ')' block
    private mutating func parseDef() throws(Abort) -> Stmt {
        let keyword = advance()
        guard case .identifier(let name) = current.kind else {
            throw fail("expected a function name after 'def', found \(current.kind.display)")
        }
        let nameToken = advance()
        _ = try expect(.leftParen, "after the function name")
        var parameters: [FunctionParameter] = []
        while !check(.rightParen) {
            guard case .identifier(let p) = current.kind else {
                throw fail("expected a parameter name, found \(current.kind.display)")
            }
            let pToken = advance()
            var defaultValue: Expr?
            if match(.equal) { defaultValue = try parseExpression() }
            if parameters.contains(where: { $0.name == p }) {
                report("duplicate parameter '\(p)'", at: pToken.range)
            } else if defaultValue == nil, parameters.contains(where: { $0.defaultValue != nil }) {
                report("parameter '\(p)' needs a default value: it follows a parameter that has one", at: pToken.range)
            }
            parameters.append(FunctionParameter(name: p, range: pToken.range, defaultValue: defaultValue))
            if !match(.comma) { break }
        }
        _ = try expect(.rightParen, "after the parameters")
        if functionDepth > 0 || blockDepth > 0 {
            report("functions can only be defined at the top level", at: keyword.range)
        }
        functionDepth += 1
        let savedLoops = loopDepth
        loopDepth = 0
        defer {
            functionDepth -= 1
            loopDepth = savedLoops
        }
        let (body, close) = try parseBlock("the function body")
        let decl = FunctionDecl(name: name, nameRange: nameToken.range, parameters: parameters, body: body)
        return Stmt(.def(decl), keyword.range.union(close))
    }

    /// block := '{' statement* '}'
    private mutating func parseBlock(_ what: String) throws(Abort) -> ([Stmt], SourceRange) {
        // The brace may start the next line (`if x⏎{`).
        var lookahead = position
        while tokens[lookahead].kind == .newline { lookahead += 1 }
        if tokens[lookahead].kind == .leftBrace || tokens[lookahead].kind == .eof { position = lookahead }
        if !check(.leftBrace) {
            var hint = ""
            if check(.equal) { hint = " (use '==' to compare)" }
            throw fail("expected '{' to start \(what), found \(current.kind.display)\(hint)")
        }
        advance()
        blockDepth += 1
        nesting += 1
        defer {
            blockDepth -= 1
            nesting -= 1
        }
        if nesting > Self.maxNesting { throw fail("blocks are nested too deeply (more than \(Self.maxNesting) levels)") }
        var statements: [Stmt] = []
        skipNewlines()
        while !check(.rightBrace) {
            if check(.eof) { throw fail("expected '}' to close \(what), found end of input") }
            do {
                statements.append(try parseStatement())
                try endStatement()
            } catch {
                synchronize()
            }
            skipNewlines()
        }
        let close = advance()
        return (statements, close.range)
    }

    /// if := 'if' expr block ('else' (if | block))?
    private mutating func parseIf() throws(Abort) -> Stmt {
        let keyword = advance()
        let condition = try parseExpression()
        let (body, close) = try parseBlock("the 'if' body")
        var end = close
        // `}` and `else` may be on different lines.
        var lookahead = position
        while tokens[lookahead].kind == .newline { lookahead += 1 }
        guard tokens[lookahead].kind == .keyword(.else) else {
            return Stmt(.if(condition, body, else: nil), keyword.range.union(end))
        }
        position = lookahead
        advance()
        let elseBody: [Stmt]
        if check(.keyword(.if)) {
            let nested = try parseIf()
            elseBody = [nested]
            end = nested.range
        } else {
            let (block, elseClose) = try parseBlock("the 'else' body")
            elseBody = block
            end = elseClose
        }
        return Stmt(.if(condition, body, else: elseBody), keyword.range.union(end))
    }

    /// for := 'for' NAME 'in' expr block
    private mutating func parseFor() throws(Abort) -> Stmt {
        let keyword = advance()
        guard case .identifier(let name) = current.kind else {
            throw fail("expected a variable name after 'for', found \(current.kind.display)")
        }
        let nameToken = advance()
        _ = try expect(.keyword(.in), "after the loop variable (for \(name) in ...)")
        let iterable = try parseExpression()
        loopDepth += 1
        defer { loopDepth -= 1 }
        let (body, close) = try parseBlock("the loop body")
        return Stmt(.for(name, nameRange: nameToken.range, iterable, body), keyword.range.union(close))
    }

    /// Whether the next tokens are `parallel for` (`parallel` is a keyword only there, so
    /// it stays usable as a variable name).
    private var startsParallelFor: Bool {
        current.kind == .identifier("parallel") && tokens[position + 1].kind == .keyword(.for)
    }

    /// parallel-for := (NAME '=')? 'parallel' 'for' NAME 'in' expr block — top level only
    private mutating func parseParallelFor(target: (name: String, range: SourceRange)?) throws(Abort) -> Stmt {
        let word = advance()
        let forToken = advance()
        if functionDepth > 0 || blockDepth > 0 {
            report("'parallel for' is only allowed at the top level of a script, not inside a function, loop or block; use 'for' here",
                   at: word.range.union(forToken.range))
        }
        guard case .identifier(let name) = current.kind else {
            throw fail("expected a variable name after 'parallel for', found \(current.kind.display)")
        }
        let nameToken = advance()
        _ = try expect(.keyword(.in), "after the loop variable (parallel for \(name) in ...)")
        let iterable = try parseExpression()
        let savedLoops = loopDepth, savedParallel = parallelBody
        loopDepth = 0
        parallelBody = true
        defer {
            loopDepth = savedLoops
            parallelBody = savedParallel
        }
        let (body, close) = try parseBlock("the loop body")
        let loop = ParallelLoop(target: target?.name, targetRange: target?.range, name: name, nameRange: nameToken.range,
                                iterable: iterable, body: body, headRange: word.range.union(iterable.range))
        return Stmt(.parallelFor(loop), (target?.range ?? word.range).union(close))
    }

    /// while := 'while' expr block
    private mutating func parseWhile() throws(Abort) -> Stmt {
        let keyword = advance()
        let condition = try parseExpression()
        loopDepth += 1
        defer { loopDepth -= 1 }
        let (body, close) = try parseBlock("the loop body")
        return Stmt(.while(condition, body), keyword.range.union(close))
    }

    /// return := 'return' expr?
    private mutating func parseReturn() throws(Abort) -> Stmt {
        let keyword = advance()
        if functionDepth == 0 { report("'return' outside a function", at: keyword.range) }
        switch current.kind {
        case .newline, .semicolon, .rightBrace, .eof:
            return Stmt(.return(nil), keyword.range)
        default:
            let value = try parseExpression()
            return Stmt(.return(value), keyword.range.union(value.range))
        }
    }

    /// simple := expr ('=' expr)?
    private mutating func parseSimple() throws(Abort) -> Stmt {
        let target = try parseExpression()
        guard check(.equal) else { return Stmt(.expression(target), target.range) }
        let equal = advance()
        switch target.kind {
        case .name, .index, .member:
            break
        default:
            throw fail("cannot assign to this expression; the left of '=' must be a name, an index or a field",
                       at: target.range, label: "not assignable")
        }
        _ = equal
        if startsParallelFor {
            guard case .name(let name) = target.kind else {
                throw fail("the values of a 'parallel for' go to a variable name, as in 'results = parallel for f in files { … }'",
                           at: target.range, label: "not a plain name")
            }
            return try parseParallelFor(target: (name, target.range))
        }
        let value = try parseExpression()
        return Stmt(.assign(target, value), target.range.union(value.range))
    }

    // MARK: Expressions

    private enum Precedence {
        static let or = 1, and = 2, not = 3, bitOr = 4, bitAnd = 5, comparison = 6
        static let pipeline = 7, additive = 8, multiplicative = 9, prefix = 10, power = 11
    }

    private static func infix(_ kind: TokenKind) -> (Int, BinaryOperator?)? {
        switch kind {
        case .keyword(.or): (Precedence.or, nil)
        case .keyword(.and): (Precedence.and, nil)
        case .pipe: (Precedence.bitOr, .or)
        case .ampersand: (Precedence.bitAnd, .and)
        case .equalEqual: (Precedence.comparison, .equal)
        case .bangEqual: (Precedence.comparison, .notEqual)
        case .less: (Precedence.comparison, .less)
        case .lessEqual: (Precedence.comparison, .lessEqual)
        case .greater: (Precedence.comparison, .greater)
        case .greaterEqual: (Precedence.comparison, .greaterEqual)
        case .pipeline: (Precedence.pipeline, nil)
        case .plus: (Precedence.additive, .add)
        case .minus: (Precedence.additive, .subtract)
        case .star: (Precedence.multiplicative, .multiply)
        case .slash: (Precedence.multiplicative, .divide)
        case .percent: (Precedence.multiplicative, .modulo)
        case .starStar: (Precedence.power, .power)
        default: nil
        }
    }

    private mutating func checked(_ expr: Expr) throws(Abort) -> Expr {
        if expr.depth > Self.maxNesting {
            throw fail("expression is nested too deeply (more than \(Self.maxNesting) levels)", at: expr.range)
        }
        return expr
    }

    /// expression := prefix (infix-operator expression)*, by precedence climbing.
    private mutating func parseExpression(_ minimum: Int = Precedence.or) throws(Abort) -> Expr {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maxNesting { throw fail("expression is nested too deeply (more than \(Self.maxNesting) levels)") }
        var left = try parsePrefix()
        var comparedAt: SourceRange?
        while let (precedence, op) = Self.infix(current.kind), precedence >= minimum {
            let opToken = advance()
            switch opToken.kind {
            case .pipeline:
                left = try checked(try parsePipeTarget(left, opToken))
            case .keyword(.and), .keyword(.or):
                let right = try parseExpression(precedence + 1)
                left = try checked(Expr(.logical(isAnd: opToken.kind == .keyword(.and), left, right), left.range.union(right.range)))
            default:
                guard let op else { preconditionFailure("binary token without an operator") }
                if op.isComparison {
                    if let first = comparedAt {
                        throw fail("comparisons cannot be chained; write 'a < b and b < c'",
                                   at: first.union(opToken.range))
                    }
                    comparedAt = left.range
                }
                let right = try parseExpression(op == .power ? precedence : precedence + 1)
                left = try checked(Expr(.binary(op, left, right), left.range.union(right.range)))
            }
        }
        return left
    }

    /// The right side of `|>`: a function (`a |> f`) or a call (`a |> f(b: 1)`), whose
    /// first argument becomes the left side.
    private mutating func parsePipeTarget(_ left: Expr, _ opToken: Token) throws(Abort) -> Expr {
        let target = try parsePostfix(try parsePrimary())
        let range = left.range.union(target.range)
        let piped = Argument(label: nil, labelRange: nil, value: left)
        switch target.kind {
        case .call(let callee, let args, _):
            return Expr(.call(callee, [piped] + args, piped: true), range)
        case .name, .member, .index:
            return Expr(.call(target, [piped], piped: true), range)
        default:
            throw fail("the right side of '|>' must be a function or a call, as in 'x |> blur(sigma: 2)'",
                       at: target.range)
        }
    }

    /// prefix := ('-' | '+' | '!') prefix | 'not' expression | postfix
    private mutating func parsePrefix() throws(Abort) -> Expr {
        let op: UnaryOperator
        let precedence: Int
        switch current.kind {
        case .minus: (op, precedence) = (.negate, Precedence.prefix)
        case .plus: (op, precedence) = (.plus, Precedence.prefix)
        case .bang: (op, precedence) = (.not, Precedence.prefix)
        case .keyword(.not): (op, precedence) = (.not, Precedence.not)
        default: return try parsePostfix(try parsePrimary())
        }
        let opToken = advance()
        let operand = try parseExpression(precedence)
        return try checked(Expr(.unary(op, operand), opToken.range.union(operand.range)))
    }

    /// postfix := primary ('(' arguments ')' | '[' expression ']' | '.' NAME)*
    private mutating func parsePostfix(_ base: Expr) throws(Abort) -> Expr {
        var expr = base
        while true {
            switch current.kind {
            case .leftParen:
                let (args, close) = try parseArguments()
                expr = try checked(Expr(.call(expr, args, piped: false), expr.range.union(close)))
            case .leftBracket:
                advance()
                let index = try parseExpression()
                let close = try expect(.rightBracket, "after the index")
                expr = try checked(Expr(.index(expr, index), expr.range.union(close.range)))
            case .dot:
                advance()
                guard case .identifier(let name) = current.kind else {
                    throw fail("expected a field name after '.', found \(current.kind.display)")
                }
                let nameToken = advance()
                expr = try checked(Expr(.member(expr, name, nameRange: nameToken.range), expr.range.union(nameToken.range)))
            default:
                return expr
            }
        }
    }

    /// arguments := (NAME ':')? expression (',' ...)* ','?
    private mutating func parseArguments() throws(Abort) -> ([Argument], SourceRange) {
        let open = advance()
        var args: [Argument] = []
        var sawNamed: String?
        while !check(.rightParen) {
            if case .identifier(let label) = current.kind, tokens[position + 1].kind == .colon {
                let labelToken = advance()
                advance()
                let value = try parseExpression()
                if args.contains(where: { $0.label == label }) {
                    report("argument '\(label)' is given twice", at: labelToken.range)
                }
                args.append(Argument(label: label, labelRange: labelToken.range, value: value))
                sawNamed = sawNamed ?? label
            } else {
                let value = try parseExpression()
                if let named = sawNamed {
                    report("positional argument after named argument '\(named)'; put positional arguments first",
                           at: value.range)
                }
                args.append(Argument(label: nil, labelRange: nil, value: value))
            }
            if !match(.comma) { break }
        }
        if !check(.rightParen) {
            throw fail("expected ',' or ')' in the arguments of the call at \(open.range.start), found \(current.kind.display)")
        }
        return (args, advance().range)
    }

    /// primary := NUMBER | STRING | 'true' | 'false' | 'none' | NAME | '(' expression ')'
    ///          | '[' (expression ,)* ']' | '{' (NAME ':' expression ,)* '}'
    private mutating func parsePrimary() throws(Abort) -> Expr {
        let token = current
        switch token.kind {
        case .number(let v):
            advance()
            return Expr(.number(v), token.range)
        case .string(let s):
            advance()
            return Expr(.string(s), token.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.bool(token.kind == .keyword(.true)), token.range)
        case .keyword(.none):
            advance()
            return Expr(.none, token.range)
        case .identifier where startsParallelFor:
            throw fail("'parallel for' is a statement, not a value; assign it on a line of its own: 'results = parallel for x in items { … }'")
        case .identifier(let name):
            advance()
            return Expr(.name(name), token.range)
        case .leftParen:
            advance()
            if check(.rightParen) { throw fail("expected an expression inside '( )'") }
            let inner = try parseExpression()
            let close = try expect(.rightParen, "to close '(' at \(token.range.start)")
            return Expr(inner.kind, token.range.union(close.range))
        case .leftBracket:
            return try parseList()
        case .leftBrace:
            return try parseRecord()
        case .keyword(let k):
            throw fail("expected an expression, found the keyword '\(k.rawValue)'")
        default:
            throw fail("expected an expression, found \(token.kind.display)")
        }
    }

    /// list := '[' (expression ',')* expression? ']'
    private mutating func parseList() throws(Abort) -> Expr {
        let open = advance()
        var items: [Expr] = []
        while !check(.rightBracket) {
            items.append(try parseExpression())
            if !match(.comma) { break }
        }
        if !check(.rightBracket) {
            throw fail("expected ',' or ']' in the list at \(open.range.start), found \(current.kind.display)")
        }
        return Expr(.list(items), open.range.union(advance().range))
    }

    /// record := '{' (NAME ':' expression ',')* '}'  — line breaks allowed inside
    private mutating func parseRecord() throws(Abort) -> Expr {
        let open = advance()
        var fields: [RecordField] = []
        skipNewlines()
        while !check(.rightBrace) {
            let name: String
            switch current.kind {
            case .identifier(let n), .string(let n): name = n
            default:
                throw fail("expected a field name in the record at \(open.range.start), found \(current.kind.display)")
            }
            let nameToken = advance()
            _ = try expect(.colon, "after the field name '\(name)'")
            skipNewlines()
            let value = try parseExpression()
            if fields.contains(where: { $0.name == name }) {
                report("duplicate field '\(name)' in record", at: nameToken.range)
            }
            fields.append(RecordField(name: name, nameRange: nameToken.range, value: value))
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        if !check(.rightBrace) {
            throw fail("expected ',' or '}' in the record at \(open.range.start), found \(current.kind.display)")
        }
        return Expr(.record(fields), open.range.union(advance().range))
    }
}
