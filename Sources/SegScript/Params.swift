// Parameters (`param NAME = EXPR`), their overrides, and recomputing what depends on one.

/// What ``Interpreter/retweak(_:to:)`` recomputed.
///
///     let report = try interpreter.retweak("t", to: .number(0.3))
///     for s in report.statements { print(s.source.name ?? "", s.range.start) }
public struct RetweakReport: Sendable {
    /// The statements run again, in order.
    public var statements: [StatementInfo]
}

/// A top-level statement of the session, with the globals it read and wrote when it last
/// ran (read dynamically, so calls into `def` functions count).
///
///     for s in interpreter.statements where s.reads.contains("t") { print(s.range) }
public struct StatementInfo: Sendable {
    /// Its position in the session's history (0 is the first statement ever run).
    public var index: Int
    /// Where it is.
    public var range: SourceRange
    /// The file, cell or REPL entry it came from.
    public var source: SourceFile
    /// The global variables it read.
    public var reads: [String]
    /// The global variables it assigned.
    public var writes: [String]
}

extension Interpreter {
    /// Every top-level statement run in this session, in order.
    public var statements: [StatementInfo] { history.indices.map(info) }

    func info(_ i: Int) -> StatementInfo {
        let e = history[i]
        return StatementInfo(index: i, range: e.node.range, source: e.source,
                             reads: e.reads.map { globalNames[$0] }, writes: e.writes.map { globalNames[$0] })
    }

    /// The parameters declared so far and their current values, in declaration order.
    ///
    ///     for (name, value) in interpreter.parameters { print(name, "=", value) }
    public var parameters: [(name: String, value: Value)] {
        paramDeclarations.sorted { $0.value.entry < $1.value.entry }.compactMap { name, _ in self[name].map { (name, $0) } }
    }

    /// Why `override` cannot replace a parameter declared as `declared`, or `nil` if it can:
    /// it must have the same type, unless the declared value is `none`.
    static func overrideProblem(name: String, declared: Value, override: Value) -> String? {
        if case .none = declared { return nil }
        guard declared.typeName != override.typeName else { return nil }
        return "param '\(name)' is \(ValueType.article(declared.typeName)), but the new value is \(ValueType.article(override.typeName)) (\(override.debugDescription))"
    }

    func checkOverrides(_ overrides: [String: Value], declared: [String], source: SourceFile) throws(ScriptFailure) {
        let unknown = overrides.keys.filter { !declared.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }
        let diagnostics = unknown.map { name -> Diagnostic in
            let list = declared.isEmpty ? "the script declares no parameters" : "the script declares: " + declared.joined(separator: ", ")
            var d = Diagnostic(.error, "unknown parameter '\(name)'; \(list)", at: .unknown,
                               suggestion: Suggestions.nearest(name, among: declared))
            d.source = nil
            return d
        }
        throw ScriptFailure(diagnostics)
    }

    /// Gives parameter `name` a new value and recomputes, in order, every statement that
    /// depends on it: those that read a variable changed by a recomputed statement (so
    /// dependencies are transitive, through `def` functions too), and those that write
    /// one (so a later assignment still wins). Output and echoes happen again.
    ///
    /// Statements see the current values of the variables they read; a variable that a
    /// later statement reassigned keeps that later value during the recomputation.
    ///
    ///     try interpreter.run(source: "param t = 2\ny = t * 10\nprint(y)")
    ///     let report = try interpreter.retweak("t", to: .number(3))  // prints 30
    ///     report.statements.count  // 3
    public func retweak(_ name: String, to value: Value) throws(ScriptFailure) -> RetweakReport {
        guard let declaration = paramDeclarations[name] else {
            let known = paramDeclarations.keys.sorted()
            let list = known.isEmpty ? "no parameters are declared" : "the parameters are: " + known.joined(separator: ", ")
            throw ScriptFailure([Diagnostic(.error, "unknown parameter '\(name)'; \(list)", at: .unknown,
                                            suggestion: Suggestions.nearest(name, among: known))])
        }
        if let problem = Self.overrideProblem(name: name, declared: declaration.declared, override: value) {
            throw ScriptFailure([Diagnostic(.error, problem, at: history[declaration.entry].node.range,
                                            source: history[declaration.entry].source)])
        }
        paramOverrides[name] = value
        var dirty = Set<Int>()
        var rerun: [Int] = []
        for i in declaration.entry..<history.count {
            let e = history[i]
            guard i == declaration.entry || e.reads.contains(where: dirty.contains) || e.writes.contains(where: dirty.contains)
            else { continue }
            rerun.append(i)
            try execute(entry: i)
            dirty.formUnion(history[i].writes)
        }
        return RetweakReport(statements: rerun.map(info))
    }
}

extension ValueType {
    static func article(_ typeName: String) -> String {
        typeName == "none" ? "none" : ("aeiou".contains(typeName.first ?? "x") ? "an " : "a ") + typeName
    }
}

extension Value {
    /// Reads a `--set NAME=VALUE` value: a SegScript literal (`0.5`, `-3`, `true`,
    /// `"text"`, `[1, 2]`, `{a: 1}`, `none`) or, failing that, the text itself as a string
    /// (so `--set method=kmeans` works unquoted).
    ///
    ///     Value.parseOverride("0.5")     // .number(0.5)
    ///     Value.parseOverride("kmeans")  // .string("kmeans")
    public static func parseOverride(_ text: String) -> Value {
        guard case .complete(let program) = Parser.parse(SourceFile(text)),
              program.statements.count == 1, case .expression(let e) = program.statements[0].kind,
              let value = literal(e)
        else { return .string(text) }
        return value
    }

    static func literal(_ e: Expr) -> Value? {
        switch e.kind {
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return Value.none
        case .unary(.negate, let inner):
            if case .number(let n) = inner.kind { return .number(-n) }
            return nil
        case .list(let items):
            var values: [Value] = []
            for i in items {
                guard let v = literal(i) else { return nil }
                values.append(v)
            }
            return .list(values)
        case .record(let fields):
            var pairs: [(String, Value)] = []
            for f in fields {
                guard let v = literal(f.value) else { return nil }
                pairs.append((f.name, v))
            }
            return .record(Record(pairs))
        default:
            return nil
        }
    }
}
