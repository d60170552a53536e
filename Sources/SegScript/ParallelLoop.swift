/// `parallel for NAME in LIST { BODY }` and `TARGET = parallel for NAME in LIST { BODY }`:
/// a top-level loop whose iterations are independent, so they may run on several
/// workers (``Interpreter/batch``) while their output still appears in input order.
///
/// Every name the body assigns (and the loop variable) is local to one iteration; the
/// body reads globals as they were before the loop. With a target, the loop's value is
/// the list of each iteration's value (its last line, when that is an expression; `none`
/// otherwise or after `continue`), in input order.
///
///     areas = parallel for f in glob("data/*.png") {
///         cells = instances(load(f) > 100)
///         count(cells)
///     }
public struct ParallelLoop: Sendable {
    /// The variable the collected values are assigned to (`areas` above), if any.
    public var target: String?
    /// Where the target is.
    public var targetRange: SourceRange?
    /// The loop variable.
    public var name: String
    /// Where the loop variable is.
    public var nameRange: SourceRange
    /// The list (or other iterable) the loop runs over.
    public var iterable: Expr
    /// The loop body.
    public var body: [Stmt]
    /// `parallel for NAME in LIST`: where the diagnostics of an iteration point to.
    public var headRange: SourceRange

    /// A parallel loop; the parser makes these.
    public init(target: String?, targetRange: SourceRange?, name: String, nameRange: SourceRange,
                iterable: Expr, body: [Stmt], headRange: SourceRange) {
        self.target = target
        self.targetRange = targetRange
        self.name = name
        self.nameRange = nameRange
        self.iterable = iterable
        self.body = body
        self.headRange = headRange
    }
}

/// How an interpreter runs `parallel for` loops (`segsh run --jobs N --shard I/N`).
///
///     interpreter.batch = BatchOptions(jobs: 2, shard: try Shard(parsing: "0/4"))
public struct BatchOptions: Sendable {
    /// The number of worker threads (at least 1). With 1, iterations run one after another
    /// on the interpreter's thread. The output is the same for every job count.
    public var jobs: Int
    /// Run only the items whose position in the list is ≡ `shard.index` (mod
    /// `shard.count`); `nil` runs every item.
    public var shard: Shard?
    /// Wraps the work of each worker thread when `jobs > 1` (the library limits the pixel
    /// engine's threads per worker here, so that workers × kernel threads fit the cores).
    public var workerScope: (@Sendable (_ work: () -> Void) -> Void)?

    /// Options; the defaults run every item on one worker.
    ///
    ///     BatchOptions(jobs: 4)
    public init(jobs: Int = 1, shard: Shard? = nil, workerScope: (@Sendable (_ work: () -> Void) -> Void)? = nil) {
        self.jobs = max(1, jobs)
        self.shard = shard
        self.workerScope = workerScope
    }
}

/// One part of a batch split `count` ways: the items at positions ≡ `index` (mod `count`),
/// `index` counted from 0. A cluster job array runs shard `I/N` in task `I`.
///
///     let shard = try Shard(parsing: "1/3")
///     shard.contains(4)  // true: 4 ≡ 1 (mod 3)
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// Which part, from 0.
    public let index: Int
    /// How many parts.
    public let count: Int

    /// Shard `index` of `count`; throws unless `count ≥ 1` and `0 ≤ index < count`.
    ///
    ///     try Shard(index: 0, count: 2)
    public init(index: Int, count: Int) throws(ShardError) {
        let given = "\(index)/\(count)"
        guard count >= 1 else { throw ShardError("the number of shards must be at least 1, got \(given)") }
        guard (0..<count).contains(index) else {
            throw ShardError("the shard index counts from 0 and must be below the number of shards (0 to \(count - 1)), got \(given)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (as in `--shard 0/4`).
    ///
    ///     try Shard(parsing: "3/4").index  // 3
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw ShardError("expected I/N with whole numbers, as in 0/4 (the first of 4 shards), got '\(text)'")
        }
        try self.init(index: i, count: n)
    }

    /// Whether the item at `position` (from 0) belongs to this shard.
    public func contains(_ position: Int) -> Bool { position % count == index }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}

