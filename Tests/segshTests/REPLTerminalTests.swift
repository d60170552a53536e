import Foundation
import Testing

/// The REPL driven through a pseudo-terminal, as a person would use it: prompts,
/// continuation lines, completion, history across sessions, Ctrl-C, `:save`.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx"), "needs pseudo-terminals"))
struct REPLTerminalTests {
    /// The `segsh` binary next to this test executable.
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // On macOS the tests run inside a .xctest bundle.
        while folder.path.contains(".xctest") { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("segsh").path
    }()

    /// A private state folder (history) and working folder for one test.
    final class Sandbox {
        let root: String
        init() throws {
            root = NSTemporaryDirectory() + "segsh-repl-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/work", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        var environment: [String: String] {
            ["TERM": "xterm", "HOME": root, "XDG_STATE_HOME": root + "/state", "SEGSH_GRAPHICS": "blocks",
             "LANG": "C.UTF-8", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
        }

        func start() throws -> PseudoTerminal {
            let pty = try PseudoTerminal(REPLTerminalTests.binary, environment: environment, directory: root + "/work")
            try pty.expect("segsh> ")
            return pty
        }
    }

    @Test func continuationLinesAndForLoop() throws {
        let sandbox = try Sandbox()
        let pty = try sandbox.start()
        pty.send("x = 1 +\r")
        try pty.expect("  ...> ")
        pty.send("2\r")
        try pty.expect("segsh> ")
        pty.send("x\r")
        try pty.expect("\r\n3\r\n")
        try pty.expect("segsh> ")
        pty.send("for i in range(3) {\r")
        try pty.expect("  ...> ")
        pty.send("print(i * 10)\r")
        try pty.expect("  ...> ")
        pty.send("}\r")
        try pty.expect("0\r\n10\r\n20\r\n")
        try pty.expect("segsh> ")
        pty.settle()
        pty.send("\u{04}")
        #expect(try pty.waitForExit() == 0)
    }

    @Test func completesBuiltinsVariablesAndPaths() throws {
        let sandbox = try Sandbox()
        _ = FileManager.default.createFile(atPath: sandbox.root + "/work/Tutorial_one.seg", contents: Data())
        let pty = try sandbox.start()
        // A builtin completes with its parenthesis: only then does the call print.
        pty.send("pri\t")
        try pty.expect("nt(")
        pty.send("\"hello\")\r")
        try pty.expect("\r\nhello\r\n")
        try pty.expect("segsh> ")
        pty.send("tally = 5\r")
        try pty.expect("segsh> ")
        pty.send("tal\t\r")
        try pty.expect("\r\n5\r\n")
        try pty.expect("segsh> ")
        // A file path inside a string literal, closed by its quote.
        pty.send("f = \"Tut\t\r")
        try pty.expect("segsh> ")
        pty.send("f\r")
        try pty.expect("\"Tutorial_one.seg\"")
        // Parameter names inside a builtin's parentheses.
        pty.send("range(0, sto\t")
        try pty.expect("p: ")
        pty.send("3)\r")
        try pty.expect("[0, 1, 2]")
        // The REPL commands.
        pty.send(":va\t\r")
        try pty.expect("tally")
    }

    @Test func historyIsRecalledInTheNextSession() throws {
        let sandbox = try Sandbox()
        let first = try sandbox.start()
        first.send("y = 40 + 2\r")
        try first.expect("segsh> ")
        first.settle()
        first.send("\u{04}")
        #expect(try first.waitForExit() == 0)

        let history = sandbox.root + "/state/segsh/history"
        let attributes = try FileManager.default.attributesOfItem(atPath: history)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let second = try sandbox.start()
        second.send("\u{1B}[A")
        try second.expect("y = 40 + 2")
        second.send("\r")
        try second.expect("segsh> ")
        second.send("y\r")
        try second.expect("\r\n42\r\n")
    }

    @Test func ctrlCStopsALoopAndKeepsVariables() throws {
        let sandbox = try Sandbox()
        let pty = try sandbox.start()
        pty.send("n = 7\r")
        try pty.expect("segsh> ")
        pty.send("while true { n = n }\r")
        Thread.sleep(forTimeInterval: 0.3)
        let pressed = Date()
        pty.send("\u{03}")
        try pty.expect("interrupted")
        let latency = Date().timeIntervalSince(pressed)
        try pty.expect("segsh> ")
        // Debug builds and a busy machine: the 200 ms target is checked by hand in release.
        #expect(latency < 2, "Ctrl-C took \(latency) s")
        pty.send("n\r")
        try pty.expect("\r\n7\r\n")
        try pty.expect("segsh> ")
        // Ctrl-C at the prompt discards the line being typed.
        pty.send("garbage")
        try pty.expect("garbage")
        pty.send("\u{03}")
        try pty.expect("segsh> ")
        pty.send("n + 1\r")
        try pty.expect("\r\n8\r\n")
    }

    @Test func saveWritesAReplayableScript() throws {
        let sandbox = try Sandbox()
        let pty = try sandbox.start()
        let lines = ["a = 2", "b = a * 3", "bad = nope", "print(a + b)", "for i in range(2) {", "print(i * b)", "}", "b"]
        for line in lines { pty.send(line + "\r") }
        pty.send(":save session.seg\r")
        let transcript = try pty.expect("saved 5 statements to session.seg")
        #expect(transcript.contains("undefined variable 'nope'"))
        pty.send(":quit\r")
        #expect(try pty.waitForExit() == 0)

        let saved = try String(contentsOfFile: sandbox.root + "/work/session.seg", encoding: .utf8)
        #expect(!saved.contains("nope"))
        #expect(saved.contains("for i in range(2) {\nprint(i * b)\n}"))

        // The echoed `b` is saved as `show(b)`, so that `segsh run` (which echoes
        // nothing) prints it too; `segsh < file` gives the same output.
        #expect(saved.hasSuffix("show(b)\n"))
        for arguments in [[], ["run", "session.seg"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: sandbox.root + "/work")
            process.environment = sandbox.environment
            process.standardInput = FileHandle(forReadingAtPath: sandbox.root + "/work/session.seg")
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "segsh \(arguments)")
            #expect(String(decoding: data, as: UTF8.self) == "8\n0\n6\n6\n", "segsh \(arguments)")
        }
        // The same output as in the interactive session.
        #expect(transcript.contains("8\r\n"))
        #expect(transcript.contains("0\r\n6\r\n"))
    }
}
