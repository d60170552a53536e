/// A parsed script: its top-level statements and the source they came from.
///
///     guard case .complete(let program) = Parser.parse(source) else { return }
///     print(program.statements.count)
public struct Program: Sendable {
    /// The top-level statements, in order.
    public var statements: [Stmt]
    /// The source text the ranges point into.
    public var source: SourceFile

    /// A program; the parser makes these.
    public init(statements: [Stmt], source: SourceFile) {
        self.statements = statements
        self.source = source
    }

    /// The names declared with `param`, in order.
    ///
    ///     program.paramNames  // ["t", "sigma"]
    public var paramNames: [String] {
        statements.compactMap { if case .param(let name, _, _) = $0.kind { name } else { nil } }
    }
}

/// Binary operators, from the source spelling.
///
///     BinaryOperator.add.symbol  // "+"
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    /// `&`: logical and of bools, element-wise and of masks (host values).
    case and = "&"
    /// `|`: logical or of bools, element-wise or of masks (host values).
    case or = "|"

    /// The source spelling.
    public var symbol: String { rawValue }
    /// Whether the result is a comparison (`==` … `>=`).
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}

/// Prefix operators.
///
///     UnaryOperator.not.symbol  // "!"
public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
    case negate = "-", plus = "+"
    /// `!x` and `not x`: logical not of a bool, complement of a mask.
    case not = "!"

    /// The source spelling.
    public var symbol: String { rawValue }
}

/// An expression with its source range.
///
///     if case .call(let callee, let args, _) = expr.kind { ... }
public struct Expr: Sendable {
    /// What the expression is.
    public indirect enum Kind: Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case none
        case name(String)
        case list([Expr])
        /// `{key: value, ...}`, keys in source order.
        case record([RecordField])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `a and b`, `a or b` (short-circuit, bools only).
        case logical(isAnd: Bool, Expr, Expr)
        /// A call. `piped` is true for `a |> f(b)`, whose first argument is `a`.
        case call(Expr, [Argument], piped: Bool)
        case index(Expr, Expr)
        case member(Expr, String, nameRange: SourceRange)
    }

    /// What it is.
    public var kind: Kind
    /// Where it is.
    public var range: SourceRange
    /// The height of the tree below this node (1 for a leaf); the parser bounds it so
    /// that evaluation cannot overflow the stack.
    public let depth: Int

    /// An expression node.
    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        let children: Int
        switch kind {
        case .number, .string, .bool, .none, .name: children = 0
        case .list(let items): children = items.reduce(0) { max($0, $1.depth) }
        case .record(let fields): children = fields.reduce(0) { max($0, $1.value.depth) }
        case .unary(_, let e), .member(let e, _, _): children = e.depth
        case .binary(_, let a, let b), .logical(_, let a, let b), .index(let a, let b): children = max(a.depth, b.depth)
        case .call(let callee, let args, _): children = args.reduce(callee.depth) { max($0, $1.value.depth) }
        }
        depth = children + 1
    }
}

/// One field of a record literal.
public struct RecordField: Sendable {
    /// The field name.
    public var name: String
    /// Where the name is.
    public var nameRange: SourceRange
    /// The field's value.
    public var value: Expr

    /// A field `name: value`.
    public init(name: String, nameRange: SourceRange, value: Expr) {
        self.name = name
        self.nameRange = nameRange
        self.value = value
    }
}

/// One argument of a call: positional (`label == nil`) or named (`sigma: 2`).
public struct Argument: Sendable {
    /// The name, for a named argument.
    public var label: String?
    /// Where the name is.
    public var labelRange: SourceRange?
    /// The value.
    public var value: Expr

    /// An argument.
    public init(label: String?, labelRange: SourceRange?, value: Expr) {
        self.label = label
        self.labelRange = labelRange
        self.value = value
    }

    /// The whole argument, label included.
    public var range: SourceRange { labelRange.map { $0.union(value.range) } ?? value.range }
}

/// A parameter of a `def`: a name and an optional default value.
public struct FunctionParameter: Sendable {
    /// The parameter name.
    public var name: String
    /// Where the name is.
    public var range: SourceRange
    /// The default, evaluated at each call that omits the argument.
    public var defaultValue: Expr?

    /// A parameter.
    public init(name: String, range: SourceRange, defaultValue: Expr?) {
        self.name = name
        self.range = range
        self.defaultValue = defaultValue
    }
}

/// `def name(params) { body }`.
public struct FunctionDecl: Sendable {
    /// The function's name.
    public var name: String
    /// Where the name is.
    public var nameRange: SourceRange
    /// Its parameters, in order.
    public var parameters: [FunctionParameter]
    /// Its body.
    public var body: [Stmt]

    /// A declaration.
    public init(name: String, nameRange: SourceRange, parameters: [FunctionParameter], body: [Stmt]) {
        self.name = name
        self.nameRange = nameRange
        self.parameters = parameters
        self.body = body
    }
}

/// A statement with its source range.
///
///     for stmt in program.statements { print(stmt.range) }
public struct Stmt: Sendable {
    /// What the statement is.
    public indirect enum Kind: Sendable {
        case expression(Expr)
        /// `target = value`; the target is a name, an index (`a[i]`) or a member (`r.f`).
        case assign(Expr, Expr)
        case param(String, nameRange: SourceRange, Expr)
        case def(FunctionDecl)
        /// `if c { … } else { … }`; `else if` is an `if` alone in the else branch.
        case `if`(Expr, [Stmt], else: [Stmt]?)
        case `for`(String, nameRange: SourceRange, Expr, [Stmt])
        /// `parallel for NAME in LIST { … }`, optionally assigned: `r = parallel for …`.
        case parallelFor(ParallelLoop)
        case `while`(Expr, [Stmt])
        case `return`(Expr?)
        case `break`
        case `continue`
    }

    /// What it is.
    public var kind: Kind
    /// Where it is.
    public var range: SourceRange

    /// A statement node.
    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
