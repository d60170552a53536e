import Foundation

/// The language's own builtins (topics "core" and "math"): `print`, `show`, `len`,
/// `range`, `str`, `num`, `type`, `round`, `floor`, `ceil`, `abs`, `sqrt`, `min`, `max`,
/// `sum`, `append`, `keys`, `map`, `assert`, `seed`, `help`.
///
///     let registry = Registry.core  // start here, then register the library's builtins
public enum CoreBuiltins {
    /// All core builtins.
    public static let all: [Builtin] = core + math

    static let core: [Builtin] = [
        Builtin("print", topic: "core", parameters: [Parameter("values", .any, variadic: true)],
                summary: "Prints values separated by spaces.",
                help: "Strings print without quotes; lists and records print as literals.",
                examples: ["print(\"found\", 3, \"cells\")  # found 3 cells"]) { context, args in
            let width = context.textWidth
            context.write(try args.list("values").map { $0.text(width: width) }.joined(separator: " "))
            return .none
        },
        Builtin("show", topic: "core", parameters: [Parameter("value")],
                summary: "Displays a value (images are drawn in the terminal).",
                examples: ["show([1, 2, 3])"]) { context, args in
            context.display(args["value"])
            return .none
        },
        Builtin("len", topic: "core", parameters: [Parameter("value")],
                summary: "The number of items in a list, characters in a string, fields in a record.",
                examples: ["len([1, 2, 3])  # 3", "len(\"héllo\")  # 5"]) { _, args in
            let v = args["value"]
            switch v {
            case .list(let l): return .number(Double(l.count))
            case .string(let s): return .number(Double(s.count))
            case .record(let r): return .number(Double(r.count))
            case .host(let h):
                if let n = h.length { return .number(Double(n)) }
            default: break
            }
            throw ScriptError("a \(v.typeName) has no length", argument: "value")
        },
        Builtin("range", topic: "core",
                parameters: [Parameter("start", .integer, help: "the first number, or the end when `stop` is omitted"),
                             Parameter("stop", .integer, default: Value.none, help: "the end (not included)"),
                             Parameter("step", .integer, default: .number(1), help: "the difference between numbers")],
                summary: "The integers from start up to (not including) stop.",
                help: "range(n) counts 0, 1, …, n-1. A `for` loop over range does not build the list.",
                examples: ["range(4)  # [0, 1, 2, 3]", "range(1, 10, 3)  # [1, 4, 7]", "range(3, 0, -1)  # [3, 2, 1]"]) { context, args in
            let (start, stop, step) = try rangeBounds(args)
            let count = rangeCount(start, stop, step)
            guard count <= context.interpreter.maxCollectionSize else {
                throw ScriptError("the list would have \(count) elements; loop over it with 'for' instead")
            }
            return .list(stride(from: start, to: stop, by: step).map { .number(Double($0)) })
        },
        Builtin("str", topic: "core", parameters: [Parameter("value")],
                summary: "The value as text, as print shows it.",
                examples: ["str(42) + \" cells\"  # \"42 cells\""]) { _, args in
            .string(args["value"].description)
        },
        Builtin("num", topic: "core", parameters: [Parameter("text", .oneOf([.string, .number]))],
                summary: "Reads a number from text.",
                examples: ["num(\"2.5\") * 2  # 5"]) { _, args in
            if case .number = args["text"] { return args["text"] }
            let text = try args.string("text").trimmingCharacters(in: .whitespaces).filter { $0 != "_" }
            guard let n = Double(text), text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true else {
                throw ScriptError("cannot read a number from \(Value.quote(try args.string("text")))", argument: "text")
            }
            return .number(n)
        },
        Builtin("type", topic: "core", parameters: [Parameter("value")],
                summary: "The name of a value's type: number, string, bool, none, list, record, function, image, …",
                examples: ["type(3)  # \"number\""]) { _, args in
            .string(args["value"].typeName)
        },
        Builtin("append", topic: "core", parameters: [Parameter("list", .list), Parameter("value")],
                summary: "A new list with the value added at the end.",
                examples: ["xs = append([1, 2], 3)  # [1, 2, 3]"]) { _, args in
            .list(try args.list("list") + [args["value"]])
        },
        Builtin("keys", topic: "core", parameters: [Parameter("record", .any)],
                summary: "The field names of a record (or of a value with fields, such as an evaluation), in order.",
                examples: ["keys({name: \"a\", area: 3})  # [\"name\", \"area\"]"]) { _, args in
            switch args["record"] {
            case .record(let r):
                return .list(r.names.map { .string($0) })
            case .host(let h) where !h.memberNames.isEmpty:
                return .list(h.memberNames.map { .string($0) })
            case let other:
                throw ScriptError("'record' must be a record or a value with fields, got \(other.typeName)", argument: "record")
            }
        },
        Builtin("map", topic: "core", parameters: [Parameter("list", .list), Parameter("function", .function)],
                summary: "Applies a function to each item of a list.",
                examples: ["def sq(x) { return x * x }\nmap([1, 2, 3], sq)  # [1, 4, 9]"]) { context, args in
            .list(try args.list("list").map { try context.call(args["function"], [$0]) })
        },
        Builtin("assert", topic: "core",
                parameters: [Parameter("condition", .bool), Parameter("message", .string, default: .string("assertion failed"))],
                summary: "Stops the script with an error when the condition is false.",
                examples: ["assert(1 + 1 == 2, \"arithmetic\")"]) { _, args in
            if try !args.bool("condition") { throw ScriptError(try args.string("message"), argument: "condition") }
            return .none
        },
        Builtin("seed", topic: "core", parameters: [Parameter("value", .integer)],
                summary: "Sets the default seed of every builtin that makes random choices.",
                help: "Builtins with a `seed` argument use this seed when the argument is omitted, so a script is reproducible.",
                examples: ["seed(7)"]) { context, args in
            let n = try args.integer("value")
            guard n >= 0 else { throw ScriptError("the seed must be >= 0, got \(n)", argument: "value") }
            context.seed = UInt64(n)
            return .none
        },
        Builtin("help", topic: "core", parameters: [Parameter("topic", .any, default: Value.none)],
                summary: "Lists the builtins by topic, or explains one: help(range), help(\"filters\").",
                examples: ["help()", "help(range)", "help(\"math\")"]) { context, args in
            try help(context, args["topic"])
            return .none
        },
    ]

