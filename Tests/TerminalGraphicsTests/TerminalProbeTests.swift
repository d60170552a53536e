#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TerminalGraphics

/// A pseudo-terminal: the probe talks to `terminal` (the slave side), the test plays the
/// terminal emulator on `emulator` (the master side).
private final class PseudoTerminal: @unchecked Sendable {
    let emulator: Int32
    let terminal: Int32

    init() throws {
        emulator = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(emulator >= 0)
        // unlockpt/ptsname need _XOPEN_SOURCE, which Swift's Glibc module lacks: use the
        // Linux ioctls directly (TIOCSPTLCK, TIOCGPTN).
        var unlock: Int32 = 0
        var number: UInt32 = 0
        try #require(ioctl(emulator, UInt(0x4004_5431), &unlock) == 0)
        try #require(ioctl(emulator, UInt(0x8004_5430), &number) == 0)
        terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
    }

    deinit {
        close(terminal)
        close(emulator)
    }

    /// Everything the probe sent, read within `timeout` ms.
    func readQueries(timeout: Int32 = 1000) -> [UInt8] {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while !collected.ends(with: Array("\u{1B}[c".utf8)) {
            var pfd = pollfd(fd: emulator, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, timeout) > 0 else { break }
            let n = buffer.withUnsafeMutableBytes { read(emulator, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            collected += buffer[0..<n]
        }
        return collected
    }

    func reply(_ text: String) {
        _ = TerminalIO.writeAll(emulator, Array(text.utf8))
    }

    func localFlags() -> tcflag_t {
        var t = termios()
        _ = tcgetattr(terminal, &t)
        return t.c_lflag
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}

@Suite("TerminalProbe", .serialized)
struct TerminalProbeTests {
    /// Runs the probe on the pty while `emulate` answers from another thread.
    private func probe(budget: Duration = .milliseconds(200),
                       emulate: @escaping @Sendable (PseudoTerminal) -> Void) throws -> (TerminalProbe.Result, Duration, PseudoTerminal) {
        let pty = try PseudoTerminal()
        let thread = Thread { emulate(pty) }
        thread.start()
        let start = ContinuousClock.now
        let result = TerminalProbe(input: pty.terminal, output: pty.terminal, budget: budget).run()
        let elapsed = ContinuousClock.now - start
        return (result, elapsed, pty)
    }

    @Test func readsSplitRepliesAndStopsAtDA1() throws {
        let before = try PseudoTerminal()
        let (result, _, pty) = try probe { pty in
            let queries = pty.readQueries()
            guard queries == TerminalProbe.queries else { return }
            pty.reply("\u{1B}[?1;0;25")
            usleep(20_000)
            pty.reply("6S\u{1B}[?2;0;1100;1160S\u{1B}[6;20;10t")
            usleep(20_000)
            pty.reply("\u{1B}[4;1160;1100t\u{1B}[?63;1;2;4;6;9;15;16;22;28c")
        }
        #expect(result.complete)
        #expect(result.skipped == nil)
        #expect(result.replies.supportsSixel)
        #expect(result.replies.colorRegisters == 256)
        #expect(result.replies.sixelGeometry == PixelSize(width: 1100, height: 1160))
        #expect(result.replies.cellSize == PixelSize(width: 10, height: 20))
        #expect(result.replies.windowSize == PixelSize(width: 1100, height: 1160))
        // Echo and canonical mode are back as they were.
        #expect(pty.localFlags() == before.localFlags())
    }

    @Test func noReplyTimesOutWithinTheBudget() throws {
        let (result, elapsed, pty) = try probe(budget: .milliseconds(150)) { pty in _ = pty.readQueries() }
        #expect(!result.complete)
        #expect(result.replies == TerminalReplies())
        #expect(elapsed >= .milliseconds(140))
        #expect(elapsed < .milliseconds(900))
        #expect(pty.localFlags() & tcflag_t(ICANON | ECHO) == tcflag_t(ICANON | ECHO))
    }

    @Test func partialReplyAfterTimeoutIsFlushed() throws {
        let (result, _, pty) = try probe(budget: .milliseconds(100)) { pty in
            _ = pty.readQueries()
            pty.reply("\u{1B}[?1;0;256S\u{1B}[?6")
        }
        #expect(!result.complete)
        #expect(result.replies.colorRegisters == 256)
        // The half reply did not stay in the input queue for the line editor.
        var pfd = pollfd(fd: pty.terminal, events: Int16(POLLIN), revents: 0)
        #expect(poll(&pfd, 1, 50) == 0)
    }

    @Test func typeaheadAfterDA1StaysForTheLineEditor() throws {
        let (result, _, pty) = try probe { pty in
            _ = pty.readQueries()
            pty.reply("\u{1B}[?64;1;2;6;9;15;18;21;22c")
            usleep(50_000)
            pty.reply("ls\n")
        }
        #expect(result.complete)
        #expect(!result.replies.supportsSixel)
        usleep(100_000)
        var buffer = [UInt8](repeating: 0, count: 16)
        var pfd = pollfd(fd: pty.terminal, events: Int16(POLLIN), revents: 0)
        try #require(poll(&pfd, 1, 500) > 0)
        let n = buffer.withUnsafeMutableBytes { read(pty.terminal, $0.baseAddress, $0.count) }
        #expect(Array(buffer[0..<max(0, n)]) == Array("ls\n".utf8))
    }

    @Test func skipsWhenNotATerminal() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let result = TerminalProbe(input: fds[0], output: fds[1]).run()
        #expect(result.skipped == "not a terminal")
        #expect(!result.complete)
    }

    @Test func detectFillsCapabilitiesFromTheProbe() throws {
        let pty = try PseudoTerminal()
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(pty.terminal, UInt(TIOCSWINSZ), &size)
        let thread = Thread {
            _ = pty.readQueries()
            pty.reply("\u{1B}[?1;0;16S\u{1B}[6;16;8t\u{1B}[?62;4c")
        }
        thread.start()
        let caps = TerminalCapabilities.detect(mode: .auto, input: pty.terminal, output: pty.terminal,
                                               environment: ["COLORTERM": "truecolor", "TERM": "xterm"])
        #expect(caps.sixel)
        #expect(caps.colorRegisters == 16)
        #expect(caps.cellSize == PixelSize(width: 8, height: 16))
        #expect(caps.columns == 100 && caps.rows == 30)
        #expect(caps.truecolor)
        // Blocks mode never probes.
        let blocks = TerminalCapabilities.detect(mode: .blocks, input: pty.terminal, output: pty.terminal, environment: [:])
        #expect(!blocks.sixel)
        #expect(!blocks.truecolor)
    }
}
