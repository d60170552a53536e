import Foundation
import SegScript

/// Runs a `.seg` file as a notebook (see ``Notebook``), as `segsh run` and `segsh report`
/// do: every cell is parsed first, then the cells run in order in one interpreter until the
/// first one that fails (to parse or at run time). Every parse error of every cell is
/// reported, not only the first cell's.
///
/// `--set` overrides are checked before anything runs: unknown names, and values of the
/// wrong type for parameters declared as literals, are errors naming the parameter.
///
/// With ``recordsOutputs`` on, each cell's printed text, pictures and tables are kept in
/// its ``CellRun`` for a report; the live ``output`` and ``display`` hooks are called
/// either way.
///
///     var runner = NotebookRunner(output: { print($0) })
///     let run = runner.run(source: text, name: "analysis.seg", settings: ["t=0.4"])
///     run.status   // 0, 1 (a cell failed) or 2 (a malformed --set)
public struct NotebookRunner {
    /// The builtins (default: the whole library).
    public var registry: Registry = .library
    /// Receives each printed line as it happens.
    public var output: (String) -> Void
    /// Receives rendered diagnostics (each possibly several lines).
    public var errorOutput: (String) -> Void
    /// Shows a value for `show`; nil prints non-pictures to ``output`` and skips pictures.
    public var display: ((Value) -> Void)?
    /// Render diagnostics with ANSI colours.
    public var color = false
    /// Keep each cell's outputs (text, pictures as PNG, tables) for a report.
    public var recordsOutputs = false
    /// Display the value of each bare top-level expression, as a notebook does.
    public var echo = false
    /// Cancels the run from another thread.
    public var cancellation = CancellationToken()

    /// A runner with the given live sinks.
    public init(output: @escaping (String) -> Void = { _ in }, errorOutput: @escaping (String) -> Void = { _ in }) {
        self.output = output
        self.errorOutput = errorOutput
    }

