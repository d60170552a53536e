import Foundation

/// The meaning of SegScript's operators on core values; host values get their hooks.
/// Errors are `ScriptError`s that the calling node places at its range.
enum Operators {
    static func typeError(_ op: String, _ l: Value, _ r: Value) -> ScriptError {
        var message = "cannot apply '\(op)' to \(l.typeName) and \(r.typeName)"
        if op == "+", (l.string != nil) != (r.string != nil), l.number != nil || r.number != nil {
            message += "; use str(x) to turn a number into a string"
        }
        return ScriptError(message)
    }

    static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, limit: Int) throws -> Value {
        if case .number(let a) = l, case .number(let b) = r { return try numeric(op, a, b) }
        if case .host(let h) = l, let v = try h.binary(op, r, selfOnLeft: true) { return v }
        if case .host(let h) = r, let v = try h.binary(op, l, selfOnLeft: false) { return v }
        switch op {
        case .equal: return .bool(l == r)
        case .notEqual: return .bool(l != r)
        default: break
        }
        switch (l, r) {
        case let (.string(a), .string(b)):
            switch op {
            case .add:
                guard a.utf8.count + b.utf8.count <= limit else { throw tooLarge(limit) }
                return .string(a + b)
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEqual: return .bool(a >= b)
            default: break
            }
        case let (.list(a), .list(b)) where op == .add:
            guard a.count + b.count <= limit else { throw tooLarge(limit) }
            return .list(a + b)
        case let (.bool(a), .bool(b)) where op == .and: return .bool(a && b)
        case let (.bool(a), .bool(b)) where op == .or: return .bool(a || b)
        case (.string, .number), (.list, .number), (.number, .string), (.number, .list):
            if op == .multiply { return try repeated(l, r, limit: limit) }
        default:
            break
        }
        throw typeError(op.symbol, l, r)
    }

    private static func tooLarge(_ limit: Int) -> ScriptError {
        ScriptError("result would have more than \(limit) elements")
    }

    private static func repeated(_ l: Value, _ r: Value, limit: Int) throws -> Value {
        let (value, count) = l.number != nil ? (r, l.number!) : (l, r.number!)
        guard let n = Value.exactInteger(count), n >= 0 else {
            throw ScriptError("a \(value.typeName) can only be repeated a whole, non-negative number of times, got \(Value.format(count))")
        }
        switch value {
        case .string(let s):
            guard s.utf8.count.multipliedReportingOverflow(by: n).partialValue <= limit, s.utf8.count <= limit, n <= limit else { throw tooLarge(limit) }
            return .string(String(repeating: s, count: n))
        case .list(let items):
            guard items.count.multipliedReportingOverflow(by: n).partialValue <= limit, items.count <= limit, n <= limit else { throw tooLarge(limit) }
            var out: [Value] = []
            out.reserveCapacity(items.count * n)
            for _ in 0..<n { out += items }
            return .list(out)
        default:
            preconditionFailure("repeated: not a string or list")
        }
    }

    @inline(__always)
    static func numeric(_ op: BinaryOperator, _ a: Double, _ b: Double) throws -> Value {
        switch op {
        case .add: return .number(a + b)
        case .subtract: return .number(a - b)
        case .multiply: return .number(a * b)
        case .divide:
            if b == 0 { throw ScriptError("division by zero") }
            return .number(a / b)
        case .modulo:
            if b == 0 { throw ScriptError("modulo by zero") }
            let m = a.truncatingRemainder(dividingBy: b)
            return .number(m != 0 && (m < 0) != (b < 0) ? m + b : m)
        case .power: return .number(pow(a, b))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        case .and, .or:
            throw ScriptError("cannot apply '\(op.symbol)' to number and number; '&' and '|' combine bools and masks (use 'and'/'or' for conditions)")
        }
    }

    static func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.negate, .number(let n)): return .number(-n)
        case (.plus, .number(let n)): return .number(n)
        case (.not, .bool(let b)): return .bool(!b)
        case (_, .host(let h)):
            if let r = try h.unary(op) { return r }
        default: break
        }
        if op == .not { throw ScriptError("'!' and 'not' need a bool or a mask, got \(v.typeName)") }
        throw ScriptError("cannot apply unary '\(op.symbol)' to \(v.typeName)")
    }

    /// `base[index]` for core values.
    static func index(_ base: Value, _ index: Value) throws -> Value {
        switch base {
        case .list(let items):
            return items[try position(index, count: items.count, what: "list")]
        case .string(let s):
            let chars = Array(s)
            return .string(String(chars[try position(index, count: chars.count, what: "string")]))
        case .record(let r):
            guard case .string(let key) = index else {
                throw ScriptError("a record is indexed by a field name (a string), got \(index.typeName)")
            }
            guard let v = r[key] else {
                throw ScriptError("record has no field '\(key)'", suggestion: Suggestions.nearest(key, among: r.names))
            }
            return v
        case .host(let h):
            if let v = try h.index(index) { return v }
            throw ScriptError("cannot index \(h.typeName) with \(index.typeName)")
        default:
            throw ScriptError("cannot index a \(base.typeName)")
        }
    }

    /// The array position for `index` in a sequence of `count` elements; negative
    /// indices count from the end.
    static func position(_ index: Value, count: Int, what: String) throws -> Int {
        guard case .number(let n) = index else {
            throw ScriptError("\(what) index must be an integer, got \(index.typeName)")
        }
        guard let i = Value.exactInteger(n) else {
            throw ScriptError("\(what) index must be an integer, got \(Value.format(n))")
        }
        let p = i < 0 ? i + count : i
        guard p >= 0, p < count else {
            let items = what == "string" ? "character" : "item"
            throw ScriptError("index \(i) is out of range for a \(what) of \(count) \(items)\(count == 1 ? "" : "s")")
        }
        return p
    }

    /// `base.name` for core values.
    static func member(_ base: Value, _ name: String) throws -> Value {
        switch base {
        case .record(let r):
            guard let v = r[name] else {
                throw ScriptError("record has no field '\(name)'", suggestion: Suggestions.nearest(name, among: r.names))
            }
            return v
        case .host(let h):
            if let v = try h.member(name) { return v }
            throw ScriptError("\(h.typeName) has no member '\(name)'", suggestion: Suggestions.nearest(name, among: h.memberNames))
        default:
            throw ScriptError("a \(base.typeName) has no fields (asked for '.\(name)')")
        }
    }

    /// The elements a `for` loop visits.
    static func elements(_ v: Value) throws -> [Value] {
        switch v {
        case .list(let items): return items
        case .string(let s): return s.map { .string(String($0)) }
        case .record(let r): return r.names.map { .string($0) }
        case .host(let h):
            if let e = try h.elements() { return e }
            throw ScriptError("cannot loop over \(h.typeName)")
        default:
            throw ScriptError("cannot loop over a \(v.typeName); loop over a list, a string, a record or range(n)")
        }
    }

    /// Requires a bool (conditions of `if`, `while`, `and`, `or`).
    static func truth(_ v: Value, _ what: String) throws -> Bool {
        if case .bool(let b) = v { return b }
        throw ScriptError("\(what) must be a bool, got \(v.typeName)")
    }
}
