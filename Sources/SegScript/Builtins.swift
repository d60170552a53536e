/// One parameter of a builtin: name, accepted type, default, documentation.
///
///     Parameter("sigma", .number, default: .number(1), help: "standard deviation in pixels")
public struct Parameter: Sendable {
    /// The name, used for named arguments (`sigma: 2`). Use scikit-image's names.
    public var name: String
    /// The accepted type; checked before the implementation runs.
    public var type: ValueType
    /// The value used when the argument is omitted; `nil` makes the argument required.
    /// A `.none` default also lets callers pass `none` explicitly.
    public var defaultValue: Value?
    /// Collects all remaining positional arguments into a list (as in `print(a, b, c)`).
    /// Its type applies to each element.
    public var variadic: Bool
    /// The argument may be written as an expression over a row's fields, evaluated once
    /// per row: `filter(m, area > 50)`. The builtin receives a function of one argument (a
    /// record); inside the expression a name that is a field of that record means the field,
    /// any other name means what it means at the call. A function value (`filter(m, big)`)
    /// is called with the row instead.
    public var rowExpression: Bool
    /// One line shown by `help`.
    public var help: String

    /// A parameter; required unless it has a default.
    ///
    ///     Parameter("image", .host("image"))
    ///     Parameter("values", .any, variadic: true)
    public init(_ name: String, _ type: ValueType = .any, default defaultValue: Value? = nil,
                variadic: Bool = false, rowExpression: Bool = false, help: String = "") {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.variadic = variadic
        self.rowExpression = rowExpression
        self.help = help
    }
}

/// A function implemented in Swift and callable from SegScript.
///
///     let twice = Builtin("twice", topic: "math",
///                         parameters: [Parameter("x", .number)],
///                         summary: "Doubles a number.",
///                         examples: ["twice(21)  # 42"]) { _, args in
///         .number(try args.number("x") * 2)
///     }
///     registry.register(twice)
public final class Builtin: Sendable {
    /// The name scripts call it by.
    public let name: String
    /// The `help()` section it is listed under: "core", "math", "io", "filters", …
    public let topic: String
    /// The parameters, in positional order.
    public let parameters: [Parameter]
    /// One line, shown by `help()`.
    public let summary: String
    /// Longer text, shown by `help(name)`.
    public let help: String
    /// Code examples, shown by `help(name)` and run by the tests.
    public let examples: [String]
    /// The implementation; receives arguments already bound and type-checked.
    public let implementation: @Sendable (CallContext, Arguments) throws -> Value

    /// A builtin. Throw ``ScriptError`` from the implementation for user-facing errors;
    /// the message gets the builtin's name in front (`blur: sigma must be > 0`).
    public init(_ name: String, topic: String, parameters: [Parameter], summary: String,
                help: String = "", examples: [String] = [],
                _ implementation: @escaping @Sendable (CallContext, Arguments) throws -> Value) {
        precondition(parameters.dropLast().allSatisfy { !$0.variadic }, "\(name): only the last parameter can be variadic")
        self.name = name
        self.topic = topic
        self.parameters = parameters
        self.summary = summary
        self.help = help
        self.examples = examples
        self.implementation = implementation
    }

    /// `name(a, b = 1, rest...)`.
    ///
    ///     blur.signature  // "blur(image, sigma = 1)"
    public var signature: String {
        let ps = parameters.map { p -> String in
            if p.variadic { return p.name + "..." }
            if let d = p.defaultValue { return "\(p.name) = \(d.debugDescription)" }
            return p.name
        }
        return "\(name)(\(ps.joined(separator: ", ")))"
    }

    /// The text `help(name)` prints: signature, summary, help, parameters, examples.
    public var helpText: String {
        var lines = ["\(signature)    [\(topic)]", "  \(summary)"]
        if !help.isEmpty { lines += help.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } }
        if !parameters.isEmpty {
            lines.append("  parameters:")
            for p in parameters {
                var line = "    \(p.name): \(p.type)"
                if p.variadic { line += ", any number of them" }
                if let d = p.defaultValue { line += ", default \(d.debugDescription)" }
                if !p.help.isEmpty { line += " — \(p.help)" }
                lines.append(line)
            }
        }
        if !examples.isEmpty {
            lines.append("  examples:")
            lines += examples.map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}

/// A callable value: a builtin or a function defined with `def`.
public enum Function: Sendable, Equatable {
    case builtin(Builtin)
    case user(UserFunction)

