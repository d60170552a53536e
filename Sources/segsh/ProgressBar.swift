#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SegScript

/// The text of one progress-bar line: `[===>      ]  37/200  ETA 13 s  cells_037.png`.
///
/// A pure function of its inputs, so it is tested as text. The line never exceeds
/// `width - 1` characters (a line that fills the last column would wrap on some
/// terminals): the label is shortened from the left first (`…ls_037.png`), then dropped,
/// then the ETA.
///
///     ProgressBar.line(done: 37, total: 200, elapsed: 2.8, label: "data/cells_037.png", width: 80)
///     // "[===>                    ]  37/200  ETA 13 s  cells_037.png"
enum ProgressBar {
    /// The cells of the bar itself, between the brackets.
    static let barCells = 24

    /// - Parameters:
    ///   - done: iterations finished (0...total).
    ///   - total: iterations in the loop (at least 1).
    ///   - elapsed: seconds since the loop started.
    ///   - label: the last item finished; a path is shown by its file name.
    ///   - width: the terminal's width in columns.
    static func line(done: Int, total: Int, elapsed: Double, label: String, width: Int) -> String {
        let total = max(total, 1)
        let done = min(max(done, 0), total)
        let cells = done == total ? barCells : done * barCells / total
        let bar = cells == barCells
            ? String(repeating: "=", count: barCells)
            : String(repeating: "=", count: max(cells - 1, 0)) + (cells > 0 ? ">" : "")
                + String(repeating: " ", count: barCells - cells)
        let digits = String(total).count
        let count = String(repeating: " ", count: digits - String(done).count) + "\(done)/\(total)"
        var parts = ["[\(bar)] \(count)"]
        let eta = "ETA " + (done == 0 ? "--" : duration(elapsed / Double(done) * Double(total - done)))
        let name = label.split(separator: "/").last.map(String.init) ?? ""
        let limit = max(width - 1, 0)
        func joined(_ p: [String]) -> String { p.joined(separator: "  ") }
        if joined(parts + [eta]).count <= limit {
            parts.append(eta)
            let room = limit - joined(parts).count - 2
            if !name.isEmpty, room >= 4 {
                parts.append(name.count <= room ? name : "…" + name.suffix(room - 1))
            }
        }
        let text = joined(parts)
        return text.count <= limit ? text : String(text.prefix(limit))
    }

    /// `12 s`, `3 min 5 s`, `2 h 7 min` (rounded up to whole seconds).
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--" }
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \((s % 3600) / 60) min"
    }
}

/// Draws a progress bar for top-level loops on standard error, redrawn in place with
/// `\r` and erased when the loop ends. It listens to ``Interpreter/loopProgress`` and
/// wraps the interpreter's output and display so that the bar is erased before a line or
/// picture is written to standard output and drawn again after it: the bar never mixes
/// into the script's output.
///
/// The bar appears only for loops of at least 2 items that are still running after half
/// a second (a quick loop never flickers), and is redrawn at most 10 times a second.
///
///     if let bar = TerminalProgress.forStandardError() { bar.attach(to: interpreter) }
final class TerminalProgress {
    private let write: (String) -> Void
    private let width: () -> Int
    private let now: () -> Double
    private let delay: Double
    private var total = 0
    private var done = 0
    private var label = ""
    private var start = 0.0
    private var lastDraw = -Double.infinity
    private var visible = false
    private var depth = 0

    /// A bar writing with `write`, on a terminal `width()` columns wide, timed by `now`
    /// (seconds), appearing after `delay` seconds.
    init(write: @escaping (String) -> Void, width: @escaping () -> Int, now: @escaping () -> Double, delay: Double = 0.5) {
        self.write = write
        self.width = width
        self.now = now
        self.delay = delay
    }

    /// A bar on standard error, or `nil` when standard error is not a terminal.
    static func forStandardError() -> TerminalProgress? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return TerminalProgress(
            write: { FileHandle.standardError.write(Data($0.utf8)) },
            width: { terminalWidth() },
            now: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
    }

    /// Listens to the interpreter's loops and wraps its output and display. The
    /// interpreter keeps the bar alive (the bar holds no reference back).
    func attach(to interpreter: Interpreter) {
        let output = interpreter.output, display = interpreter.display
        interpreter.output = { [self] line in around { output(line) } }
        interpreter.display = { [self] value in around { display(value) } }
        interpreter.loopProgress = { [self] event in handle(event) }
    }

    /// Erases the bar (if drawn) around `body`, then draws it again.
    func around(_ body: () -> Void) {
        guard visible else { return body() }
        write("\r\u{1B}[K")
        body()
        fflush(nil)  // all streams: the script's line must reach the terminal before the bar
        draw()
    }

    /// Follows one loop event. Only the outermost loop is shown.
    func handle(_ event: LoopProgress) {
        switch event {
        case .started(let total):
            depth += 1
            guard depth == 1 else { return }
            self.total = total
            done = 0
            label = ""
            start = now()
            lastDraw = -Double.infinity
        case .advanced(let done, _, let label):
            guard depth == 1 else { return }
            self.done = done
            self.label = label
            let t = now()
            if total >= 2, t - start >= delay, t - lastDraw >= 0.1 { draw() }
        case .finished:
            depth -= 1
            guard depth == 0, visible else { return }
            write("\r\u{1B}[K")
            visible = false
        }
    }

    private func draw() {
        let t = now()
        lastDraw = t
        visible = true
        write("\r" + ProgressBar.line(done: done, total: total, elapsed: t - start, label: label, width: width()) + "\u{1B}[K")
    }

    /// Columns of the terminal on standard error (`COLUMNS`, else 80, when unknown).
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }
}