    /// Runs `source` (its path or name `name`, as diagnostics and manifests show it).
    ///
    /// - Parameters:
    ///   - settings: `NAME=VALUE` overrides of `param` declarations.
    ///   - seed: the default seed of random choices (else the interpreter's, 42).
    ///   - prepare: called with the interpreter before the first cell (to set limits).
    /// - Returns: what happened, cell by cell, with the run's ledger and final parameters.
    public func run(source: String, name: String, settings: [String] = [], seed: UInt64? = nil,
                    prepare: (Interpreter) -> Void = { _ in }) -> NotebookRun {
        let started = Date()
        let notebook = Notebook(SourceFile(source, name: name))
        let interpreter = Interpreter(registry: registry, output: { _ in }, cancellation: cancellation)
        if let seed { interpreter.seed = seed }
        var result = NotebookRun(notebook: notebook, cells: notebook.cells.map { CellRun(cell: $0) },
                                 status: ScriptRunner.Status.success, settings: settings, seed: interpreter.seed,
                                 ledger: interpreter.ledger, started: started)
        let (overrides, problem) = ScriptRunner.overrides(settings)
        if let problem {
            errorOutput("error: \(problem)")
            result.status = ScriptRunner.Status.usageError
            result.problems = [Diagnostic(.error, problem, at: .unknown)]
            return result
        }
        let parsed = notebook.parse()
        let problems = notebook.overrideProblems(overrides, parsed: parsed)
        var failed = !problems.isEmpty
        if failed {
            errorOutput(ScriptFailure(problems).rendered(color: color))
            result.problems = problems
        }

        let collector = OutputCollector()
        let output = self.output, records = recordsOutputs
        interpreter.output = { line in
            if records { collector.append(.text(line)) }
            output(line)
        }
        let live = display ?? { value in
            if LibraryDisplay.picture(for: value) == nil, CellOutput.isTextual(value) { output(value.echoText(width: 80)) }
        }
        interpreter.display = { value in
            if records {
                do {
                    for item in try CellOutput.outputs(for: value) { collector.append(item) }
                } catch {
                    collector.append(.text("(cannot show: \(error))"))
                }
            }
            live(value)
        }
        interpreter.echo = echo
        prepare(interpreter)

        let names = notebook.parameterNames(parsed)
        let clock = ContinuousClock()
        for (i, parse) in parsed.enumerated() {
            if failed {
                result.cells[i].status = .notRun(parse.diagnostics)
                if !parse.diagnostics.isEmpty { errorOutput(ScriptFailure(parse.diagnostics).rendered(color: color)) }
                continue
            }
            let program: Program
            switch parse {
            case .complete(let p): program = p
            case .incomplete, .failed:
                result.cells[i].status = .failed(parse.diagnostics)
                errorOutput(ScriptFailure(parse.diagnostics).rendered(color: color))
                failed = true
                continue
            }
            let start = clock.now
            do {
                try interpreter.run(program, overrides: overrides.filter { names[i].contains($0.key) })
                result.cells[i].status = .succeeded
            } catch {
                result.cells[i].status = .failed(error.diagnostics)
                errorOutput(error.rendered(color: color))
                failed = true
            }
            result.cells[i].seconds = Self.seconds(start.duration(to: clock.now))
            result.cells[i].outputs = collector.take()
        }
        result.parameters = interpreter.parameters
        if failed { result.status = ScriptRunner.Status.scriptError }
        return result
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

extension CellOutput {
    /// Whether a value shows as text (not a picture): what `show` prints when pictures
    /// are not drawn.
    static func isTextual(_ value: Value) -> Bool {
        if case .list(let items) = value, !items.isEmpty, items.allSatisfy({ LibraryDisplay.displayable($0) != nil }) { return false }
        return LibraryDisplay.picture(for: value) == nil
    }
}

/// The outputs of the cell running now; builtins may print from worker threads.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [CellOutput] = []

    func append(_ item: CellOutput) {
        lock.lock()
        defer { lock.unlock() }
        if case .text(let line) = item, case .text(let before)? = items.last {
            items[items.count - 1] = .text(before + "\n" + line)
        } else {
            items.append(item)
        }
    }

    func take() -> [CellOutput] {
        lock.lock()
        defer { lock.unlock() }
        defer { items = [] }
        return items
    }
}

/// What running a notebook did.
///
///     let run = NotebookRunner().run(source: text, name: "a.seg")
///     for cell in run.cells { print(cell.cell.label, cell.status, cell.seconds) }
public struct NotebookRun {
    /// The notebook, split into cells and Markdown.
    public var notebook: Notebook
    /// One entry per code cell, in order.
    public var cells: [CellRun]
    /// The exit status: 0 all cells ran, 1 a cell failed (or an override was refused),
    /// 2 a malformed `--set`.
    public var status: Int32
    /// Problems found before any cell ran (`--set` errors).
    public var problems: [Diagnostic] = []
    /// The `--set` settings as given.
    public var settings: [String]
    /// The parameters declared and their final values, in declaration order.
    public var parameters: [(name: String, value: Value)] = []
    /// The default seed at the start of the run.
    public var seed: UInt64
    /// The files read and written and the seeds builtins used.
    public var ledger: RunLedger
    /// When the run started.
    public var started: Date

    /// The first cell that failed, if any.
    public var failedCell: CellRun? {
        cells.first { if case .failed = $0.status { true } else { false } }
    }
}

/// One code cell of a run.
public struct CellRun: Sendable {
    /// How a cell ended.
    public enum Status: Sendable {
        /// It ran to the end.
        case succeeded
        /// It did not parse, or stopped with an error.
        case failed([Diagnostic])
        /// An earlier cell failed; the diagnostics are its own parse errors, if any.
        case notRun([Diagnostic])
    }

    /// The cell.
    public var cell: Notebook.Cell
    /// How it ended.
    public var status: Status = .notRun([])
    /// What it printed and showed, in order (with ``NotebookRunner/recordsOutputs``).
    public var outputs: [CellOutput] = []
    /// Wall time of its run, in seconds (0 when it did not run).
    public var seconds: Double = 0
}
