import Foundation
import Testing

/// `:run FILE` in the REPL honours notebook cells, as `segsh run` does.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx"), "needs pseudo-terminals"))
struct REPLNotebookTests {
    @Test func runExecutesCellsUntilOneFails() throws {
        let sandbox = try REPLTerminalTests.Sandbox()
        try """
            ## # A notebook
            %% One
            a = 20
            print("one", a)
            %% Two
            b = a + missing
            %% Three
            print("three")
            %% Four
            c = (1 +
            """.write(toFile: sandbox.root + "/work/nb.seg", atomically: true, encoding: .utf8)
        let pty = try sandbox.start()
        pty.send(":run nb.seg\r")
        try pty.expect("one 20")
        try pty.expect("nb.seg:6:9, in cell 2 \"Two\"")
        let rest = try pty.expect("in cell 4 \"Four\"")
        try pty.expect("segsh> ")
        #expect(!rest.contains("three"))
        // The first cell's variables stay defined.
        pty.send("a * 2\r")
        try pty.expect("\r\n40\r\n")
        try pty.expect("segsh> ")
        pty.settle()
        pty.send("\u{04}")
        #expect(try pty.waitForExit() == 0)
    }
}
