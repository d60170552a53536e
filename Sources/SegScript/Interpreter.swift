/// Runs SegScript programs: a tree-walking interpreter over compiled nodes, with
/// variables resolved to slots, cooperative cancellation, a recursion limit and per
/// statement dependency tracking (for ``retweak(_:to:)``).
///
/// An interpreter is a session: globals, parameters and the history of top-level
/// statements persist across ``run(_:overrides:)`` calls (one per REPL entry or notebook
/// cell). It is not thread-safe; use it from one thread at a time (cancel from any).
///
///     var lines: [String] = []
///     let interpreter = Interpreter(output: { lines.append($0) })
///     try interpreter.run(source: "s = 0\nfor i in range(4) { s = s + i }\nprint(s)")
///     // lines == ["6"]
public final class Interpreter {
    /// The builtins scripts can call.
    public let registry: Registry
    /// Receives each line of output (`print`, `help`), without its trailing newline.
    public var output: (String) -> Void
    /// Shows a value: called by `show`, and for bare top-level expressions when ``echo``
    /// is on. The default writes the value's `debugDescription` to ``output``.
    public var display: (Value) -> Void
    /// Display the value of each bare top-level expression (REPL and notebook mode).
    public var echo = false
    /// The width in columns of the display `print` writes to (the REPL sets its
    /// terminal's); tables lay themselves out to fit it.
    public var textWidth = 80
    /// The deepest allowed nesting of function calls; deeper recursion is an error.
    public var maxCallDepth = 200
    /// Stop with an error after this many loop iterations and calls (`nil`: no limit).
    public var stepLimit: Int?
    /// The largest list or string an operator may build (guards against runaway growth).
    public var maxCollectionSize = 100_000_000
    /// Checked in every loop iteration and call.
    public let cancellation: CancellationToken
    /// The default seed for builtins that make random choices; `seed(n)` sets it.
    public var seed: UInt64 = 42
    /// The files this session's builtins read and wrote and the seeds they used (for
    /// manifests and `save`'s refusals). Thread-safe; an interpreter forked for a worker
    /// shares its parent's by assigning it.
    public var ledger = RunLedger()
    /// How `parallel for` runs: the number of workers, the shard, the worker set-up.
    public var batch = BatchOptions()
    /// Told how top-level `for` and `parallel for` loops advance (segsh draws a progress
    /// bar from it); called on the thread running the interpreter.
    public var loopProgress: ((LoopProgress) -> Void)?

    // Globals live in one buffer indexed by slot; compiled code holds slots, not names.
    struct GlobalSlot {
        var value: Value?
        var readStamp = 0
        var writeStamp = 0
    }
    var globals: UnsafeMutablePointer<GlobalSlot>
    var globalCapacity = 64
    var globalNames: [String] = []
    var globalIndex: [String: Int] = [:]

    // Execution state.
    var depth = 0
    var budget = 0
    var stepsTaken = 0
    var returnValue: Value = .none
    /// The records that row expressions (`filter(m, area > 50)`) are being evaluated for,
    /// innermost last.
    var rows: [Record] = []
    var stamp = 0
    var reads: [Int] = []
    var writes: [Int] = []
    let rangeBuiltin: Builtin?
    let appendBuiltin: Builtin?

    // The session: every top-level statement run so far, and the parameters.
    var history: [Entry] = []
    var paramOverrides: [String: Value] = [:]
    var paramDeclarations: [String: ParamDeclaration] = [:]

    /// An interpreter with the given builtins (default: the core ones), output sink and
    /// cancellation token.
    ///
    ///     let interpreter = Interpreter(registry: .core, output: { print($0) })
    public init(registry: Registry = .core, output: @escaping (String) -> Void = { print($0) },
                cancellation: CancellationToken = CancellationToken()) {
        self.registry = registry
        self.output = output
        self.cancellation = cancellation
        self.display = { _ in }
        self.rangeBuiltin = registry["range"]
        self.appendBuiltin = registry["append"]
        globals = .allocate(capacity: globalCapacity)
        display = { [unowned self] value in self.output(value.echoText(width: self.textWidth)) }
    }

    deinit {
        globals.deinitialize(count: globalNames.count)
        globals.deallocate()
    }

