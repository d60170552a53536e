#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SegScript
import TerminalGraphics

/// The read-eval-print loop: reads lines until the parser has a whole input (showing the
/// continuation prompt meanwhile), runs it in the ``REPLSession``, and repeats until
/// Ctrl-D, end of input or `:quit`.
///
/// ```swift
/// try REPL.start(graphics: nil, registry: .core, displayItem: { _ in nil })
/// ```
enum REPL {
    static let prompt = "segsh> "
    static let continuationPrompt = "  ...> "

    /// Detects the terminal, builds the session and runs the loop.
    ///
    /// - Parameters:
    ///   - graphics: the `--graphics` value, if given (else `SEGSH_GRAPHICS`, else auto).
    ///   - registry: the builtins (the library layer passes its full registry).
    ///   - displayItem: the picture for a value, `nil` to print it as text.
    ///   - displayCaption: the line under a value's picture (its title, its contrast), if any.
    static func start(graphics: String?, registry: Registry,
                      displayItem: @escaping (Value) -> DisplayItem?,
                      displayCaption: @escaping (Value) -> String? = { _ in nil }) throws(GraphicsError) {
        let environment = ProcessInfo.processInfo.environment
        let mode = try GraphicsMode.resolve(arguments: graphics.map { ["--graphics", $0] } ?? [],
                                            environment: environment)
        // Before libedit takes the terminal: the probe needs raw reads of the replies.
        let capabilities = TerminalCapabilities.detect(mode: mode, environment: environment)
        let display = Display(backend: mode.backend(for: capabilities), capabilities: capabilities)
        let interactive = isatty(0) == 1
        Interrupt.install()
        let session = REPLSession(registry: registry, displayItem: displayItem, displayCaption: displayCaption, display: display,
                                  graphicsMode: mode,
                                  colorDiagnostics: isatty(2) == 1 && !TerminalCapabilities.noColor(environment),
                                  cancellation: replCancellation,
                                  isInterrupted: { Interrupt.pending })
        TerminalProgress.forStandardError()?.attach(to: session.interpreter)
        let reader: LineReader
        if interactive {
            reader = LineEditor(historyPath: LineEditor.defaultHistoryPath(environment: environment)) { [unowned session] before in
                let params = session.interpreter.parameters.map(\.name)
                let names = session.interpreter.variables.map(\.name) + params
                return Completer(registry: session.interpreter.registry, variables: names, params: params).complete(before)
            }
        } else {
            reader = PlainLineReader()
        }
        loop(session, reader)
    }

    static func loop(_ session: REPLSession, _ reader: LineReader) {
        var buffer = ""
        while !session.wantsQuit {
            switch reader.read(prompt: buffer.isEmpty ? prompt : continuationPrompt) {
            case .end:
                if !buffer.isEmpty { session.submit(buffer) }
                return
            case .interrupted:
                buffer = ""
                Interrupt.clear()
            case .line(let line):
                buffer += buffer.isEmpty ? line : "\n" + line
                if session.needsMoreInput(buffer) { continue }
                let input = buffer
                buffer = ""
                Interrupt.clear()
                session.submit(input)
                Interrupt.clear()
            }
        }
    }
}
