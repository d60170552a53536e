#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a program on a new pseudo-terminal, as if a person typed into it: the child is a
/// session leader with the pty as its controlling terminal, so Ctrl-C (`\u{03}`) sent to
/// the master becomes a SIGINT, exactly as in a terminal emulator.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// glibc's POSIX_SPAWN_SETSID (a GNU extension, not visible to Swift).
    static let spawnSetSID: Int32 = 0x80

    let master: Int32
    let pid: pid_t
    /// Everything the program wrote so far.
    private(set) var output: [UInt8] = []
    /// Where the next ``expect(_:timeout:)`` starts looking.
    private var mark = 0

    /// Starts `path` with `arguments` and exactly `environment`, in `directory`.
    init(_ path: String, arguments: [String] = [], environment: [String: String], directory: String? = nil) throws {
        // posix_openpt/unlockpt/ptsname need _XOPEN_SOURCE, which Swift's Glibc module
        // lacks: do what they do with the Linux ioctls (TIOCSPTLCK, TIOCGPTN).
        let fd = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard fd >= 0, ioctl(fd, 0x4004_5431, &unlock) == 0, ioctl(fd, 0x8004_5430, &number) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)")
        }
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: 24, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(fd, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid (done first by posix_spawn), opening the slave without O_NOCTTY
        // makes it the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, fd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(Self.spawnSetSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        // posix_spawn_file_actions_addchdir_np is hidden too: a shell changes folder.
        let command = ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory ?? "."] + [path] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(fd)
            throw Failure(description: "cannot start \(path): error \(status)")
        }
        master = fd
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Types `text` (use `\r` for Enter, `\u{03}` for Ctrl-C, `\u{04}` for Ctrl-D).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(master, $0.baseAddress, $0.count) }
    }

    /// Waits a moment after a prompt appeared before a control key: libedit draws the
    /// prompt a little before it puts the terminal in raw mode, and a Ctrl-D typed ahead in
    /// cooked mode reaches it as a NUL byte instead of end-of-file (as in a real terminal).
    func settle() {
        Thread.sleep(forTimeInterval: 0.1)
    }

    /// Reads output until `text` appears after the previous match, or `timeout` passes.
    ///
    /// - Returns: the output between the previous match and the end of this one.
    @discardableResult
    func expect(_ text: String, timeout: Double = 15) throws -> String {
        let needle = Array(text.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = find(needle, from: mark) {
                let seen = String(decoding: output[mark..<range.upperBound], as: UTF8.self)
                mark = range.upperBound
                return seen
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                let tail = String(decoding: output[mark...], as: UTF8.self)
                throw Failure(description: "timed out waiting for \(text.debugDescription); output since the last match: \(tail.debugDescription)")
            }
            guard readSome(timeout: min(left, 0.1)) else {
                if let range = find(needle, from: mark) { mark = range.upperBound; continue }
                let tail = String(decoding: output[mark...], as: UTF8.self)
                throw Failure(description: "the program ended before \(text.debugDescription); output: \(tail.debugDescription)")
            }
        }
    }

    /// Waits for the program to exit (reading its output meanwhile); its exit status.
    func waitForExit(timeout: Double = 15) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                while readSome(timeout: 0) {}
                return (status >> 8) & 0xFF
            }
            _ = readSome(timeout: 0.05)
        }
        throw Failure(description: "the program did not exit")
    }

    /// Reads what is available within `timeout`; false once the program closed the pty.
    private func readSome(timeout: Double) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(timeout * 1000))
        guard ready > 0 else { return ready == 0 }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        output += buffer[..<n]
        return true
    }

    private func find(_ needle: [UInt8], from start: Int) -> Range<Int>? {
        guard needle.count <= output.count - start else { return nil }
        var i = start
        while i + needle.count <= output.count {
            if output[i] == needle[0] && Array(output[i..<i + needle.count]) == needle { return i..<i + needle.count }
            i += 1
        }
        return nil
    }
}