/// Why a shard specification is invalid.
///
///     do { _ = try Shard(parsing: "3/2") } catch { print(error.message) }
public struct ShardError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the value given.
    public let message: String
    init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// How a top-level loop advances, for a progress display (``Interpreter/loopProgress``).
///
/// Each loop sends `started`, then `advanced` after each iteration (for a `parallel for`,
/// each time an iteration's results are delivered, in input order), then `finished`, also
/// when it stops early or fails.
///
///     interpreter.loopProgress = { event in
///         if case .advanced(let done, let total, _) = event { print("\(done)/\(total)") }
///     }
public enum LoopProgress: Sendable, Equatable {
    /// A loop over `total` items starts.
    case started(total: Int)
    /// `done` of `total` items are finished; `label` is the last one when it is a string
    /// (a file path, usually), else empty.
    case advanced(done: Int, total: Int, label: String)
    /// The loop ended.
    case finished
}

/// Sends one loop's ``LoopProgress`` events; `nil` when nobody listens.
final class LoopProgressReporter {
    private let sink: (LoopProgress) -> Void
    private let total: Int
    private var done = 0

    init?(_ sink: ((LoopProgress) -> Void)?, total: Int) {
        guard let sink else { return nil }
        self.sink = sink
        self.total = total
        sink(.started(total: total))
    }

    func advance(label: String) {
        done += 1
        sink(.advanced(done: done, total: total, label: label))
    }

    func finish() { sink(.finished) }
}

/// `parallel for`: evaluates the list, picks the shard's items, runs each iteration in a
/// fork of the interpreter (on ``BatchOptions/jobs`` workers), delivers each iteration's
/// output in input order, and assigns the iterations' values to the target.
final class ParallelForStmt: StmtNode, @unchecked Sendable {
    let target: Int?
    let variableName: String
    let localCount: Int
    let iterable: ExprNode
    let body: [StmtNode]
    /// The body's last line when it is an expression: the iteration's value.
    let value: ExprNode?
    let headRange: SourceRange

    init(target: Int?, variableName: String, localCount: Int, iterable: ExprNode, body: [StmtNode],
         value: ExprNode?, headRange: SourceRange, _ range: SourceRange) {
        self.target = target
        self.variableName = variableName
        self.localCount = localCount
        self.iterable = iterable
        self.body = body
        self.value = value
        self.headRange = headRange
        super.init(range)
    }

    override func exec(_ rt: Interpreter, _ frame: Frame) throws -> Flow {
        let collection = try iterable.eval(rt, frame)
        let items = try at(iterable.range) { try Operators.elements(collection) }
        var positions = Array(items.indices)
        if let shard = rt.batch.shard { positions = positions.filter(shard.contains) }
        let values = try rt.runParallel(self, items: items, positions: positions)
        if let target { rt.writeGlobal(target, .list(values)) }
        return .normal
    }

    /// Runs one iteration in `child` (a fork); any thread.
    func iterate(_ child: Interpreter, item: Value) throws -> Value {
        let count = max(localCount, 1)
        let frame = Frame(slots: .allocate(capacity: count))
        frame.slots.initialize(repeating: nil, count: count)
        defer {
            frame.slots.deinitialize(count: count)
            frame.slots.deallocate()
        }
        frame[0] = item
        child.resetBudget()
        try child.tick(range)
        guard try execBlock(body, child, frame) == .normal, let value else { return .none }
        return try value.eval(child, frame)
    }

    /// The error of iteration `position`, with a note naming it and its item.
    func failure(_ error: any Error, position: Int, item: Value) -> RuntimeError {
        var e: RuntimeError
        switch error {
        case let r as RuntimeError: e = r
        case let s as ScriptError: e = RuntimeError(s, at: headRange)
        default: e = RuntimeError(String(describing: error), headRange)
        }
        var shown = item.debugDescription
        if shown.count > 80 { shown = String(shown.prefix(77)) + "..." }
        e.diagnostic.notes.append(.init("in iteration \(position) (\(variableName) = \(shown))", range: headRange))
        return e
    }
}
