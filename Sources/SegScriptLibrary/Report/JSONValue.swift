import Foundation
import SegScript
import Segmentation

/// A JSON document with one stable rendering: object keys sorted (by UTF-8 bytes), two
/// spaces of indentation, integers without a fraction, other numbers in Swift's shortest
/// round-trip form, non-finite numbers as `null`. The same value always gives the same
/// bytes, so manifests of two runs differ only where their values do.
///
///     let json = JSONValue.object(["b": .number(1), "a": .string("x")])
///     json.rendered()  // "{\n  \"a\": \"x\",\n  \"b\": 1\n}\n"
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number (`null` when not finite).
    case number(Double)
    /// A string, escaped as JSON requires.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object; its keys are written sorted.
    case object([String: JSONValue])

    /// The document as text, ending with a newline.
    public func rendered() -> String {
        var out = ""
        write(to: &out, indent: "")
        return out + "\n"
    }

    private func write(to out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += Self.number(x)
        case .string(let s): out += JSONText.string(s)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            let inner = indent + "  "
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            let inner = indent + "  "
            out += "{\n"
            let keys = fields.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (i, key) in keys.enumerated() {
                out += inner + JSONText.string(key) + ": "
                fields[key]!.write(to: &out, indent: inner)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 9.007_199_254_740_992e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A SegScript value as JSON: numbers, strings, bools, `none` (null), lists and records
    /// as themselves; functions and host values (images, tables) as their description.
    ///
    ///     JSONValue(.list([.number(1), .string("a")]))  // [1, "a"]
    public init(_ value: Value) {
        switch value {
        case .none: self = .null
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .bool(let b): self = .bool(b)
        case .list(let items): self = .array(items.map(JSONValue.init))
        case .record(let r):
            var fields: [String: JSONValue] = [:]
            for f in r.fields { fields[f.name] = JSONValue(f.value) }
            self = .object(fields)
        default: self = .string(value.debugDescription)
        }
    }
}
