// Compiled code: immutable trees of node objects, each evaluating itself. Names are
// already resolved to slots (locals in a frame, globals in the interpreter's buffer).
// The base classes are @unchecked Sendable because subclasses are final with only `let`
// properties, which the compiler cannot see through the open base class.

/// How a statement finished.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

class ExprNode: @unchecked Sendable {
    let range: SourceRange
    init(_ range: SourceRange) { self.range = range }
    func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value { fatalError("abstract") }
}

class StmtNode: @unchecked Sendable {
    let range: SourceRange
    init(_ range: SourceRange) { self.range = range }
    func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow { fatalError("abstract") }
}

@inline(__always)
func execBlock(_ body: [StmtNode], _ rt: Interpreter, _ frame: Frame) throws -> Flow {
    for statement in body {
        let flow = try statement.exec(rt, frame)
        if flow != .normal { return flow }
    }
    return .normal
}

/// Wraps operator errors at `range`.
@inline(__always)
func at<T>(_ range: SourceRange, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ScriptError { throw RuntimeError(e, at: range) }
}

// MARK: Expressions

final class ConstantNode: ExprNode, @unchecked Sendable {
    let value: Value
    init(_ value: Value, _ range: SourceRange) {
        self.value = value
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value { value }
}

final class LocalNode: ExprNode, @unchecked Sendable {
    let slot: Int, name: String
    /// Added to the "used before it is assigned" error (why the name is local).
    let note: String?
    init(slot: Int, name: String, note: String? = nil, _ range: SourceRange) {
        self.slot = slot
        self.name = name
        self.note = note
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        if let v = frame[slot] { return v }
        var error = RuntimeError("variable '\(name)' is used before it is assigned", range)
        if let note { error.diagnostic.notes.append(.init(note)) }
        throw error
    }
}

final class GlobalNode: ExprNode, @unchecked Sendable {
    let slot: Int, name: String
    /// The builtin of the same name, used while no global of that name is defined.
    let builtin: Builtin?
    /// Local names in scope, for suggestions.
    let locals: [String]
    init(slot: Int, name: String, builtin: Builtin?, locals: [String], _ range: SourceRange) {
        self.slot = slot
        self.name = name
        self.builtin = builtin
        self.locals = locals
        super.init(range)
    }
    @inline(__always)
    func lookup(_ rt: Interpreter) -> Value? {
        if let v = rt.readGlobal(slot) { return v }
        return builtin.map { .function(.builtin($0)) }
    }
    func undefined(_ rt: Interpreter, asFunction: Bool) -> RuntimeError {
        let suggestion = Suggestions.nearest(name, among: rt.knownNames(plus: locals))
        return RuntimeError(asFunction ? "unknown function '\(name)'" : "undefined variable '\(name)'", range,
                            suggestion: suggestion)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        if let v = lookup(rt) { return v }
        throw undefined(rt, asFunction: false)
    }
}

final class UnaryNode: ExprNode, @unchecked Sendable {
    let op: UnaryOperator, operand: ExprNode
    init(_ op: UnaryOperator, _ operand: ExprNode, _ range: SourceRange) {
        self.op = op
        self.operand = operand
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        let v = try operand.eval(rt, frame)
        if op == .negate, case .number(let n) = v { return .number(-n) }
        return noted(try at(range) { try Operators.unary(op, v) }, rt)
    }
}

final class BinaryNode: ExprNode, @unchecked Sendable {
    let op: BinaryOperator, left: ExprNode, right: ExprNode
    init(_ op: BinaryOperator, _ left: ExprNode, _ right: ExprNode, _ range: SourceRange) {
        self.op = op
        self.left = left
        self.right = right
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        let l = try left.eval(rt, frame)
        let r = try right.eval(rt, frame)
        if case .number(let a) = l, case .number(let b) = r {
            switch op {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEqual: return .bool(a >= b)
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            default: return try at(range) { try Operators.numeric(op, a, b) }
            }
        }
        let limit = rt.maxCollectionSize
        return noted(try at(range) { try Operators.binary(op, l, r, limit: limit) }, rt)
    }
}

extension ExprNode {
    /// `value`, after printing the note its operator left on it (clipped samples), if any.
    func noted(_ value: Value, _ rt: Interpreter) -> Value {
        if case .host(let h) = value, let note = h.operatorNote {
            rt.output("note: \(range.start.line):\(range.start.column): \(note)")
        }
        return value
    }
}

final class LogicalNode: ExprNode, @unchecked Sendable {
    let isAnd: Bool, left: ExprNode, right: ExprNode
    init(isAnd: Bool, _ left: ExprNode, _ right: ExprNode, _ range: SourceRange) {
        self.isAnd = isAnd
        self.left = left
        self.right = right
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        let word = isAnd ? "and" : "or"
        let l = try left.eval(rt, frame)
        let a = try at(left.range) { try Operators.truth(l, "the left side of '\(word)'") }
        if a != isAnd { return .bool(a) }
        let r = try right.eval(rt, frame)
        return .bool(try at(right.range) { try Operators.truth(r, "the right side of '\(word)'") })
    }
}

final class ListNode: ExprNode, @unchecked Sendable {
    let items: [ExprNode]
    init(_ items: [ExprNode], _ range: SourceRange) {
        self.items = items
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try item.eval(rt, frame)) }
        return .list(values)
    }
}

