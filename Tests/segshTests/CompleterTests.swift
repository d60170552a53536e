import Foundation
import SegScript
import Testing
@testable import segsh

/// Tab completion without a terminal: what is inserted and what is listed.
struct CompleterTests {
    let completer = Completer(registry: .core, variables: ["counter", "count2", "img"])

    struct Case: Sendable, CustomStringConvertible {
        var before: String
        var insert: String
        var choices: [String]
        var description: String { before }
    }

    static let cases: [Case] = [
        Case(before: "pri", insert: "nt(", choices: []),
        Case(before: "x = im", insert: "g", choices: []),
        Case(before: "cou", insert: "nt", choices: ["count2", "counter"]),
        Case(before: "range(0, sto", insert: "p: ", choices: []),
        Case(before: ":sa", insert: "ve ", choices: []),
        Case(before: ":help le", insert: "n", choices: []),
        Case(before: "r.cou", insert: "", choices: []),
        Case(before: "zzz", insert: "", choices: []),
        Case(before: "print(\"cou", insert: "", choices: []),
    ]

    @Test(arguments: cases)
    func completes(_ c: Case) {
        let result = completer.complete(c.before)
        #expect(result.insert == c.insert)
        #expect(result.choices == c.choices)
    }

    @Test func completesPathsInStrings() throws {
        let folder = NSTemporaryDirectory() + "segsh-complete-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/Tutorials", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/Tutorials/cells.seg", contents: Data())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(completer.complete("load(\"\(folder)/Tut").insert == "orials/")
        #expect(completer.complete("load(\"\(folder)/Tutorials/c").insert == "ells.seg\"")
        #expect(completer.complete(":run \(folder)/Tutorials/").insert == "cells.seg")
    }

    @Test func findsTheEnclosingCall() {
        #expect(Completer.enclosingCall("f(a, g(b), ") == "f")
        #expect(Completer.enclosingCall("f(a, [1, 2") == nil)
        #expect(Completer.enclosingCall("x = 1") == nil)
        #expect(Completer.openString("load(\"a\\\"b") == "a\\\"b")
        #expect(Completer.openString("print(\"a\") # \"") == nil)
    }
}

/// A picture cut short by Ctrl-C leaves the terminal out of sixel mode.
struct PictureInterruptTests {
    @Test func closesAnOpenSixel() {
        let sixel: [UInt8] = [0x1B, 0x50] + Array("q#0;2;0;0;0".utf8) + Array(repeating: 0x3F, count: 10_000) + [0x1B, 0x5C]
        var written: [UInt8] = []
        var chunks = 0
        Terminal.writePicture(sixel, isInterrupted: { chunks >= 1 }, write: { written += $0; chunks += 1 })
        #expect(written.count < sixel.count)
        #expect(Array(written.suffix(3)) == [0x1B, 0x5C, 0x0A])
    }

    @Test func writesAWholePicture() {
        let blocks = Array("\u{1B}[38;2;1;2;3m▀\u{1B}[0m\n".utf8)
        var written: [UInt8] = []
        Terminal.writePicture(blocks, isInterrupted: { false }, write: { written += $0 })
        #expect(written == blocks)
    }
}

extension PictureInterruptTests {
    @Test func leavesAFinishedSixelAlone() {
        let sixel: [UInt8] = [0x1B, 0x50, 0x71, 0x3F, 0x1B, 0x5C, 0x0A] + Array(repeating: 0x41, count: 5000)
        var written: [UInt8] = []
        var chunks = 0
        Terminal.writePicture(sixel, isInterrupted: { chunks >= 1 }, write: { written += $0; chunks += 1 })
        #expect(Array(written.suffix(5)) == Array("\u{1B}[0m\n".utf8))
    }
}
