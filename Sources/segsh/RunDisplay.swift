import Foundation
import SegScript
import TerminalGraphics

/// What `show` does under `segsh run` and `segsh report`: pictures are drawn inline (sixel
/// or colour blocks, as the REPL draws them) when stdout is a terminal or `--graphics`
/// names a backend, and are skipped otherwise (a report records them instead); other
/// values print as text.
///
/// The terminal is probed only when the first picture is shown, so a script that shows
/// none starts without the probe's delay.
///
///     let display = try RunDisplay(graphics: "blocks", isTerminal: false, output: { print($0) })
///     runner.display = display.show
final class RunDisplay {
    let mode: GraphicsMode
    let isTerminal: Bool
    let environment: [String: String]
    let output: (String) -> Void
    let errorOutput: (String) -> Void
    private var display: Display?

    /// - Throws: ``GraphicsError`` for an unknown `--graphics` (or `SEGSH_GRAPHICS`) mode.
    init(graphics: String?, isTerminal: Bool, environment: [String: String] = ProcessInfo.processInfo.environment,
         output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void = { _ in }) throws(GraphicsError) {
        mode = try GraphicsMode.resolve(arguments: graphics.map { ["--graphics", $0] } ?? [], environment: environment)
        self.isTerminal = isTerminal
        self.environment = environment
        self.output = output
        self.errorOutput = errorOutput
    }

    /// Whether pictures are drawn at all.
    var drawsPictures: Bool { mode != .auto || isTerminal }

    func show(_ value: Value) {
        guard let item = LibraryDisplayItem.item(for: value) else {
            output(value.echoText(width: isTerminal ? Terminal.columns() : 80))
            return
        }
        guard drawsPictures else { return }
        if display == nil {
            let capabilities = TerminalCapabilities.detect(mode: mode, environment: environment)
            display = Display(backend: mode.backend(for: capabilities), capabilities: capabilities)
        }
        do {
            var bytes = try display!.render(item, caption: LibraryDisplayItem.topCaption(value)).bytes
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            output(String(decoding: bytes, as: UTF8.self))
        } catch {
            errorOutput("error: show: \(error.message)")
        }
    }
}