final class RecordNode: ExprNode, @unchecked Sendable {
    let names: [String], values: [ExprNode]
    init(names: [String], values: [ExprNode], _ range: SourceRange) {
        self.names = names
        self.values = values
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        var fields: [(String, Value)] = []
        for (name, node) in zip(names, values) { fields.append((name, try node.eval(rt, frame))) }
        return .record(Record(fields))
    }
}

final class IndexNode: ExprNode, @unchecked Sendable {
    let base: ExprNode, index: ExprNode
    init(_ base: ExprNode, _ index: ExprNode, _ range: SourceRange) {
        self.base = base
        self.index = index
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        let b = try base.eval(rt, frame)
        let i = try index.eval(rt, frame)
        if case .list(let items) = b, case .number(let n) = i, n >= 0, n < Double(items.count), n == n.rounded() {
            return items[Int(n)]
        }
        return try at(range) { try Operators.index(b, i) }
    }
}

final class MemberNode: ExprNode, @unchecked Sendable {
    let base: ExprNode, name: String, nameRange: SourceRange
    init(_ base: ExprNode, _ name: String, nameRange: SourceRange, _ range: SourceRange) {
        self.base = base
        self.name = name
        self.nameRange = nameRange
        super.init(range)
    }
    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        let b = try base.eval(rt, frame)
        return try at(nameRange) { try Operators.member(b, name) }
    }
}

final class CallNode: ExprNode, @unchecked Sendable {
    let callee: ExprNode
    let arguments: [ExprNode]
    /// Labels parallel to `arguments` (`nil` for positional ones, which come first).
    let labels: [String?]
    let argumentRanges: [SourceRange]
    let positionalCount: Int
    let piped: Bool

    init(callee: ExprNode, arguments: [ExprNode], labels: [String?], argumentRanges: [SourceRange],
         piped: Bool, _ range: SourceRange) {
        self.callee = callee
        self.arguments = arguments
        self.labels = labels
        self.argumentRanges = argumentRanges
        self.positionalCount = labels.prefix { $0 == nil }.count
        self.piped = piped
        super.init(range)
    }

    func evalCallee(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        if let global = callee as? GlobalNode {
            if let v = global.lookup(rt) { return v }
            throw global.undefined(rt, asFunction: true)
        }
        return try callee.eval(rt, frame)
    }

    func evalArguments(_ rt: Interpreter, _ frame: Frame) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(arguments.count)
        for a in arguments { values.append(try a.eval(rt, frame)) }
        return values
    }

    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        let f = try evalCallee(rt, frame)
        let values = try evalArguments(rt, frame)
        return try rt.call(f, values, site: self)
    }

    /// The callee's name in source, for messages about non-functions.
    var calleeText: String {
        switch callee {
        case let g as GlobalNode: g.name
        case let l as LocalNode: l.name
        case let m as MemberNode: m.name
        default: "this value"
        }
    }
}

// MARK: Statements

