import Foundation
import PixelEngine
import SegScript
import SegScriptLibrary
import TerminalGraphics

/// One interactive segsh session: the interpreter, the statements that succeeded (for
/// `:save`), the display, and the `:commands`. It knows nothing of line editing: the
/// ``REPL`` feeds it complete inputs, and ``Completer`` asks it for names.
///
/// The library layer plugs in here: a registry with the pixel builtins and the mapping of
/// its host values to pictures.
///
/// ```swift
/// let session = REPLSession(registry: .core, displayItem: { _ in nil },
///                           display: display, cancellation: replCancellation)
/// session.submit("x = 1 + 2")
/// ```
final class REPLSession {
    /// The interpreter; its globals and parameters outlive every input.
    let interpreter: Interpreter
    /// Turns a value into a picture (`nil`: the value is printed as text).
    let displayItem: (Value) -> DisplayItem?
    /// The line under a value's picture (title, contrast), if any.
    let displayCaption: (Value) -> String?
    /// How pictures are drawn; `:display` changes the backend.
    var display: Display
    /// The mode the session started in, for `:display` messages.
    var graphicsMode: GraphicsMode
    /// Whether diagnostics are coloured (stderr is a terminal and `NO_COLOR` is unset).
    var colorDiagnostics: Bool
    /// Source text of every top-level statement that ran without error, in order.
    private(set) var savedStatements: [String] = []
    /// Set by `:quit`.
    private(set) var wantsQuit = false
    /// Checked by the output writer: stop writing a picture when the user pressed Ctrl-C.
    let isInterrupted: () -> Bool
    /// Pictures and param declarations, for `tweak`.
    var tweakMemory = TweakMemory()
    /// Values shown by the statement running now (an echo among them makes `:save`
    /// write the statement as `show(…)`).
    private var displaysInStatement = 0

    /// The REPL commands, with their one-line help.
    static let commands: [(name: String, help: String)] = [
        (":help", ":help [name]      list the builtins, or explain one"),
        (":vars", ":vars             the variables: name, type, size"),
        (":time", ":time EXPR        run EXPR and print how long it took"),
        (":run", ":run FILE         run a .seg file in this session"),
        (":save", ":save FILE.seg    write this session's successful statements as a script"),
        (":display", ":display MODE     show pictures as sixel, blocks, none (PNG files) or auto"),
        (":jobs", ":jobs [N]         run each 'parallel for' on N workers (default 1)"),
        (":clear", ":clear            clear the screen"),
        (":tweak", "tweak NAME [from A to B] [step S]   a slider for a param (:help tweak)"),
        (":quit", ":quit             leave segsh (Ctrl-D also does)"),
    ]

    init(registry: Registry, displayItem: @escaping (Value) -> DisplayItem?,
         displayCaption: @escaping (Value) -> String? = { _ in nil }, display: Display,
         graphicsMode: GraphicsMode, colorDiagnostics: Bool, cancellation: CancellationToken,
         isInterrupted: @escaping () -> Bool) {
        self.displayItem = displayItem
        self.displayCaption = displayCaption
        self.display = display
        self.graphicsMode = graphicsMode
        self.colorDiagnostics = colorDiagnostics
        self.isInterrupted = isInterrupted
        interpreter = Interpreter(registry: registry, output: { Terminal.writeLine($0) }, cancellation: cancellation)
        interpreter.echo = true
        interpreter.display = { [unowned self] value in self.show(value) }
    }

    // MARK: Input

    /// Whether `text` is a whole input, needs more lines, or is a REPL command.
    func needsMoreInput(_ text: String) -> Bool {
        if text.trimmingCharacters(in: .whitespaces).hasPrefix(":") || isTweak(text) { return false }
        if case .incomplete = Parser.parse(text) { return true }
        return false
    }

    /// Runs one complete input: a `:command` or SegScript statements.
    func submit(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        if isTweak(trimmed) {
            tweak(trimmed)
        } else if trimmed.hasPrefix(":") {
            command(trimmed)
        } else {
            run(text, name: nil)
        }
    }

    /// Parses and runs `text` statement by statement, so that the statements before an
    /// error count as run (and are saved) and the rest are skipped.
    @discardableResult
    func run(_ text: String, name: String?) -> Bool {
        run(SourceFile(text, name: name))
    }