    /// A copy for one `parallel for` iteration: its own globals (copies of this session's
    /// values, which are cheap copy-on-write values), output sinks and execution state;
    /// the same settings and seed. Every session object shared by reference (the registry,
    /// the cancellation token, and any object added later, such as a record of files
    /// read and written) must be carried over here, so that what a fork does is seen by
    /// the session.
    func fork(output: @escaping (String) -> Void, display: @escaping (Value) -> Void) -> Interpreter {
        let child = Interpreter(registry: registry, output: output, cancellation: cancellation)
        child.display = display
        child.maxCallDepth = maxCallDepth
        child.stepLimit = stepLimit
        child.maxCollectionSize = maxCollectionSize
        child.seed = seed
        child.textWidth = textWidth
        child.batch = batch
        child.ledger = ledger
        child.paramOverrides = paramOverrides
        child.paramDeclarations = paramDeclarations
        if globalNames.count > child.globalCapacity {
            child.globals.deallocate()
            child.globals = .allocate(capacity: globalCapacity)
            child.globalCapacity = globalCapacity
        }
        for slot in globalNames.indices {
            (child.globals + slot).initialize(to: GlobalSlot(value: globals[slot].value))
        }
        child.globalNames = globalNames
        child.globalIndex = globalIndex
        // Reads are recorded when a slot's stamp differs from the current one.
        child.stamp = 1
        return child
    }

    // MARK: Running

    /// Runs a parsed program: each top-level statement in order, stopping at the first
    /// runtime error. `overrides` replace the values of `param` declarations (the
    /// `--set NAME=VALUE` of `segsh run`); each must name a parameter the program declares
    /// and have the type of its declared value.
    ///
    ///     try interpreter.run(program, overrides: ["t": .number(0.4)])
    public func run(_ program: Program, overrides: [String: Value] = [:]) throws(ScriptFailure) {
        try checkOverrides(overrides, declared: program.paramNames, source: program.source)
        paramOverrides.merge(overrides) { $1 }
        let compiler = Compiler(self, source: program.source)
        let nodes = program.statements.map { compiler.compileTopLevel($0) }
        for node in nodes {
            history.append(Entry(node: node, source: program.source))
            try execute(entry: history.count - 1)
        }
    }

    /// Parses and runs source text. An incomplete input is an error here.
    ///
    ///     try interpreter.run(source: "print(1 + 2)", name: "-e")
    public func run(source text: String, name: String? = nil, overrides: [String: Value] = [:]) throws(ScriptFailure) {
        switch Parser.parse(SourceFile(text, name: name)) {
        case .complete(let program): try run(program, overrides: overrides)
        case .incomplete(let d): throw ScriptFailure([d])
        case .failed(let ds): throw ScriptFailure(ds)
        }
    }

    /// Evaluates one expression's source text and returns its value (for tests and tools).
    ///
    ///     try interpreter.evaluate("1 + 2")  // .number(3)
    public func evaluate(_ text: String) throws(ScriptFailure) -> Value {
        let source = SourceFile(text, name: nil)
        switch Parser.parse(source) {
        case .complete(let program):
            guard program.statements.count == 1, case .expression(let expr) = program.statements[0].kind else {
                throw ScriptFailure([Diagnostic(.error, "expected one expression", at: program.statements.first?.range ?? .unknown, source: source)])
            }
            let node = Compiler(self, source: source).compile(expr)
            do {
                resetBudget()
                return try node.eval(self, Frame.empty)
            } catch {
                throw ScriptFailure([diagnostic(for: error, source: source)])
            }
        case .incomplete(let d): throw ScriptFailure([d])
        case .failed(let ds): throw ScriptFailure(ds)
        }
    }

    /// Runs history entry `index`, tracking the globals it reads and writes.
    func execute(entry index: Int) throws(ScriptFailure) {
        let entry = history[index]
        stamp += 1
        reads.removeAll(keepingCapacity: true)
        writes.removeAll(keepingCapacity: true)
        currentEntry = index
        resetBudget()
        defer {
            entry.reads = reads
            entry.writes = writes
            depth = 0
        }
        do {
            _ = try entry.node.exec(self, Frame.empty)
        } catch {
            throw ScriptFailure([diagnostic(for: error, source: entry.source)])
        }
    }
    var currentEntry = 0

    func resetBudget() {
        stepsTaken = 0
        budget = 1023
    }

    /// Turns anything thrown during execution into a diagnostic with its source filled in.
    func diagnostic(for error: any Error, source: SourceFile) -> Diagnostic {
        var d: Diagnostic
        switch error {
        case let e as RuntimeError: d = e.diagnostic
        case let e as ScriptError: d = Diagnostic(.error, e.message, at: .unknown, suggestion: e.suggestion)
        default: d = Diagnostic(.error, String(describing: error), at: .unknown)
        }
        d.fillSource(source)
        return d
    }

    // MARK: Steps, cancellation, errors

