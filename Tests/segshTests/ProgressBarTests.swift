import Foundation
import SegScript
import Testing
@testable import segsh

/// The progress bar's text, and when the terminal bar draws and erases itself.
@Suite struct ProgressBarTests {
    struct Case: Sendable, CustomStringConvertible {
        var done: Int, total: Int, elapsed: Double, label: String, width: Int
        var expected: String
        var description: String { expected }
    }

    static let cases: [Case] = [
        Case(done: 37, total: 200, elapsed: 2.8, label: "data/cells_037.png", width: 80,
             expected: "[===>                    ]  37/200  ETA 13 s  cells_037.png"),
        Case(done: 0, total: 200, elapsed: 0, label: "", width: 80,
             expected: "[                        ]   0/200  ETA --"),
        Case(done: 200, total: 200, elapsed: 10, label: "z.png", width: 80,
             expected: "[========================] 200/200  ETA 0 s  z.png"),
        Case(done: 1, total: 2, elapsed: 100, label: "", width: 80,
             expected: "[===========>            ] 1/2  ETA 1 min 40 s"),
        Case(done: 1, total: 4, elapsed: 3000, label: "a", width: 80,
             expected: "[=====>                  ] 1/4  ETA 2 h 30 min  a"),
        // Narrow terminals: the label is shortened from the left, then dropped, then the ETA.
        Case(done: 37, total: 200, elapsed: 2.8, label: "data/cells_037.png", width: 55,
             expected: "[===>                    ]  37/200  ETA 13 s  …037.png"),
        Case(done: 37, total: 200, elapsed: 2.8, label: "data/cells_037.png", width: 47,
             expected: "[===>                    ]  37/200  ETA 13 s"),
        Case(done: 37, total: 200, elapsed: 2.8, label: "cells_037.png", width: 38,
             expected: "[===>                    ]  37/200"),
        Case(done: 37, total: 200, elapsed: 2.8, label: "", width: 20,
             expected: "[===>              "),
    ]

    @Test(arguments: cases)
    func line(_ c: Case) {
        let text = ProgressBar.line(done: c.done, total: c.total, elapsed: c.elapsed, label: c.label, width: c.width)
        #expect(text == c.expected)
        #expect(text.count < c.width)
    }

    /// A bar with a fake clock, recording what it writes.
    final class Fake {
        var written: [String] = []
        var time = 0.0
        lazy var bar = TerminalProgress(write: { [unowned self] in written.append($0) }, width: { 60 },
                                        now: { [unowned self] in time })
    }

    @Test func quickLoopsDrawNothing() {
        let f = Fake()
        f.bar.handle(.started(total: 3))
        f.time = 0.2
        f.bar.handle(.advanced(done: 1, total: 3, label: "a"))
        f.bar.handle(.finished)
        #expect(f.written.isEmpty)
    }

    @Test func slowLoopsDrawThenErase() {
        let f = Fake()
        f.bar.handle(.started(total: 4))
        f.time = 1
        f.bar.handle(.advanced(done: 1, total: 4, label: "x/a.png"))
        f.time = 1.05
        f.bar.handle(.advanced(done: 2, total: 4, label: "x/b.png"))  // within 0.1 s: not redrawn
        f.time = 2
        f.bar.handle(.advanced(done: 3, total: 4, label: "x/c.png"))
        f.bar.handle(.finished)
        #expect(f.written == [
            "\r[=====>                  ] 1/4  ETA 3 s  a.png\u{1B}[K",
            "\r[=================>      ] 3/4  ETA 1 s  c.png\u{1B}[K",
            "\r\u{1B}[K",
        ])
    }

    @Test func outputErasesAndRedrawsTheBar() {
        let f = Fake()
        var order: [String] = []
        f.bar.around { order.append("line while hidden") }
        f.bar.handle(.started(total: 2))
        f.time = 1
        f.bar.handle(.advanced(done: 1, total: 2, label: ""))
        f.written.removeAll()
        f.bar.around { order.append("line") }
        #expect(order == ["line while hidden", "line"])
        #expect(f.written.count == 2)
        #expect(f.written[0] == "\r\u{1B}[K")
        #expect(f.written[1].hasPrefix("\r[===========>            ] 1/2  ETA 1 s"))
    }

    @Test func nestedLoopsShowTheOuterOne() {
        let f = Fake()
        f.bar.handle(.started(total: 2))
        f.bar.handle(.started(total: 50))
        f.time = 1
        f.bar.handle(.advanced(done: 10, total: 50, label: "inner"))
        f.bar.handle(.finished)
        #expect(f.written.isEmpty)
        f.bar.handle(.advanced(done: 1, total: 2, label: "outer"))
        #expect(f.written.last?.contains("1/2") == true)
        f.bar.handle(.finished)
        #expect(f.written.last == "\r\u{1B}[K")
    }

    @Test func attachWrapsTheInterpreterAndKeepsTheBarAlive() throws {
        let f = Fake()
        var lines: [String] = []
        let interpreter = Interpreter(output: { lines.append($0) })
        TerminalProgress(write: { f.written.append($0) }, width: { 60 }, now: { 0 }).attach(to: interpreter)
        try interpreter.run(source: "for i in range(3) { print(i) }")
        #expect(lines == ["0", "1", "2"])
        #expect(f.written.isEmpty)  // the fake clock never moves: too quick to draw
    }
}
