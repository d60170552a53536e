import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SegScript
import Synchronization

/// Set by the SIGINT handler; read and cleared by the REPL. A global `let` so that the
/// handler reaches it without locks or allocation (an atomic store is async-signal-safe).
let interruptFlag = Atomic<Bool>(false)

/// The cancellation token of the REPL's interpreter, also a global `let` for the SIGINT
/// handler: `cancel()` is one relaxed atomic store.
let replCancellation = CancellationToken()

/// SIGINT (Ctrl-C) handling for the REPL: the handler only sets ``interruptFlag`` and
/// cancels ``replCancellation``. Without `SA_RESTART`, a blocked `read()` at the prompt
/// fails with `EINTR`, which ends the line being edited.
enum Interrupt {
    /// Installs the handler (once, at start).
    static func install() {
        _ = interruptFlag.load(ordering: .relaxed)
        _ = replCancellation.isCancelled
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in
            interruptFlag.store(true, ordering: .relaxed)
            replCancellation.cancel()
        }
        #else
        action.__sigaction_u.__sa_handler = { _ in
            interruptFlag.store(true, ordering: .relaxed)
            replCancellation.cancel()
        }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Whether Ctrl-C was pressed since the last ``clear()``.
    static var pending: Bool { interruptFlag.load(ordering: .relaxed) }

    /// Forgets any Ctrl-C and resets the token before the next input runs.
    static func clear() {
        interruptFlag.store(false, ordering: .relaxed)
        replCancellation.reset()
    }
}

/// Unbuffered writes to stdout and stderr (file descriptors 1 and 2), so that text,
/// pictures and libedit's own output never interleave out of order.
enum Terminal {
    /// Writes all of `bytes` to `fd`, retrying after signals.
    static func write(_ bytes: [UInt8], fd: Int32 = 1) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }

    /// Columns of the terminal on `fd` (`COLUMNS`, else 80, when it is not a terminal).
    static func columns(fd: Int32 = 1) -> Int {
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }

    static func writeLine(_ text: String) {
        write(Array((text + "\n").utf8))
    }

    static func writeError(_ text: String) {
        write(Array((text.hasSuffix("\n") ? text : text + "\n").utf8), fd: 2)
    }

    /// Writes a rendered picture in chunks; on Ctrl-C it stops and, if the picture is a
    /// sixel (a DCS string), closes it with `ESC \` so the terminal leaves graphics mode.
    static func writePicture(_ bytes: [UInt8], isInterrupted: () -> Bool,
                             write: ([UInt8]) -> Void = { Terminal.write($0) }) {
        let chunk = 4096
        // Where the sixel's DCS string ends (just after its `ESC \`), if it is one.
        var dcsEnd = 0
        if bytes.starts(with: [0x1B, 0x50]) {
            dcsEnd = bytes.count
            for i in 2..<max(2, bytes.count - 1) where bytes[i] == 0x1B && bytes[i + 1] == 0x5C {
                dcsEnd = i + 2
                break
            }
        }
        var offset = 0
        while offset < bytes.count {
            if isInterrupted() {
                if offset < dcsEnd {
                    write([0x1B, 0x5C, 0x0A])
                } else {
                    write(Array("\u{1B}[0m\n".utf8))
                }
                return
            }
            let end = min(bytes.count, offset + chunk)
            write(Array(bytes[offset..<end]))
            offset = end
        }
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, p, n)
        #else
        Darwin.write(fd, p, n)
        #endif
    }
}