    /// Counts one loop iteration or call; every 1024 it checks cancellation and the limit.
    @inline(__always)
    func tick(_ range: SourceRange) throws {
        budget &-= 1
        if budget < 0 { try refill(range) }
    }

    @inline(never)
    func refill(_ range: SourceRange) throws {
        if cancellation.isCancelled { throw RuntimeError("interrupted", range) }
        stepsTaken += 1024
        if let limit = stepLimit, stepsTaken > limit {
            throw RuntimeError("step limit exceeded: more than \(limit) loop iterations and calls", range)
        }
        budget = 1023
    }

    // MARK: Globals

    /// The slot for a global name, creating it (undefined) if new.
    func globalSlot(_ name: String) -> Int {
        if let slot = globalIndex[name] { return slot }
        if globalNames.count == globalCapacity {
            let bigger = UnsafeMutablePointer<GlobalSlot>.allocate(capacity: globalCapacity * 2)
            bigger.moveInitialize(from: globals, count: globalNames.count)
            globals.deallocate()
            globals = bigger
            globalCapacity *= 2
        }
        let slot = globalNames.count
        (globals + slot).initialize(to: GlobalSlot())
        globalNames.append(name)
        globalIndex[name] = slot
        return slot
    }

    @inline(__always)
    func readGlobal(_ slot: Int) -> Value? {
        if globals[slot].readStamp != stamp {
            globals[slot].readStamp = stamp
            reads.append(slot)
        }
        return globals[slot].value
    }

    @inline(__always)
    func writeGlobal(_ slot: Int, _ value: Value) {
        if globals[slot].writeStamp != stamp {
            globals[slot].writeStamp = stamp
            writes.append(slot)
        }
        globals[slot].value = value
    }

    /// Names that could be meant where `name` is unknown: defined globals and builtins.
    func knownNames(plus locals: [String] = []) -> [String] {
        locals + globalNames.indices.filter { globals[$0].value != nil }.map { globalNames[$0] } + registry.names
    }

    // MARK: Variables

    /// The value of global variable `name` (`nil` if undefined); setting defines it.
    ///
    ///     interpreter["img"] = .host(ImageValue(image))
    ///     let t = interpreter["t"]
    public subscript(name: String) -> Value? {
        get { globalIndex[name].flatMap { globals[$0].value } }
        set {
            let slot = globalSlot(name)
            globals[slot].value = newValue
        }
    }

    /// The defined global variables, in order of first definition (for `:vars`).
    ///
    ///     for (name, value) in interpreter.variables { print(name, value.summary) }
    public var variables: [(name: String, value: Value)] {
        globalNames.indices.compactMap { i in globals[i].value.map { (globalNames[i], $0) } }
    }
}

/// The locals of one function call.
struct Frame {
    let slots: UnsafeMutablePointer<Value?>

    // Top-level code has no locals; the pointer is never dereferenced.
    static var empty: Frame { Frame(slots: UnsafeMutablePointer(bitPattern: 8)!) }

    @inline(__always)
    subscript(slot: Int) -> Value? {
        get { slots[slot] }
        nonmutating set { slots[slot] = newValue }
    }
}

/// A runtime error on its way up; `Diagnostic.source` is filled in at function and
/// statement boundaries.
struct RuntimeError: Error {
    var diagnostic: Diagnostic
    var frames = 0

    init(_ message: String, _ range: SourceRange, label: String? = nil, suggestion: String? = nil) {
        diagnostic = Diagnostic(.error, message, at: range, label: label, suggestion: suggestion)
    }

    init(_ error: ScriptError, at range: SourceRange, prefix: String? = nil) {
        var message = error.message
        if let prefix, !message.hasPrefix(prefix + ":") { message = "\(prefix): \(message)" }
        diagnostic = Diagnostic(.error, message, at: range, suggestion: error.suggestion)
    }
}

extension Diagnostic {
    /// Sets the source of this diagnostic and of its notes where still unknown.
    mutating func fillSource(_ source: SourceFile) {
        if self.source == nil { self.source = source }
        for i in notes.indices where notes[i].range != nil && notes[i].source == nil {
            notes[i].source = source
        }
    }
}

/// One top-level statement run in this session.
final class Entry {
    let node: StmtNode
    let source: SourceFile
    var reads: [Int] = []
    var writes: [Int] = []

    init(node: StmtNode, source: SourceFile) {
        self.node = node
        self.source = source
    }
}

/// What the interpreter remembers about a `param` declaration.
struct ParamDeclaration {
    var declared: Value
    var entry: Int
}
