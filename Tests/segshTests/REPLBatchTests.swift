import Foundation
import Testing

/// `parallel for` at the prompt: `:jobs`, output in input order, Ctrl-C stopping every worker.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx"), "needs pseudo-terminals"))
struct REPLBatchTests {
    @Test func jobsCommandAndOrderedOutput() throws {
        let sandbox = try REPLTerminalTests.Sandbox()
        let pty = try sandbox.start()
        pty.send(":jobs\r")
        try pty.expect("jobs: 1")
        pty.send(":jobs 2\r")
        try pty.expect("jobs: 2")
        try pty.expect("segsh> ")
        pty.send("r = parallel for x in [3, 1, 2] {\r")
        try pty.expect("  ...> ")
        pty.send("print(\"item\", x)\r")
        try pty.expect("  ...> ")
        pty.send("x * 10 }\r")
        try pty.expect("item 3\r\nitem 1\r\nitem 2\r\n")
        try pty.expect("segsh> ")
        pty.send("r\r")
        try pty.expect("[30, 10, 20]")
        pty.send(":jobs zero\r")
        try pty.expect("usage: :jobs N")
        pty.settle()
        pty.send("\u{04}")
        #expect(try pty.waitForExit() == 0)
    }

    @Test func ctrlCStopsEveryWorker() throws {
        let sandbox = try REPLTerminalTests.Sandbox()
        let pty = try sandbox.start()
        pty.send(":jobs 2\r")
        try pty.expect("segsh> ")
        pty.send("n = 7\r")
        try pty.expect("segsh> ")
        pty.send("parallel for i in range(4) { while true { i = i } }\r")
        Thread.sleep(forTimeInterval: 0.3)
        pty.send("\u{03}")
        try pty.expect("interrupted")
        try pty.expect("in iteration 0 (i = 0)")
        try pty.expect("segsh> ")
        pty.send("n + 1\r")
        try pty.expect("\r\n8\r\n")
        pty.settle()
        pty.send("\u{04}")
        #expect(try pty.waitForExit() == 0)
    }
}