    /// Runs a parsed source (a REPL entry or a notebook cell) statement by statement.
    @discardableResult
    func run(_ source: SourceFile) -> Bool {
        switch Parser.parse(source) {
        case .complete(let program):
            let bytes = Array(source.text.utf8)
            interpreter.textWidth = Terminal.columns()
            for statement in program.statements {
                // A new declaration takes its declared value, not one a tweak left.
                if case .param(let param, _, _) = statement.kind { interpreter.clearParamOverride(param) }
                displaysInStatement = 0
                do {
                    try interpreter.run(Program(statements: [statement], source: source))
                } catch {
                    report(error.diagnostics)
                    return false
                }
                let slice = bytes[statement.range.start.offset..<min(bytes.count, statement.range.end.offset)]
                var text = String(decoding: slice, as: UTF8.self)
                switch statement.kind {
                case .param(let param, _, _):
                    tweakMemory.savedDeclarations[param] = savedStatements.count
                case .expression(let e) where displaysInStatement > 0 && !Self.isShowCall(e):
                    // The REPL echoed its value; a script shows it only when asked.
                    text = "show(\(text))"
                default:
                    break
                }
                savedStatements.append(text)
            }
            return true
        case .incomplete(let d):
            report([d])
        case .failed(let ds):
            report(ds)
        }
        return false
    }

