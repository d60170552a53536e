#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CEditLine
import Foundation

/// What reading one line gave.
enum ReadResult: Equatable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C: the line being typed is discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of the input.
    case end
}

/// A source of input lines for the REPL.
protocol LineReader: AnyObject {
    /// Reads one line, showing `prompt` first (when interactive).
    func read(prompt: String) -> ReadResult
}

/// Reads lines from a non-terminal stdin (`segsh < script.seg`): no editing, no prompts.
final class PlainLineReader: LineReader {
    func read(prompt: String) -> ReadResult {
        guard let line = readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }
}

/// Line editing over libedit: emacs keys, history saved across sessions, tab completion.
///
/// C callbacks (prompt, key reader, completion) reach this object through
/// `EL_CLIENTDATA` as an unretained `Unmanaged` pointer; the editor outlives them.
final class LineEditor: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var prompt: UnsafeMutablePointer<CChar>
    /// Computes completions from the text before the cursor.
    let completer: (String) -> Completer.Result

    /// The history file: `$XDG_STATE_HOME/segsh/history`, default
    /// `~/.local/state/segsh/history`.
    static func defaultHistoryPath(environment: [String: String]) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() + "/.local/state"
        return state + "/segsh/history"
    }

    /// The most history entries kept.
    static let historySize: Int32 = 1000

    init(historyPath: String?, completer: @escaping (String) -> Completer.Result) {
        self.historyPath = historyPath
        self.completer = completer
        setlocale(LC_CTYPE, "")
        editLine = el_init("segsh", segsh_stdin(), segsh_stdout(), segsh_stderr())
        history = segsh_history_new()
        prompt = strdup("segsh> ")
        segsh_history_set_size(history, Self.historySize)
        segsh_history_set_unique(history, 1)
        if let historyPath { segsh_history_load(history, historyPath) }

        segsh_el_set_editor(editLine, "emacs")
        // segsh handles SIGINT itself; libedit's handler would re-raise it to the group.
        segsh_el_set_signal(editLine, 0)
        segsh_el_set_history(editLine, history)
        segsh_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        segsh_el_set_prompt(editLine) { el in
            LineEditor.from(el)?.prompt
        }
        segsh_el_set_getcfn(editLine) { el, character in
            LineEditor.readCharacter(character)
        }
        segsh_el_add_function(editLine, "segsh-complete", "complete names and paths") { el, _ in
            LineEditor.from(el)?.completeAtCursor() ?? UInt8(CC_ERROR)
        }
        segsh_el_bind(editLine, "^I", "segsh-complete")
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(prompt)
    }

    private static func from(_ el: OpaquePointer?) -> LineEditor? {
        guard let el, let data = segsh_el_get_clientdata(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    func read(prompt text: String) -> ReadResult {
        free(prompt)
        prompt = strdup(text)
        var count: Int32 = 0
        let line = el_gets(editLine, &count)
        if Interrupt.pending {
            Terminal.write([0x5E, 0x43, 0x0A])  // "^C\n": the terminal does not echo it in raw mode
            return .interrupted
        }
        guard let line, count > 0 else {
            Terminal.write([0x0A])
            return .end
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        if !text.trimmingCharacters(in: .whitespaces).isEmpty { remember(text) }
        return .line(text)
    }

    /// Adds a line to the history and saves the file at once, so a second session sees it
    /// even if this one is killed; the folder is created and the file kept private.
    private func remember(_ line: String) {
        segsh_history_enter(history, line)
        guard let historyPath else { return }
        let folder = (historyPath as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let old = umask(0o077)
        segsh_history_save(history, historyPath)
        umask(old)
        chmod(historyPath, 0o600)
    }

    /// Reads one key (a UTF-8 sequence) from stdin; a Ctrl-C while waiting ends the read
    /// with -1 so that `el_gets` returns at once.
    private static func readCharacter(_ out: UnsafeMutablePointer<wchar_t>?) -> Int32 {
        // A Ctrl-C pressed while the prompt was being drawn (libedit draws it before it
        // switches the terminal to raw mode) interrupted no read: honour it here.
        if Interrupt.pending { return -1 }
        func byte() -> Int? {
            var b: UInt8 = 0
            while true {
                #if canImport(Glibc)
                let n = Glibc.read(0, &b, 1)
                #else
                let n = Darwin.read(0, &b, 1)
                #endif
                if n == 1 { return Int(b) }
                if n < 0 && errno == EINTR && !Interrupt.pending { continue }
                return nil
            }
        }
        guard let first = byte() else { return Interrupt.pending ? -1 : 0 }
        var scalar = first
        var extra = 0
        switch first {
        case 0xC0...0xDF: scalar = first & 0x1F; extra = 1
        case 0xE0...0xEF: scalar = first & 0x0F; extra = 2
        case 0xF0...0xF7: scalar = first & 0x07; extra = 3
        default: break
        }
        for _ in 0..<extra {
            guard let next = byte() else { return -1 }
            scalar = (scalar << 6) | (next & 0x3F)
        }
        out?.pointee = wchar_t(scalar)
        return 1
    }

    /// The `segsh-complete` editor command: inserts the completion, lists the choices.
    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(editLine) else { return UInt8(CC_ERROR) }
        let start = UnsafeRawPointer(info.pointee.buffer!)
        let cursor = UnsafeRawPointer(info.pointee.cursor!)
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        let result = completer(before)
        if !result.insert.isEmpty { el_insertstr(editLine, result.insert) }
        if !result.choices.isEmpty {
            Terminal.write(Array(("\n" + Self.columns(result.choices) + "\n").utf8))
            return UInt8(CC_REDISPLAY)
        }
        return UInt8(result.insert.isEmpty ? CC_REFRESH_BEEP : CC_REFRESH)
    }

    /// Choices laid out in columns across an 80-column line.
    static func columns(_ choices: [String]) -> String {
        let width = (choices.map(\.count).max() ?? 0) + 2
        let perLine = max(1, 80 / width)
        return stride(from: 0, to: choices.count, by: perLine).map { start in
            choices[start..<min(choices.count, start + perLine)]
                .map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined()
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
