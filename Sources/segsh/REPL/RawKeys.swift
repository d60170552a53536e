#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

// The terminal mode to put back, kept where a signal handler can reach it without locks:
// tcsetattr and write are async-signal-safe. Written only by `RawKeys.enter` on the main
// thread before `rawModeActive` is set, read by the handler only while it is set.
nonisolated(unsafe) private let savedTerminalMode = UnsafeMutablePointer<termios>.allocate(capacity: 1)
private let rawModeActive = Atomic<Bool>(false)

/// Reads single key presses from stdin for `tweak`: the terminal in raw mode (no echo, no
/// line buffering), the cursor hidden, and both put back on every way out: ``restore()``
/// on normal and error paths, and a handler for SIGTERM, SIGHUP and SIGQUIT that restores
/// the mode before the signal takes its default action. Ctrl-C stays a signal (the REPL's
/// handler cancels a recomputation in progress); Ctrl-Z and Ctrl-\ are off meanwhile.
///
///     guard RawKeys.enter() else { … }
///     defer { RawKeys.restore() }
///     let bytes = RawKeys.read(timeout: 0.1)
enum RawKeys {
    private static let restoredSignals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT]

    /// Switches stdin to raw mode and hides the cursor; false (nothing changed) when
    /// stdin is not a terminal.
    static func enter() -> Bool {
        guard isatty(0) == 1, tcgetattr(0, savedTerminalMode) == 0 else { return false }
        var raw = savedTerminalMode.pointee
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ECHONL | IEXTEN)
        raw.c_iflag &= ~tcflag_t(ICRNL | INLCR | IXON)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
            // Ctrl-Z would stop segsh with the terminal left raw; Ctrl-\ would dump core.
            cc[Int(VSUSP)] = 0
            cc[Int(VQUIT)] = 0
        }
        guard tcsetattr(0, TCSANOW, &raw) == 0 else { return false }
        rawModeActive.store(true, ordering: .sequentiallyConsistent)
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { signal in RawKeys.restoreFromSignal(signal) }
        #else
        action.__sigaction_u.__sa_handler = { signal in RawKeys.restoreFromSignal(signal) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        for s in restoredSignals { sigaction(s, &action, nil) }
        Terminal.write(hideCursor)
        return true
    }

    /// Puts the terminal mode and the cursor back and the signal actions to their
    /// defaults. Safe to call twice.
    static func restore() {
        guard rawModeActive.exchange(false, ordering: .sequentiallyConsistent) else { return }
        _ = tcsetattr(0, TCSANOW, savedTerminalMode)
        for s in restoredSignals { signal(s, SIG_DFL) }
        Terminal.write(showCursor)
    }

    private static let hideCursor: [UInt8] = Array("\u{1B}[?25l".utf8)
    private static let showCursor: [UInt8] = Array("\u{1B}[?25h".utf8)

    private static func restoreFromSignal(_ signalNumber: Int32) {
        if rawModeActive.exchange(false, ordering: .sequentiallyConsistent) {
            _ = tcsetattr(0, TCSANOW, savedTerminalMode)
            "\u{1B}[?25h\n".utf8CString.withUnsafeBufferPointer { p in
                #if canImport(Glibc)
                _ = Glibc.write(1, p.baseAddress, p.count - 1)
                #else
                _ = Darwin.write(1, p.baseAddress, p.count - 1)
                #endif
            }
        }
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
    }

    /// Waits up to `timeout` seconds for input and returns what is there (everything
    /// available, so held keys arrive together); empty on timeout or Ctrl-C, nil at
    /// the end of the input.
    static func read(timeout: Double) -> [UInt8]? {
        var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(max(0, timeout * 1000)))
        if ready < 0 { return errno == EINTR ? [] : nil }
        if ready == 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: 1024)
        var bytes: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                #if canImport(Glibc)
                Glibc.read(0, raw.baseAddress, raw.count)
                #else
                Darwin.read(0, raw.baseAddress, raw.count)
                #endif
            }
            if n < 0 { return errno == EINTR ? bytes : (bytes.isEmpty ? nil : bytes) }
            if n == 0 { return bytes.isEmpty ? nil : bytes }
            bytes += buffer[..<n]
            // More already waiting (a held key's repeats): take it now.
            var more = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard n == buffer.count || poll(&more, 1, 0) > 0 else { return bytes }
        }
    }
}
