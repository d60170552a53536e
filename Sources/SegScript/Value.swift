/// A SegScript value.
///
/// Numbers are `Double`s (integers print without `.0`); lists and records are Swift
/// arrays (copy-on-write, so passing them around is cheap); images and the other pixel
/// types are host values supplied by the library layer.
///
///     let v: Value = .list([.number(1), .string("a")])
///     print(v)            // [1, "a"]
///     v.typeName          // "list"
public enum Value: Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case none
    case list([Value])
    case record(Record)
    case function(Function)
    case host(any HostValue)

    /// The type's name, as `type()` returns it and messages show it: "number", "string",
    /// "bool", "none", "list", "record", "function", or the host value's `typeName`.
    public var typeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        case .none: "none"
        case .list: "list"
        case .record: "record"
        case .function: "function"
        case .host(let h): h.typeName
        }
    }

    /// The host value as `T`, if it is one.
    ///
    ///     guard let image = value.host(as: ImageValue.self) else { ... }
    public func host<T: HostValue>(as type: T.Type) -> T? {
        if case .host(let h) = self { h as? T } else { nil }
    }

    /// The number, if this is one.
    public var number: Double? { if case .number(let n) = self { n } else { nil } }
    /// The string, if this is one.
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    /// The bool, if this is one.
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The elements, if this is a list.
    public var list: [Value]? { if case .list(let l) = self { l } else { nil } }

    /// Type and size, for the REPL's `:vars`: "number", "string (5 chars)",
    /// "list (3 items)", "record (2 fields)", "function f(x, s)", or the host's summary.
    ///
    ///     Value.list([.number(1)]).summary  // "list (1 item)"
    public var summary: String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        switch self {
        case .number, .bool, .none: return typeName
        case .string(let s): return "string (\(plural(s.count, "char")))"
        case .list(let l): return "list (\(plural(l.count, "item")))"
        case .record(let r): return "record (\(plural(r.count, "field")))"
        case .function(let f): return "function \(f.signature)"
        case .host(let h): return h.summary
        }
    }
}

extension Value: CustomStringConvertible, CustomDebugStringConvertible {
    /// The form `print` and `str` produce: strings without quotes, numbers in their
    /// shortest form (`3`, `0.5`, `1e-05`), lists and records with quoted strings inside.
    ///
    ///     Value.string("hi").description  // hi
    public var description: String {
        if case .string(let s) = self { return s }
        return debugDescription
    }

    /// The form the REPL echoes: like `description` but strings are quoted and escaped.
    ///
    ///     Value.string("hi").debugDescription  // "hi"
    public var debugDescription: String {
        switch self {
        case .number(let n): return Value.format(n)
        case .string(let s): return Value.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .none: return "none"
        case .list(let items): return "[" + items.map(\.debugDescription).joined(separator: ", ") + "]"
        case .record(let r):
            return "{" + r.fields.map { "\($0.name): \($0.value.debugDescription)" }.joined(separator: ", ") + "}"
        case .function(let f): return "<function \(f.signature)>"
        case .host(let h): return h.description
        }
    }

    /// Formats a number as SegScript prints it: integers without `.0` (up to 2^53),
    /// others in Swift's shortest round-trip form; `inf`, `-inf`, `nan`.
    ///
    ///     Value.format(3)    // "3"
    ///     Value.format(0.1)  // "0.1"
    public static func format(_ n: Double) -> String {
        if n.isNaN { return "nan" }
        if n.isInfinite { return n < 0 ? "-inf" : "inf" }
        if n == n.rounded(), abs(n) < 9_007_199_254_740_992 { return String(Int64(n)) }
        return n.description
    }

    /// The form `print` writes on a display `width` columns wide: ``description``, except
    /// that host values (tables) lay themselves out to fit.
    ///
    ///     value.text(width: 80)
    public func text(width: Int) -> String {
        if case .host(let h) = self { return h.text(width: width) }
        return description
    }

    /// The form the REPL echoes on a display `width` columns wide: ``debugDescription``,
    /// except that host values (tables) lay themselves out to fit.
    public func echoText(width: Int) -> String {
        if case .host(let h) = self { return h.text(width: width) }
        return debugDescription
    }

    /// A string literal that reads back as `s`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.properties.generalCategory == .control {
                    out += "\\u{" + String(c.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}

extension Value: Equatable {
    /// Structural equality, as `==` in the language: numbers, strings, bools, none, lists
    /// and records by content; functions by identity; host values through their
    /// `binary(.equal, …)` hook (unequal when it has none). Different types are unequal.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.none, .none): return true
        case let (.list(x), .list(y)): return x == y
        case let (.record(x), .record(y)): return x == y
        case let (.function(x), .function(y)): return x == y
        case let (.host(x), _):
            if case .bool(let r)? = try? x.binary(.equal, b, selfOnLeft: true) { return r }
            return false
        case let (_, .host(y)):
            if case .bool(let r)? = try? y.binary(.equal, a, selfOnLeft: false) { return r }
            return false
        default: return false
        }
    }
}

/// A record: named fields in the order they were written.
///
///     let r = Record([("name", .string("cell")), ("area", .number(42))])
///     r["area"]  // .number(42)
public struct Record: Sendable, Equatable {
    /// The field names, in order.
    public private(set) var names: [String]
    /// The field values, parallel to `names`.
    public private(set) var values: [Value]

    /// A record from (name, value) pairs; a repeated name keeps its last value.
    public init(_ fields: [(String, Value)] = []) {
        names = []
        values = []
        for (name, value) in fields { self[name] = value }
    }

    /// The number of fields.
    public var count: Int { names.count }

    /// The fields as (name, value) pairs, in order.
    public var fields: [(name: String, value: Value)] { Array(zip(names, values)) }

    /// The field's value, or `nil`; setting a new name appends a field.
    ///
    ///     var r = Record(); r["x"] = .number(1)
    public subscript(name: String) -> Value? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue { values[i] = newValue } else {
                    names.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }
}

/// The type a builtin's parameter accepts, checked when arguments are bound.
///
///     Parameter("sigma", .number, default: .number(1))
///     Parameter("image", .host("image"))
///     Parameter("size", .oneOf([.number, .list]))
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case any, number, string, bool, list, record, function, none
    /// A number with an integral value (counts, indices, seeds).
    case integer
    /// A host value whose `typeName` is this string.
    case host(String)
    /// Any of these types.
    case oneOf([ValueType])

    /// Whether `value` is of this type.
    ///
    ///     ValueType.integer.accepts(.number(2.5))  // false
    public func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _), (.number, .number), (.string, .string), (.bool, .bool), (.list, .list),
             (.record, .record), (.function, .function), (.none, .none):
            return true
        case (.integer, .number(let n)):
            return n == n.rounded() && n.isFinite
        case (.host(let name), .host(let h)):
            return h.typeName == name
        case (.oneOf(let types), _):
            return types.contains { $0.accepts(value) }
        default:
            return false
        }
    }

    /// The type with an article, for messages: "a number", "an integer", "an image",
    /// "a number or a list".
    public var description: String {
        func article(_ word: String) -> String {
            ("aeiou".contains(word.first ?? "x") ? "an " : "a ") + word
        }
        switch self {
        case .any: return "any value"
        case .none: return "none"
        case .number: return "a number"
        case .integer: return "an integer"
        case .string: return "a string"
        case .bool: return "a bool"
        case .list: return "a list"
        case .record: return "a record"
        case .function: return "a function"
        case .host(let name): return article(name)
        case .oneOf(let types): return types.map(\.description).joined(separator: " or ")
        }
    }
}