    static func unary(_ name: String, _ summary: String, _ example: String, _ f: @escaping @Sendable (Double) throws -> Double) -> Builtin {
        Builtin(name, topic: "math", parameters: [Parameter("x", .number)], summary: summary, examples: [example]) { _, args in
            .number(try f(try args.number("x")))
        }
    }

    static let math: [Builtin] = [
        unary("abs", "The absolute value.", "abs(-3)  # 3") { Swift.abs($0) },
        unary("sqrt", "The square root.", "sqrt(16)  # 4") { x in
            guard x >= 0 else { throw ScriptError("x must be >= 0, got \(Value.format(x))", argument: "x") }
            return x.squareRoot()
        },
        unary("floor", "The largest integer not above x.", "floor(2.7)  # 2") { $0.rounded(.down) },
        unary("ceil", "The smallest integer not below x.", "ceil(2.1)  # 3") { $0.rounded(.up) },
        Builtin("round", topic: "math",
                parameters: [Parameter("x", .number), Parameter("digits", .integer, default: .number(0))],
                summary: "Rounds to a number of decimal digits (halves away from zero).",
                examples: ["round(2.5)  # 3", "round(3.14159, 2)  # 3.14"]) { _, args in
            let x = try args.number("x"), digits = try args.integer("digits")
            guard (-15...15).contains(digits) else { throw ScriptError("digits must be between -15 and 15, got \(digits)", argument: "digits") }
            let scale = pow(10, Double(digits))
            return .number((x * scale).rounded(.toNearestOrAwayFromZero) / scale)
        },
        extremum("min", "The smallest of the values (or of one list).", "min(3, 1, 2)  # 1", isMin: true),
        extremum("max", "The largest of the values (or of one list).", "max([3, 1, 2])  # 3", isMin: false),
        Builtin("sum", topic: "math", parameters: [Parameter("values", .list)],
                summary: "The sum of a list of numbers.",
                examples: ["sum([1, 2, 3])  # 6"]) { _, args in
            .number(try args.numbers("values").reduce(0, +))
        },
        Builtin("mean", topic: "math", parameters: [Parameter("values", .list)],
                summary: "The arithmetic mean of a non-empty list of numbers.",
                examples: ["mean([1, 2, 6])  # 3", "mean([0.5, 0.25])  # 0.375"]) { _, args in
            let values = try args.numbers("values", nonEmpty: true)
            return .number(values.reduce(0, +) / Double(values.count))
        },
        Builtin("std", topic: "math", parameters: [Parameter("values", .list)],
                summary: "The population standard deviation of a non-empty list of numbers (numpy.std).",
                examples: ["std([1, 3])  # 1"]) { _, args in
            let values = try args.numbers("values", nonEmpty: true)
            let mean = values.reduce(0, +) / Double(values.count)
            return .number((values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot())
        },
    ]

    static func extremum(_ name: String, _ summary: String, _ example: String,
                         isMin: Bool) -> Builtin {
        Builtin(name, topic: "math", parameters: [Parameter("values", .any, variadic: true)],
                summary: summary, examples: [example]) { _, args in
            var values = try args.list("values")
            if values.count == 1, case .list(let inner) = values[0] { values = inner }
            guard var best = values.first else { throw ScriptError("needs at least one value") }
            for v in values {
                switch (v, best) {
                case let (.number(a), .number(b)): if isMin ? a < b : a > b { best = v }
                case let (.string(a), .string(b)): if isMin ? a < b : a > b { best = v }
                default: throw ScriptError("cannot compare \(v.typeName) and \(best.typeName)")
                }
            }
            return best
        }
    }

    /// The bounds of `range(start, stop, step)` as integers (shared with the `for` fast path).
    /// How many numbers `range(start, stop, step)` has (`step` is not 0).
    static func rangeCount(_ start: Int, _ stop: Int, _ step: Int) -> Int {
        step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
    }

    static func rangeBounds(_ args: Arguments) throws -> (Int, Int, Int) {
        var start = try args.integer("start")
        var stop: Int
        if case .none = args["stop"] {
            stop = start
            start = 0
        } else {
            stop = try args.integer("stop")
        }
        let step = try args.integer("step")
        guard step != 0 else { throw ScriptError("step must not be 0", argument: "step") }
        // Keep `i += step` far from overflow.
        let bound = 1 << 53
        start = Swift.max(-bound, Swift.min(bound, start))
        stop = Swift.max(-bound, Swift.min(bound, stop))
        return (start, stop, step)
    }

    static func help(_ context: CallContext, _ topic: Value) throws {
        let registry = context.registry
        func list(_ topic: String) {
            context.write("\(topic):")
            let builtins = registry.all.filter { $0.topic == topic }
            let width = min(36, builtins.map(\.signature.count).max() ?? 0)
            for b in builtins {
                context.write("  " + b.signature.padding(toLength: max(width, b.signature.count), withPad: " ", startingAt: 0) + "  " + b.summary)
            }
        }
        switch topic {
        case .none:
            for t in registry.topics { list(t) }
            context.write("help(name) explains one, e.g. help(range); help(\"topic\") lists one topic.")
        case .function(.builtin(let b)):
            context.write(b.helpText)
        case .function(.user(let u)):
            context.write("\(u.signature)    [defined at \(u.nameRange.start)]")
        case .string(let name):
            if let b = registry[name] {
                context.write(b.helpText)
            } else if registry.topics.contains(name) {
                list(name)
            } else {
                throw ScriptError("no builtin or topic named '\(name)'", argument: "topic",
                                  suggestion: Suggestions.nearest(name, among: registry.names + registry.topics))
            }
        default:
            throw ScriptError("help takes a builtin, a name or a topic, got \(topic.typeName)", argument: "topic")
        }
    }
}

extension Registry {
    /// The core builtins (see ``CoreBuiltins``).
    ///
    ///     var registry = Registry.core
    public static let core: Registry = {
        var r = Registry()
        r.register(CoreBuiltins.all)
        return r
    }()
}

extension Arguments {
    /// The list argument `name` as numbers; an error names the first item that is not one.
    func numbers(_ name: String, nonEmpty: Bool = false) throws -> [Double] {
        let items = try list(name)
        if nonEmpty && items.isEmpty { throw ScriptError("\(name) is an empty list; give at least one number", argument: name) }
        return try items.enumerated().map { i, v in
            guard case .number(let n) = v else {
                throw ScriptError("item \(i) of the list is a \(v.typeName), not a number", argument: name)
            }
            return n
        }
    }
}