    func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics {
            Terminal.writeError(d.rendered(color: colorDiagnostics))
        }
    }

    /// Draws `value` when it has a picture, else prints it as the REPL echoes.
    func show(_ value: Value) {
        displaysInStatement += 1
        guard let item = displayItem(value) else {
            Terminal.writeLine(value.echoText(width: Terminal.columns()))
            return
        }
        tweakMemory.remember(statement: interpreter.runningStatement, picture: value)
        do {
            let rendered = try display.render(item, caption: displayCaption(value))
            Terminal.writePicture(rendered.bytes, isInterrupted: isInterrupted)
        } catch {
            Terminal.writeError("error: show: \(error.message)")
        }
    }

    // MARK: Commands

    private func command(_ line: String) {
        let (name, rest) = Self.split(line)
        switch name {
        case ":help", ":h", ":?":
            if rest == "tweak" {
                Terminal.writeLine(TweakLine.help)
            } else if rest.isEmpty {
                for c in Self.commands { Terminal.writeLine("  " + c.help) }
                Terminal.writeLine("")
                run("help()", name: "<help>", saving: false)
            } else {
                run("help(\(Value.string(rest).debugDescription))", name: "<help>", saving: false)
            }
        case ":vars":
            vars()
        case ":time":
            guard !rest.isEmpty else { return usage(":time EXPR") }
            let clock = ContinuousClock()
            let start = clock.now
            let ok = run(rest, name: nil)
            let elapsed = start.duration(to: clock.now)
            if ok { Terminal.writeLine("time: " + Self.format(elapsed)) }
        case ":run":
            guard !rest.isEmpty else { return usage(":run FILE") }
            let path = Self.expandTilde(rest)
            guard let data = FileManager.default.contents(atPath: path) else {
                return Terminal.writeError("error: :run: cannot read '\(rest)'")
            }
            runFile(String(decoding: data, as: UTF8.self), name: rest)
        case ":save":
            guard !rest.isEmpty else { return usage(":save FILE.seg") }
            save(to: Self.expandTilde(rest), shown: rest)
        case ":display":
            setDisplay(rest)
        case ":jobs":
            setJobs(rest)
        case ":clear":
            Terminal.write(Array("\u{1B}[H\u{1B}[2J".utf8))
        case ":quit", ":q", ":exit":
            wantsQuit = true
        default:
            let names = Self.commands.map(\.name)
            var message = "error: unknown command '\(name)'"
            if let near = Suggestions.nearest(name, among: names) { message += "; did you mean \(near)?" }
            Terminal.writeError(message + " (:help lists them)")
        }
    }

    /// Runs a file as a notebook: its cells in order until one fails (a file without
    /// `%%`/`##` markers is one cell). Every cell's parse errors are reported, also those
    /// of the cells after a failure.
    func runFile(_ text: String, name: String) {
        let notebook = Notebook(SourceFile(text, name: name))
        var failed = false
        for (cell, parsed) in zip(notebook.cells, notebook.parse()) {
            if failed {
                report(parsed.diagnostics)
            } else {
                failed = !run(cell.source)
            }
        }
    }

    private func run(_ text: String, name: String, saving: Bool) {
        let count = savedStatements.count
        run(text, name: name)
        if !saving { savedStatements.removeSubrange(count...) }
    }

    private func usage(_ text: String) {
        Terminal.writeError("usage: \(text)")
    }

    private func vars() {
        let variables = interpreter.variables
        guard !variables.isEmpty else { return Terminal.writeLine("(no variables)") }
        let params = Set(interpreter.parameters.map(\.name))
        let nameWidth = variables.map(\.name.count).max() ?? 0
        let typeWidth = variables.map(\.value.typeName.count).max() ?? 0
        for (name, value) in variables {
            // A number or bool says more by its value than by its type name twice.
            var size = value.summary
            switch value {
            case .number, .bool, .none: size = value.debugDescription
            default: break
            }
            var line = name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + value.typeName.padding(toLength: typeWidth, withPad: " ", startingAt: 0) + "  " + size
            if params.contains(name) { line += "  (param)" }
            Terminal.writeLine(line)
        }
    }

    private func save(to path: String, shown: String) {
        var text = "# segsh session, saved \(Date().formatted(.iso8601))\n"
        text += savedStatements.map { $0 + "\n" }.joined()
        do {
            try AtomicFile.write(Data(text.utf8), to: path)
            let n = savedStatements.count
            Terminal.writeLine("saved \(n) statement\(n == 1 ? "" : "s") to \(shown)")
        } catch {
            Terminal.writeError("error: :save: \(error.reason)")
        }
    }

    private func setDisplay(_ word: String) {
        guard !word.isEmpty else {
            return Terminal.writeLine("display: \(graphicsMode) (\(display.backend.rawValue))")
        }
        guard let mode = GraphicsMode(parsing: word) else {
            return usage(":display sixel|blocks|none|auto")
        }
        graphicsMode = mode
        display.backend = mode.backend(for: display.capabilities)
        Terminal.writeLine("display: \(mode) (\(display.backend.rawValue))")
    }

    private func setJobs(_ word: String) {
        guard !word.isEmpty else { return Terminal.writeLine("jobs: \(interpreter.batch.jobs)") }
        guard let n = Int(word), (1...1024).contains(n) else { return usage(":jobs N (1 to 1024)") }
        interpreter.batch = .library(jobs: n, shard: interpreter.batch.shard)
        Terminal.writeLine("jobs: \(n)")
    }

    // MARK: Helpers

    /// Whether `text` is a `tweak` command (and not code using a variable named `tweak`).
    func isTweak(_ text: String) -> Bool {
        guard TweakRequest.isCommand(text) else { return false }
        return text.split(whereSeparator: \.isWhitespace).count > 1 || interpreter["tweak"] == nil
    }

    /// After a kept `tweak`: the param's saved declaration gets the new value, so `:save`
    /// replays the session with it.
    func recordTweak(name: String, value: Double) {
        guard let index = tweakMemory.savedDeclarations[name], index < savedStatements.count else { return }
        savedStatements[index] = "param \(name) = \(Value.number(value).debugDescription)"
    }

    /// Whether `e` is a call of `show` (its display is not an echo).
    static func isShowCall(_ e: Expr) -> Bool {
        guard case .call(let callee, _, _) = e.kind, case .name("show") = callee.kind else { return false }
        return true
    }

    /// `:name rest` → (":name", "rest").
    static func split(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: \.isWhitespace) else { return (line, "") }
        return (String(line[..<space]), line[space...].trimmingCharacters(in: .whitespaces))
    }

    static func expandTilde(_ path: String) -> String {
        guard path.hasPrefix("~/") else { return path }
        return NSHomeDirectory() + path.dropFirst()
    }

    static func format(_ d: Duration) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
        return String(format: "%.3f s", seconds)
    }
}
