#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks a terminal what it can draw: sixel support, colour registers, sixel geometry,
/// cell and window size in pixels.
///
/// Sends, in one write, XTSMGRAPHICS for the colour registers (`CSI ? 1 ; 1 ; 0 S`) and
/// the sixel geometry (`CSI ? 2 ; 1 ; 0 S`), `CSI 16 t` (cell size), `CSI 14 t` (text area
/// size) and DA1 (`CSI c`) last. Every terminal answers DA1, and answers in order, so the
/// DA1 reply marks the end of all replies: reading stops there. Replies are read with
/// echo, canonical mode and signal keys off, and the previous terminal mode is restored on
/// every path;
/// when DA1 did not arrive within the budget, pending input is flushed with the restore so
/// that partial replies do not reach the line editor.
///
/// ```swift
/// let result = TerminalProbe(input: 0, output: 1).run()
/// if result.replies.supportsSixel { … }
/// ```
public struct TerminalProbe: Sendable {
    /// The query bytes, DA1 last.
    public static let queries: [UInt8] = Array("\u{1B}[?1;1;0S\u{1B}[?2;1;0S\u{1B}[16t\u{1B}[14t\u{1B}[c".utf8)

    /// The terminal's input (replies arrive here); must be a terminal.
    public var input: Int32
    /// The terminal's output (queries go here).
    public var output: Int32
    /// The most time to wait for all replies.
    public var budget: Duration

    /// A probe of the terminal on `input`/`output`, waiting at most `budget` (200 ms).
    public init(input: Int32 = 0, output: Int32 = 1, budget: Duration = .milliseconds(200)) {
        self.input = input
        self.output = output
        self.budget = budget
    }

    /// What a probe found.
    public struct Result: Sendable, Equatable {
        /// The replies that arrived (all `nil` when none did).
        public var replies: TerminalReplies
        /// True when the DA1 reply arrived, so every reply was read.
        public var complete: Bool
        /// Why nothing was asked, when the probe did not run (not a terminal, write failed).
        public var skipped: String?

        public init(replies: TerminalReplies = TerminalReplies(), complete: Bool = false, skipped: String? = nil) {
            self.replies = replies
            self.complete = complete
            self.skipped = skipped
        }
    }

    /// Sends the queries and reads the replies within ``budget``.
    ///
    /// - Returns: the replies; `complete` is false after a timeout, `skipped` is set when
    ///   `input` or `output` is not a terminal or the terminal mode could not be changed.
    public func run() -> Result {
        guard isatty(input) == 1, isatty(output) == 1 else {
            return Result(skipped: "not a terminal")
        }
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else {
            return Result(skipped: "cannot read the terminal mode")
        }
        var raw = saved
        // Echo off so replies never reach the screen; canonical mode off so they can be
        // read before a newline; signal keys off so that a Ctrl-C in these 200 ms cannot
        // kill the process before the mode is restored (it is read and dropped instead).
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ECHONL | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSANOW, &raw) == 0 else {
            return Result(skipped: "cannot change the terminal mode")
        }
        var parser = TerminalReplyParser()
        defer {
            // Without DA1, replies may be half read: flush what is pending.
            _ = tcsetattr(input, parser.sawPrimaryAttributes ? TCSANOW : TCSAFLUSH, &saved)
        }
        guard TerminalIO.writeAll(output, Self.queries) else {
            return Result(skipped: "cannot write to the terminal")
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: budget)
        var buffer = [UInt8](repeating: 0, count: 512)
        while !parser.sawPrimaryAttributes {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            let ms = remaining.components.seconds * 1000 + (remaining.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            var pfd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(clamping: ms))
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 { break }
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                break
            }
            if n == 0 { break }
            parser.consume(buffer[0..<n])
        }
        return Result(replies: parser.replies, complete: parser.sawPrimaryAttributes)
    }
}

/// Small POSIX helpers shared by the probe and the sinks.
enum TerminalIO {
    /// Writes all of `bytes` to `fd`, retrying after interrupts; false on error.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// Columns, rows and pixel size from `TIOCGWINSZ`; nil when `fd` is not a terminal.
    static func windowSize(_ fd: Int32) -> (columns: Int, rows: Int, xPixels: Int, yPixels: Int)? {
        var ws = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0 else { return nil }
        return (Int(ws.ws_col), Int(ws.ws_row), Int(ws.ws_xpixel), Int(ws.ws_ypixel))
    }
}