final class ExpressionStmt: StmtNode, @unchecked Sendable {
    let expr: ExprNode, echo: Bool
    init(_ expr: ExprNode, echo: Bool, _ range: SourceRange) {
        self.expr = expr
        self.echo = echo
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        let v = try expr.eval(rt, frame)
        if echo, rt.echo {
            if case .none = v {} else { rt.display(v) }
        }
        return .normal
    }
}

/// Where an assignment stores: a local or a global slot.
enum Variable {
    case local(Int), global(Int)

    @inline(__always)
    func set(_ value: Value, _ rt: Interpreter, _ frame: Frame) {
        switch self {
        case .local(let slot): frame[slot] = value
        case .global(let slot): rt.writeGlobal(slot, value)
        }
    }
}

final class AssignLocal: StmtNode, @unchecked Sendable {
    let slot: Int, value: ExprNode
    init(slot: Int, value: ExprNode, _ range: SourceRange) {
        self.slot = slot
        self.value = value
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        frame[slot] = try value.eval(rt, frame)
        return .normal
    }
}

final class AssignGlobal: StmtNode, @unchecked Sendable {
    let slot: Int, value: ExprNode
    init(slot: Int, value: ExprNode, _ range: SourceRange) {
        self.slot = slot
        self.value = value
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        rt.writeGlobal(slot, try value.eval(rt, frame))
        return .normal
    }
}

/// `a[i] = v`, `r.f = v`, `a[i].f[j] = v`: updates the variable's value in place.
final class AssignPath: StmtNode, @unchecked Sendable {
    enum Step {
        case index(ExprNode)
        case member(String, SourceRange)
    }
    let root: ExprNode, variable: Variable, steps: [Step], value: ExprNode
    init(root: ExprNode, variable: Variable, steps: [Step], value: ExprNode, _ range: SourceRange) {
        self.root = root
        self.variable = variable
        self.steps = steps
        self.value = value
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        var container = try root.eval(rt, frame)
        var keys: [Value] = []
        for step in steps {
            if case .index(let e) = step { keys.append(try e.eval(rt, frame)) } else { keys.append(.none) }
        }
        let newValue = try value.eval(rt, frame)
        // Release the variable's reference so the update below does not copy.
        variable.set(.none, rt, frame)
        defer { variable.set(container, rt, frame) }
        try update(&container, step: 0, keys: keys, newValue)
        return .normal
    }

    private func update(_ container: inout Value, step: Int, keys: [Value], _ newValue: Value) throws {
        let last = step == steps.count - 1
        switch steps[step] {
        case .index(let e):
            switch container {
            case .list(var items):
                container = .none
                defer { container = .list(items) }
                let p = try at(e.range) { try Operators.position(keys[step], count: items.count, what: "list") }
                if last { items[p] = newValue } else { try update(&items[p], step: step + 1, keys: keys, newValue) }
            case .record(var r):
                container = .none
                defer { container = .record(r) }
                guard case .string(let key) = keys[step] else {
                    throw RuntimeError("a record is indexed by a field name (a string), got \(keys[step].typeName)", e.range)
                }
                if last {
                    r[key] = newValue
                } else {
                    guard var inner = r[key] else {
                        throw RuntimeError("record has no field '\(key)'", e.range, suggestion: Suggestions.nearest(key, among: r.names))
                    }
                    try update(&inner, step: step + 1, keys: keys, newValue)
                    r[key] = inner
                }
            default:
                throw RuntimeError("cannot assign to an element of a \(container.typeName); only lists and records can be changed", e.range)
            }
        case .member(let name, let nameRange):
            guard case .record(var r) = container else {
                throw RuntimeError("cannot assign to field '\(name)' of a \(container.typeName); only records have fields", nameRange)
            }
            container = .none
            defer { container = .record(r) }
            if last {
                r[name] = newValue
            } else {
                guard var inner = r[name] else {
                    throw RuntimeError("record has no field '\(name)'", nameRange, suggestion: Suggestions.nearest(name, among: r.names))
                }
                try update(&inner, step: step + 1, keys: keys, newValue)
                r[name] = inner
            }
        }
    }
}

