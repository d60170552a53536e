import Foundation
import Testing

/// `tweak` driven through a pseudo-terminal: keys change the param and what depends on it,
/// the picture is redrawn in place, Esc and Ctrl-C put the old value back.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx"), "needs pseudo-terminals"))
struct REPLTweakTests {
    static let right = "\u{1B}[C"

    /// A session with a param, a value and a picture that depend on it (blocks mode).
    func start(_ sandbox: REPLTerminalTests.Sandbox) throws -> PseudoTerminal {
        let pty = try sandbox.start()
        for line in ["param t = 100", "img = sample(\"cells\", width: 96, height: 96)", "y = t * 2", "m = img > t", "m"] {
            pty.send(line + "\r")
            try pty.expect("segsh> ")
        }
        return pty
    }

    @Test func arrowsAndEnterKeepTheNewValue() throws {
        let sandbox = try REPLTerminalTests.Sandbox()
        let pty = try start(sandbox)
        pty.send("tweak t\r")
        try pty.expect("Esc undo")
        for _ in 0..<3 {
            pty.send(Self.right)
            Thread.sleep(forTimeInterval: 0.15)
        }
        pty.send("\r")
        try pty.expect("t = 103 (was 100)")
        try pty.expect("segsh> ")
        pty.send("print(t, y)\r")
        try pty.expect("103 206\r\n")
        // The picture's statement reran too: at the top of the range the mask is empty.
        pty.send("tweak t\r")
        try pty.expect("Esc undo")
        pty.send("\u{1B}[F\r")
        try pty.expect("t = 255 (was 103)")
        pty.send("print(count(m), y)\r")
        try pty.expect("0 510\r\n")
        // :save records the kept value in the declaration.
        pty.send(":save s.seg\r")
        try pty.expect("saved")
        let saved = try String(contentsOfFile: sandbox.root + "/work/s.seg", encoding: .utf8)
        #expect(saved.contains("param t = 255\n"))
        #expect(saved.contains("show(m)\n"))
    }

    @Test func escapeAndCtrlCRestoreTheOldValue() throws {
        let sandbox = try REPLTerminalTests.Sandbox()
        let pty = try start(sandbox)
        pty.send("tweak t\r")
        try pty.expect("Esc undo")
        pty.send(Self.right + "\u{1B}[1;2C")
        try pty.expect(" 111 ")
        pty.send("\u{1B}")
        try pty.expect("t = 100 (restored)")
        try pty.expect("segsh> ")
        pty.send("print(t, y)\r")
        try pty.expect("100 200\r\n")
        pty.send("tweak t\r")
        try pty.expect("Esc undo")
        pty.send("\u{1B}[6~")
        try pty.expect(" 90 ")
        pty.send("\u{03}")
        try pty.expect("t = 100 (restored)")
        try pty.expect("segsh> ")
        pty.send("print(t, y, count(m))\r")
        try pty.expect("100 200 7\r\n")
    }

    /// Every redraw moves the cursor up exactly as many rows as the picture before it
    /// took, so the screen does not scroll however long the slider is moved.
    @Test func redrawsInPlaceWithoutScrolling() throws {
        let sandbox = try REPLTerminalTests.Sandbox()
        let pty = try start(sandbox)
        pty.send("tweak t\r")
        // The slider starts by hiding the cursor (the line's echo may come twice when
        // typed ahead of libedit's raw mode, so it is no marker).
        try pty.expect("\u{1B}[?25l")
        let first = try pty.expect("Esc undo")
        let firstRows = first.utf8.filter { $0 == 0x0A }.count
        for _ in 0..<4 {
            pty.send(Self.right)
            Thread.sleep(forTimeInterval: 0.15)
        }
        pty.send("\r")
        let drawn = try pty.expect("t = 104 (was 100)")
        let lineFeeds = drawn.utf8.filter { $0 == 0x0A }.count
        let ups = Self.cursorUps(drawn)
        #expect(ups.count >= 2, "expected redraws, got \(ups)")
        // A 96×96 mask in a 100×24 terminal: 44×44 block pixels, 22 rows.
        #expect(firstRows == 22)
        #expect(ups.allSatisfy { $0 == firstRows }, "\(ups)")
        // Each redraw writes as many rows as the move before it went up: no scrolling.
        #expect(lineFeeds == firstRows * ups.count, "\(lineFeeds) line feeds, moves up \(ups)")
    }

    @Test func badNamesAndValuesAreClearErrors() throws {
        let sandbox = try REPLTerminalTests.Sandbox()
        let pty = try sandbox.start()
        pty.send("param t = 100\r")
        try pty.expect("segsh> ")
        pty.send("param method = \"otsu\"\r")
        try pty.expect("segsh> ")
        pty.send("x = 1\r")
        try pty.expect("segsh> ")
        pty.send("tweak tt\r")
        try pty.expect("error: tweak: unknown param 'tt'; did you mean t? (params: t, method)")
        pty.send("tweak x\r")
        try pty.expect("error: tweak: 'x' is a variable, not a param")
        pty.send("tweak method\r")
        try pty.expect("error: tweak: param 'method' is a string (\"otsu\"); tweak moves numbers only")
        pty.send("tweak t from 9 to 1\r")
        try pty.expect("error: tweak: the range from 9 to 1 is empty")
        pty.send("tweak\r")
        try pty.expect("usage: tweak NAME")
        // Completion of param names after `tweak `.
        pty.send("tweak me\t")
        try pty.expect("thod ")
        pty.send("\r")
        try pty.expect("tweak moves numbers only")
    }

    /// The sizes in `ESC [ n A` sequences, in order.
    static func cursorUps(_ text: String) -> [Int] {
        var result: [Int] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1B}[") {
            let after = rest[start.upperBound...]
            let digits = after.prefix { $0.isNumber }
            if !digits.isEmpty, after.dropFirst(digits.count).first == "A" { result.append(Int(digits)!) }
            rest = after
        }
        return result
    }
}