    /// The function's name.
    public var name: String {
        switch self {
        case .builtin(let b): b.name
        case .user(let u): u.name
        }
    }

    /// `name(params)`.
    public var signature: String {
        switch self {
        case .builtin(let b): b.signature
        case .user(let u): u.signature
        }
    }

    public static func == (a: Function, b: Function) -> Bool {
        switch (a, b) {
        case let (.builtin(x), .builtin(y)): x === y
        case let (.user(x), .user(y)): x === y
        default: false
        }
    }
}

/// An error a builtin throws for something the user got wrong. The interpreter prefixes
/// the builtin's name and points at the named argument, or at the call.
///
///     throw ScriptError("sigma must be > 0, got \(Value.format(sigma))", argument: "sigma")
///     // error: blur: sigma must be > 0, got -1
public struct ScriptError: Error, Sendable, CustomStringConvertible {
    /// The message, without the builtin's name.
    public var message: String
    /// The parameter whose argument is at fault; the caret goes under it.
    public var argument: String?
    /// A replacement to suggest ("did you mean 'kmeans'?").
    public var suggestion: String?

    /// An error; see the type's documentation.
    public init(_ message: String, argument: String? = nil, suggestion: String? = nil) {
        self.message = message
        self.argument = argument
        self.suggestion = suggestion
    }

    public var description: String { message }
}

/// The arguments of a builtin call, bound to its parameters (defaults filled in) and
/// type-checked.
///
///     let sigma = try args.number("sigma")
///     let image = try args.host("image", as: ImageValue.self)
public struct Arguments: Sendable {
    /// The builtin's name (for messages).
    public let callee: String
    /// The parameters, parallel to `values`.
    public let parameters: [Parameter]
    /// One value per parameter (a variadic parameter's is a list).
    public let values: [Value]
    /// Which parameters the caller gave explicitly.
    public let given: [Bool]

    /// Bound arguments; the interpreter makes these, tests may too.
    public init(callee: String, parameters: [Parameter], values: [Value], given: [Bool]) {
        precondition(parameters.count == values.count && values.count == given.count, "Arguments: counts differ")
        self.callee = callee
        self.parameters = parameters
        self.values = values
        self.given = given
    }

    private func position(_ name: String) -> Int {
        guard let i = parameters.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("\(callee) has no parameter '\(name)'")
        }
        return i
    }

    /// The value of parameter `name` (a programmer error if there is no such parameter).
    public subscript(name: String) -> Value { values[position(name)] }

    /// Whether the caller passed `name` (rather than getting its default).
    public func isGiven(_ name: String) -> Bool { given[position(name)] }

    private func mismatch(_ name: String, _ expected: String) -> ScriptError {
        ScriptError("'\(name)' must be \(expected), got \(self[name].typeName)", argument: name)
    }

    /// Parameter `name` as a number.
    public func number(_ name: String) throws -> Double {
        guard case .number(let n) = self[name] else { throw mismatch(name, "a number") }
        return n
    }

    /// Parameter `name` as an integer; fails for fractions and values beyond ±2^53.
    public func integer(_ name: String) throws -> Int {
        guard case .number(let n) = self[name] else { throw mismatch(name, "an integer") }
        guard let i = Value.exactInteger(n) else {
            throw ScriptError("'\(name)' must be an integer, got \(Value.format(n))", argument: name)
        }
        return i
    }

    /// Parameter `name` as a string.
    public func string(_ name: String) throws -> String {
        guard case .string(let s) = self[name] else { throw mismatch(name, "a string") }
        return s
    }