final class IfStmt: StmtNode, @unchecked Sendable {
    let condition: ExprNode, body: [StmtNode], otherwise: [StmtNode]
    init(_ condition: ExprNode, _ body: [StmtNode], _ otherwise: [StmtNode], _ range: SourceRange) {
        self.condition = condition
        self.body = body
        self.otherwise = otherwise
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        let c = try condition.eval(rt, frame)
        let truth: Bool
        if case .bool(let b) = c { truth = b } else {
            truth = try at(condition.range) { try Operators.truth(c, "the condition of 'if'") }
        }
        return try execBlock(truth ? body : otherwise, rt, frame)
    }
}

final class WhileStmt: StmtNode, @unchecked Sendable {
    let condition: ExprNode, body: [StmtNode]
    init(_ condition: ExprNode, _ body: [StmtNode], _ range: SourceRange) {
        self.condition = condition
        self.body = body
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        while true {
            try rt.tick(range)
            let c = try condition.eval(rt, frame)
            guard case .bool(let truth) = c else {
                _ = try at(condition.range) { try Operators.truth(c, "the condition of 'while'") }
                return .normal
            }
            if !truth { return .normal }
            switch try execBlock(body, rt, frame) {
            case .breakLoop: return .normal
            case .returned: return .returned
            case .normal, .continueLoop: continue
            }
        }
    }
}

final class ForStmt: StmtNode, @unchecked Sendable {
    let variable: Variable, iterable: ExprNode, body: [StmtNode], headRange: SourceRange
    /// A top-level loop tells ``Interpreter/loopProgress`` how it advances.
    let reportsProgress: Bool
    init(_ variable: Variable, _ iterable: ExprNode, _ body: [StmtNode], reportsProgress: Bool = false,
         _ range: SourceRange) {
        self.variable = variable
        self.iterable = iterable
        self.body = body
        self.headRange = iterable.range
        self.reportsProgress = reportsProgress
        super.init(range)
    }

    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        // `for i in range(…)` counts without building the list.
        if let call = iterable as? CallNode, let rangeBuiltin = rt.rangeBuiltin {
            let f = try call.evalCallee(rt, frame)
            if case .function(.builtin(let b)) = f, b === rangeBuiltin {
                let args = try rt.bind(b, try call.evalArguments(rt, frame), site: call)
                let (start, stop, step) = try rt.guarded(b, site: call) { try CoreBuiltins.rangeBounds(args) }
                let progress = LoopProgressReporter(reportsProgress ? rt.loopProgress : nil,
                                                    total: CoreBuiltins.rangeCount(start, stop, step))
                defer { progress?.finish() }
                var i = start
                while step > 0 ? i < stop : i > stop {
                    try rt.tick(range)
                    variable.set(.number(Double(i)), rt, frame)
                    defer { progress?.advance(label: "") }
                    switch try execBlock(body, rt, frame) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    case .normal, .continueLoop: break
                    }
                    i += step
                }
                return .normal
            }
        }
        let collection = try iterable.eval(rt, frame)
        let items = try at(iterable.range) { try Operators.elements(collection) }
        let progress = LoopProgressReporter(reportsProgress ? rt.loopProgress : nil, total: items.count)
        defer { progress?.finish() }
        for item in items {
            try rt.tick(range)
            variable.set(item, rt, frame)
            defer { progress?.advance(label: item.string ?? "") }
            switch try execBlock(body, rt, frame) {
            case .breakLoop: return .normal
            case .returned: return .returned
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }
}

final class ReturnStmt: StmtNode, @unchecked Sendable {
    let value: ExprNode?
    init(_ value: ExprNode?, _ range: SourceRange) {
        self.value = value
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        rt.returnValue = try value?.eval(rt, frame) ?? .none
        return .returned
    }
}

final class JumpStmt: StmtNode, @unchecked Sendable {
    let flow: Flow
    init(_ flow: Flow, _ range: SourceRange) {
        self.flow = flow
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow { flow }
}

final class DefStmt: StmtNode, @unchecked Sendable {
    let slot: Int, function: UserFunction
    init(slot: Int, function: UserFunction, _ range: SourceRange) {
        self.slot = slot
        self.function = function
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        rt.writeGlobal(slot, .function(.user(function)))
        return .normal
    }
}

final class ParamStmt: StmtNode, @unchecked Sendable {
    let slot: Int, name: String, nameRange: SourceRange, value: ExprNode
    init(slot: Int, name: String, nameRange: SourceRange, value: ExprNode, _ range: SourceRange) {
        self.slot = slot
        self.name = name
        self.nameRange = nameRange
        self.value = value
        super.init(range)
    }
    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        let declared = try value.eval(rt, frame)
        rt.paramDeclarations[name] = ParamDeclaration(declared: declared, entry: rt.currentEntry)
        var actual = declared
        if let override = rt.paramOverrides[name] {
            if let problem = Interpreter.overrideProblem(name: name, declared: declared, override: override) {
                throw RuntimeError(problem, nameRange)
            }
            actual = override
        }
        rt.writeGlobal(slot, actual)
        return .normal
    }
}

