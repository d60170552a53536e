/// Lowers the AST to executable nodes, resolving each name to a local slot (inside a
/// `def`: its parameters and every name it assigns) or a global slot.
final class Compiler {
    private let rt: Interpreter
    private let source: SourceFile
    private var locals: [String: Int]?
    private var localNames: [String] = []
    /// Compiling a row expression: names may mean fields of the row.
    private var inRowExpression = false
    /// Compiling the body of a `parallel for`: its assigned names are per-iteration locals.
    private var inParallelBody = false

    init(_ rt: Interpreter, source: SourceFile) {
        self.rt = rt
        self.source = source
    }

    func compileTopLevel(_ stmt: Stmt) -> StmtNode {
        compile(stmt, topLevel: true)
    }

    private func variable(_ name: String) -> Variable {
        if let slot = locals?[name] { return .local(slot) }
        return .global(rt.globalSlot(name))
    }

    private func compile(_ body: [Stmt]) -> [StmtNode] { body.map { compile($0, topLevel: false) } }

    private func compile(_ stmt: Stmt, topLevel: Bool) -> StmtNode {
        let range = stmt.range
        switch stmt.kind {
        case .expression(let e):
            return ExpressionStmt(compile(e), echo: topLevel, range)
        case .assign(let target, let value):
            let v = compile(value)
            if case .name(let name) = target.kind {
                let plain: StmtNode = switch variable(name) {
                case .local(let slot): AssignLocal(slot: slot, value: v, range)
                case .global(let slot): AssignGlobal(slot: slot, value: v, range)
                }
                return accumulation(name, value, plain: plain) ?? plain
            }
            var steps: [AssignPath.Step] = []
            var root = target
            while true {
                switch root.kind {
                case .index(let base, let index):
                    steps.append(.index(compile(index)))
                    root = base
                    continue
                case .member(let base, let name, let nameRange):
                    steps.append(.member(name, nameRange))
                    root = base
                    continue
                default:
                    break
                }
                break
            }
            steps.reverse()
            guard case .name(let name) = root.kind else {
                // The parser accepts `f()[0] = 1`; it has no variable to update.
                return ExpressionStmt(ThrowNode("cannot assign into the result of an expression; assign to a variable first", root.range), echo: false, range)
            }
            if inParallelBody, case .global = variable(name) {
                return ExpressionStmt(ThrowNode("cannot change '\(name)' inside a 'parallel for': its iterations run independently; copy it first ('mine = \(name)') or collect values with 'results = parallel for …'", root.range), echo: false, range)
            }
            return AssignPath(root: compile(root), variable: variable(name), steps: steps, value: v, range)
        case .param(let name, let nameRange, let value):
            return ParamStmt(slot: rt.globalSlot(name), name: name, nameRange: nameRange, value: compile(value), range)
        case .def(let decl):
            return DefStmt(slot: rt.globalSlot(decl.name), function: compileFunction(decl), range)
        case .if(let condition, let body, let otherwise):
            return IfStmt(compile(condition), compile(body), compile(otherwise ?? []), range)
        case .for(let name, _, let iterable, let body):
            return ForStmt(variable(name), compile(iterable), compile(body), reportsProgress: topLevel, range)
        case .parallelFor(let loop):
            return compileParallel(loop, range)
        case .while(let condition, let body):
            return WhileStmt(compile(condition), compile(body), range)
        case .return(let value):
            return ReturnStmt(value.map(compile), range)
        case .break:
            return JumpStmt(.breakLoop, range)
        case .continue:
            return JumpStmt(.continueLoop, range)
        }
    }

    /// `x = x + e` or `x = append(x, e)`, compiled to update `x` in place.
    private func accumulation(_ name: String, _ value: Expr, plain: StmtNode) -> StmtNode? {
        func isTarget(_ e: Expr) -> Bool { if case .name(name) = e.kind { true } else { false } }
        switch value.kind {
        case .binary(.add, let l, let r) where isTarget(l):
            return AccumulateStmt(variable: variable(name), current: compile(l), extra: compile(r),
                                  operatorRange: value.range, appendCallee: nil, fallback: nil, plain.range)
        case .call(let callee, let args, _):
            guard case .name("append") = callee.kind, locals?["append"] == nil, args.count == 2,
                  args.allSatisfy({ $0.label == nil }), isTarget(args[0].value) else { return nil }
            return AccumulateStmt(variable: variable(name), current: compile(args[0].value), extra: compile(args[1].value),
                                  operatorRange: value.range, appendCallee: compile(callee), fallback: plain, plain.range)
        default:
            return nil
        }
    }

    private func compileFunction(_ decl: FunctionDecl) -> UserFunction {
        let savedLocals = locals, savedNames = localNames
        defer {
            locals = savedLocals
            localNames = savedNames
        }
        let (slots, names) = Self.localSlots(decl.parameters.map(\.name), decl.body)
        locals = slots
        localNames = names
        let defaults = decl.parameters.map { $0.defaultValue.map(compile) }
        let body = compile(decl.body)
        return UserFunction(name: decl.name, parameterNames: decl.parameters.map(\.name), defaults: defaults,
                            localCount: names.count, body: body, source: source, nameRange: decl.nameRange)
    }

    /// The local slots of a body run in its own frame: `first` (parameters, the loop
    /// variable), then every name `body` assigns, each once, in order of appearance.
    private static func localSlots(_ first: [String], _ body: [Stmt]) -> (slots: [String: Int], names: [String]) {
        var slots: [String: Int] = [:]
        var names: [String] = []
        func declare(_ name: String) {
            if slots[name] == nil {
                slots[name] = names.count
                names.append(name)
            }
        }
        first.forEach(declare)
        collectAssigned(body, declare)
        return (slots, names)
    }