    /// Parameter `name` as a bool.
    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let b) = self[name] else { throw mismatch(name, "a bool") }
        return b
    }

    /// Parameter `name` as a list.
    public func list(_ name: String) throws -> [Value] {
        guard case .list(let l) = self[name] else { throw mismatch(name, "a list") }
        return l
    }

    /// Parameter `name` as the host type `T`.
    ///
    ///     let mask = try args.host("mask", as: MaskValue.self)
    public func host<T: HostValue>(_ name: String, as type: T.Type) throws -> T {
        guard let h = self[name].host(as: T.self) else {
            throw ScriptError("'\(name)' has the wrong type: got \(self[name].typeName)", argument: name)
        }
        return h
    }

    /// Parameter `name`, or `nil` when it is `none`.
    public func optional(_ name: String) -> Value? {
        if case .none = self[name] { nil } else { self[name] }
    }
}

extension Value {
    /// `n` as an `Int` if it is integral and within ±2^53 (so conversions never trap).
    ///
    ///     Value.exactInteger(3)    // 3
    ///     Value.exactInteger(2.5)  // nil
    public static func exactInteger(_ n: Double) -> Int? {
        guard n == n.rounded(), abs(n) <= 9_007_199_254_740_992 else { return nil }
        return Int(n)
    }
}

/// What a builtin's implementation can do besides computing its result: write output,
/// display values, call functions it was given, check for cancellation, read the seed.
///
///     Builtin("show", topic: "display", parameters: [Parameter("value")],
///             summary: "Displays a value.") { context, args in
///         context.display(args["value"])
///         return .none
///     }
public struct CallContext {
    let interpreter: Interpreter
    /// Where the call is in the source.
    public let range: SourceRange

    /// Writes one line of text (without its trailing newline) to the output sink.
    public func write(_ text: String) { interpreter.output(text) }

    /// Shows a value through the display hook (the REPL draws images, tests record).
    public func display(_ value: Value) { interpreter.display(value) }

    /// Calls a SegScript function value with positional arguments.
    ///
    ///     let mapped = try items.map { try context.call(fn, [$0]) }
    public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try interpreter.callValue(function, arguments, range: range)
    }

    /// The width in columns of the display output goes to (``Interpreter/textWidth``).
    public var textWidth: Int { interpreter.textWidth }

    /// The registry of builtins in use (for `help`).
    public var registry: Registry { interpreter.registry }

    /// The default random seed: builtins that make random choices use it when the
    /// caller gives no `seed`; `seed(n)` changes it.
    public var seed: UInt64 {
        get { interpreter.seed }
        nonmutating set { interpreter.seed = newValue }
    }

    /// The run's record of files read and written and seeds used: `load` records its
    /// input, `save` its output (and refuses to overwrite an input).
    ///
    ///     context.ledger.recordRead(path)
    public var ledger: RunLedger { interpreter.ledger }

    /// Throws if the run was cancelled; long-running builtins call it between steps.
    public func checkCancelled() throws {
        if interpreter.cancellation.isCancelled { throw ScriptError("interrupted") }
    }
}

/// The set of builtins an interpreter knows. The core registry holds the language's own
/// builtins; the library layer adds the pixel ones.
///
///     var registry = Registry.core
///     registry.register(blurBuiltin)
///     let interpreter = Interpreter(registry: registry)
public struct Registry: Sendable {
    private var byName: [String: Builtin] = [:]
    /// Every builtin's name, in registration order.
    public private(set) var names: [String] = []

    /// An empty registry.
    public init() {}

    /// Adds a builtin, replacing one of the same name (keeping its place in the order).
    public mutating func register(_ builtin: Builtin) {
        if byName[builtin.name] == nil { names.append(builtin.name) }
        byName[builtin.name] = builtin
    }

    /// Adds several builtins.
    public mutating func register(_ builtins: [Builtin]) {
        for b in builtins { register(b) }
    }

    /// The builtin called `name`.
    public subscript(name: String) -> Builtin? { byName[name] }

    /// Every builtin, in registration order.
    public var all: [Builtin] { names.compactMap { byName[$0] } }

    /// The topics, in the order `help()` lists them: the known ones first, then others
    /// in order of first appearance.
    public var topics: [String] {
        let known = ["core", "math", "io", "filters", "morphology", "threshold", "semantic", "instance",
                     "measure", "evaluate", "display"]
        var seen = Set<String>()
        var others: [String] = []
        for b in all where !known.contains(b.topic) && seen.insert(b.topic).inserted { others.append(b.topic) }
        let present = Set(all.map(\.topic))
        return known.filter { present.contains($0) } + others
    }
}