/// A function defined with `def`.
///
///     if case .function(.user(let f)) = interpreter["smooth"] { print(f.signature) }
public final class UserFunction: Sendable {
    /// Its name.
    public let name: String
    /// Its parameter names, in order.
    public let parameterNames: [String]
    let defaults: [ExprNode?]
    let localCount: Int
    let body: [StmtNode]
    let source: SourceFile
    let nameRange: SourceRange

    init(name: String, parameterNames: [String], defaults: [ExprNode?], localCount: Int, body: [StmtNode],
         source: SourceFile, nameRange: SourceRange) {
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.localCount = localCount
        self.body = body
        self.source = source
        self.nameRange = nameRange
    }

    /// `name(a, b = …)`.
    public var signature: String {
        let ps = zip(parameterNames, defaults).map { $1 == nil ? $0 : "\($0) = …" }
        return "\(name)(\(ps.joined(separator: ", ")))"
    }
}

/// `x = x + e` and `x = append(x, e)`: grows the list or string held by `x` in place
/// instead of copying it (which would make building a list in a loop quadratic). The
/// variable's reference is dropped before appending, so the storage is unique.
final class AccumulateStmt: StmtNode, @unchecked Sendable {
    let variable: Variable, current: ExprNode, extra: ExprNode, operatorRange: SourceRange
    /// For `append(x, e)`: the callee, and the plain assignment to run if it is not the
    /// core `append` (a user may have redefined it).
    let appendCallee: ExprNode?
    let fallback: StmtNode?

    init(variable: Variable, current: ExprNode, extra: ExprNode, operatorRange: SourceRange,
         appendCallee: ExprNode?, fallback: StmtNode?, _ range: SourceRange) {
        self.variable = variable
        self.current = current
        self.extra = extra
        self.operatorRange = operatorRange
        self.appendCallee = appendCallee
        self.fallback = fallback
        super.init(range)
    }

    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        if let appendCallee, let fallback {
            let callee = (appendCallee as? GlobalNode)?.lookup(rt)
            guard case .function(.builtin(let b))? = callee, b === rt.appendBuiltin else {
                return try fallback.exec(rt, frame)
            }
        }
        var value = try current.eval(rt, frame)
        let more = try extra.eval(rt, frame)
        if case .number(let a) = value, case .number(let b) = more, appendCallee == nil {
            variable.set(.number(a + b), rt, frame)
            return .normal
        }
        let limit = rt.maxCollectionSize
        // Pattern-match on `value` alone (no tuple temporaries) and clear it and the
        // variable before mutating, so the array or string buffer is uniquely referenced.
        if case .list(var items) = value, appendCallee != nil || more.list != nil {
            let tail = appendCallee != nil ? [more] : more.list!
            guard items.count + tail.count <= limit else {
                throw RuntimeError("result would have more than \(limit) elements", operatorRange)
            }
            value = .none
            variable.set(.none, rt, frame)
            items.append(contentsOf: tail)
            variable.set(.list(items), rt, frame)
        } else if case .string(var text) = value, appendCallee == nil, case .string(let tail) = more {
            guard text.utf8.count + tail.utf8.count <= limit else {
                throw RuntimeError("result would have more than \(limit) elements", operatorRange)
            }
            value = .none
            variable.set(.none, rt, frame)
            text += tail
            variable.set(.string(text), rt, frame)
        } else if appendCallee != nil {
            throw RuntimeError("append: 'list' must be a list, got \(value.typeName)", current.range)
        } else {
            let result = try at(operatorRange) { try Operators.binary(.add, value, more, limit: limit) }
            variable.set(result, rt, frame)
        }
        return .normal
    }
}