    /// Calls `declare` with every name `body` assigns (plain `name = …` and loop
    /// variables), in order, looking into nested blocks.
    private static func collectAssigned(_ body: [Stmt], _ declare: (String) -> Void) {
        for s in body {
            switch s.kind {
            case .assign(let target, _):
                if case .name(let n) = target.kind { declare(n) }
            case .for(let n, _, _, let b):
                declare(n)
                collectAssigned(b, declare)
            case .if(_, let a, let b):
                collectAssigned(a, declare)
                collectAssigned(b ?? [], declare)
            case .while(_, let b):
                collectAssigned(b, declare)
            default:
                break
            }
        }
    }

    /// A `parallel for` body is compiled like a function body: the loop variable and every
    /// name it assigns are locals of one iteration, so iterations share nothing they write.
    private func compileParallel(_ loop: ParallelLoop, _ range: SourceRange) -> StmtNode {
        let iterable = compile(loop.iterable)
        let (slots, names) = Self.localSlots([loop.name], loop.body)
        let saved = (locals, localNames, inParallelBody)
        defer { (locals, localNames, inParallelBody) = saved }
        locals = slots
        localNames = names
        inParallelBody = true
        var statements = loop.body
        var value: ExprNode?
        if case .expression(let e)? = statements.last?.kind {
            statements.removeLast()
            value = compile(e)
        }
        let body = compile(statements)
        return ParallelForStmt(target: loop.target.map { rt.globalSlot($0) }, variableName: loop.name,
                               localCount: names.count, iterable: iterable, body: body, value: value,
                               headRange: loop.headRange, range)
    }

    func compile(_ expr: Expr) -> ExprNode {
        let range = expr.range
        switch expr.kind {
        case .number(let n): return ConstantNode(.number(n), range)
        case .string(let s): return ConstantNode(.string(s), range)
        case .bool(let b): return ConstantNode(.bool(b), range)
        case .none: return ConstantNode(.none, range)
        case .name(let name):
            let variable: ExprNode
            if let slot = locals?[name] {
                let note = inParallelBody
                    ? "'\(name)' is assigned in this 'parallel for', so it is local to each iteration; to combine values across iterations, collect them: 'results = parallel for … { …; value }'"
                    : nil
                variable = LocalNode(slot: slot, name: name, note: note, range)
            } else {
                variable = GlobalNode(slot: rt.globalSlot(name), name: name, builtin: rt.registry[name], locals: localNames, range)
            }
            return inRowExpression ? RowFieldNode(name: name, variable: variable, range) : variable
        case .list(let items):
            return ListNode(items.map(compile), range)
        case .record(let fields):
            return RecordNode(names: fields.map(\.name), values: fields.map { compile($0.value) }, range)
        case .unary(let op, let operand):
            if op == .negate, case .number(let n) = operand.kind { return ConstantNode(.number(-n), range) }
            return UnaryNode(op, compile(operand), range)
        case .binary(let op, let l, let r):
            return BinaryNode(op, compile(l), compile(r), range)
        case .logical(let isAnd, let l, let r):
            return LogicalNode(isAnd: isAnd, compile(l), compile(r), range)
        case .call(let callee, let args, let piped):
            let rowArguments = rowExpressionArguments(callee, args)
            let arguments = args.indices.map { i in
                rowArguments.contains(i) ? rowExpression(args[i].value, callee: callee) : compile(args[i].value)
            }
            let calleeNode: ExprNode
            if case .name = callee.kind, inRowExpression {
                // A called name is a function, never a field of the row.
                inRowExpression = false
                calleeNode = compile(callee)
                inRowExpression = true
            } else {
                calleeNode = compile(callee)
            }
            return CallNode(callee: calleeNode, arguments: arguments, labels: args.map(\.label),
                            argumentRanges: args.map(\.range), piped: piped, range)
        case .index(let base, let index):
            return IndexNode(compile(base), compile(index), range)
        case .member(let base, let name, let nameRange):
            return MemberNode(compile(base), name, nameRange: nameRange, range)
        }
    }
}

extension Compiler {
    /// The indices of the arguments of a call to a builtin that are row expressions
    /// (``Parameter/rowExpression``): empty unless the callee is a builtin's name.
    private func rowExpressionArguments(_ callee: Expr, _ args: [Argument]) -> Set<Int> {
        guard case .name(let name) = callee.kind, locals?[name] == nil, let b = rt.registry[name],
              b.parameters.contains(where: \.rowExpression) else { return [] }
        var result = Set<Int>()
        for (i, a) in args.enumerated() {
            let p = a.label.map { label in b.parameters.first { $0.name == label } }
                ?? (i < b.parameters.count && !b.parameters[i].variadic ? b.parameters[i] : nil)
            if p?.rowExpression == true { result.insert(i) }
        }
        return result
    }

    private func rowExpression(_ expr: Expr, callee: Expr) -> ExprNode {
        let saved = inRowExpression
        inRowExpression = true
        defer { inRowExpression = saved }
        guard case .name(let name) = callee.kind else { preconditionFailure("row expressions follow a builtin's name") }
        return RowExpressionNode(compile(expr), calleeSlot: rt.globalSlot(name), expr.range)
    }
}

/// A node that always fails (for constructs the parser accepts but that cannot run).
final class ThrowNode: ExprNode, @unchecked Sendable {
    let message: String
    init(_ message: String, _ range: SourceRange) {
        self.message = message
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value { throw RuntimeError(message, range) }
}
