import Foundation
import Testing
@testable import segsh

/// The `tweak` slider without a terminal: the command, default ranges, keys, the line.
struct TweakSliderTests {
    @Test func commandsAreToldFromCode() {
        #expect(TweakRequest.isCommand("tweak t"))
        #expect(TweakRequest.isCommand("  tweak t from 0 to 1"))
        #expect(TweakRequest.isCommand(":tweak t"))
        #expect(TweakRequest.isCommand("tweak"))
        #expect(!TweakRequest.isCommand("tweak = 3"))
        #expect(!TweakRequest.isCommand("tweak(t)"))
        #expect(!TweakRequest.isCommand("tweaks t"))
        #expect(!TweakRequest.isCommand("x = tweak"))
    }

    struct ParseCase: Sendable, CustomStringConvertible {
        var line: String
        var request: TweakRequest?
        var error: String?
        var description: String { line }
    }

    static let parseCases: [ParseCase] = [
        ParseCase(line: "tweak t", request: TweakRequest(name: "t")),
        ParseCase(line: "tweak sigma from 0.5 to 4 step 0.25", request: TweakRequest(name: "sigma", lower: 0.5, upper: 4, step: 0.25)),
        ParseCase(line: "tweak t step 5", request: TweakRequest(name: "t", step: 5)),
        ParseCase(line: "tweak t from -10 to 10", request: TweakRequest(name: "t", lower: -10, upper: 10)),
        ParseCase(line: "tweak", error: "usage: tweak NAME"),
        ParseCase(line: "tweak 3", error: "'3' is not a name"),
        ParseCase(line: "tweak t from 5 to 1", error: "the range from 5 to 1 is empty"),
        ParseCase(line: "tweak t from a to 3", error: "'a' is not a number"),
        ParseCase(line: "tweak t from 1", error: "'from A' must be followed by 'to B'"),
        ParseCase(line: "tweak t step 0", error: "step must be above 0"),
        ParseCase(line: "tweak t step", error: "'step' needs a number"),
        ParseCase(line: "tweak t quickly", error: "unexpected 'quickly'"),
    ]

    @Test(arguments: parseCases) func parsesRequests(_ c: ParseCase) {
        switch TweakRequest.parse(c.line) {
        case .success(let request):
            #expect(request == c.request)
            #expect(c.error == nil)
        case .failure(let failure):
            #expect(c.request == nil, "\(failure.message)")
            #expect(failure.message.contains(c.error ?? "-"), "\(failure.message)")
        }
    }

    struct RangeCase: Sendable, CustomStringConvertible {
        var value: Double
        var request = TweakRequest(name: "p")
        var lower: Double, upper: Double, step: Double, integral: Bool
        var description: String { "\(value) \(request)" }
    }

    static let rangeCases: [RangeCase] = [
        // An 8-bit threshold.
        RangeCase(value: 128, lower: 0, upper: 255, step: 1, integral: true),
        RangeCase(value: 0, lower: 0, upper: 255, step: 1, integral: true),
        // A fraction.
        RangeCase(value: 0.5, lower: 0, upper: 1, step: 0.01, integral: false),
        // Around the value: a sigma, a large count, a negative offset.
        RangeCase(value: 1.5, lower: 0, upper: 3, step: 0.02, integral: false),
        RangeCase(value: 1000, lower: 0, upper: 2000, step: 5, integral: true),
        RangeCase(value: -3, lower: -6, upper: 0, step: 1, integral: true),
        RangeCase(value: -0.25, lower: -0.5, upper: 0, step: 0.005, integral: false),
        // Given by the user.
        RangeCase(value: 7, request: TweakRequest(name: "p", lower: 0, upper: 20), lower: 0, upper: 20, step: 1, integral: true),
        RangeCase(value: 7, request: TweakRequest(name: "p", lower: 0, upper: 20, step: 0.5), lower: 0, upper: 20, step: 0.5, integral: false),
        RangeCase(value: 0.3, request: TweakRequest(name: "p", step: 0.1), lower: 0, upper: 1, step: 0.1, integral: false),
    ]

    @Test(arguments: rangeCases) func defaultRanges(_ c: RangeCase) throws {
        let range = try TweakRange.resolve(value: c.value, request: c.request).get()
        #expect(range.lower == c.lower)
        #expect(range.upper == c.upper)
        #expect(abs(range.step - c.step) < 1e-12)
        #expect(range.integral == c.integral)
    }

    @Test func stepTooWideIsAnError() {
        let result = TweakRange.resolve(value: 0.5, request: TweakRequest(name: "p", step: 2))
        guard case .failure(let f) = result else { Issue.record("expected an error"); return }
        #expect(f.message.contains("wider than the range"))
    }

    @Test func movingStaysOnTheGridAndInside() throws {
        let fraction = try TweakRange.resolve(value: 0.1, request: TweakRequest(name: "p")).get()
        // 0.1 + 0.01 + 0.01 in binary is 0.12000000000000001; the slider says 0.12.
        #expect(fraction.moved(fraction.moved(0.1, by: 1), by: 1) == 0.12)
        #expect(fraction.moved(0.95, by: 10) == 1)
        #expect(fraction.moved(0.05, by: -10) == 0)
        let whole = try TweakRange.resolve(value: 100, request: TweakRequest(name: "p")).get()
        #expect(whole.moved(100, by: 3) == 103)
        #expect(whole.moved(250, by: 10) == 255)
        #expect(whole.fraction(255) == 1)
    }

    struct KeyCase: Sendable, CustomStringConvertible {
        var bytes: String
        var keys: [TweakKey]
        var pending = 0
        var description: String { bytes.debugDescription }
    }

    static let keyCases: [KeyCase] = [
        KeyCase(bytes: "\u{1B}[C\u{1B}[D", keys: [.step(1), .step(-1)]),
        KeyCase(bytes: "\u{1B}OC\u{1B}OD", keys: [.step(1), .step(-1)]),
        KeyCase(bytes: "\u{1B}[1;2C\u{1B}[1;2D", keys: [.step(10), .step(-10)]),
        KeyCase(bytes: "\u{1B}[5~\u{1B}[6~", keys: [.step(10), .step(-10)]),
        KeyCase(bytes: "\u{1B}[H\u{1B}[F\u{1B}OH\u{1B}OF\u{1B}[1~\u{1B}[4~\u{1B}[7~\u{1B}[8~",
                keys: [.home, .end, .home, .end, .home, .end, .home, .end]),
        KeyCase(bytes: "\r", keys: [.accept]),
        KeyCase(bytes: "\n", keys: [.accept]),
        KeyCase(bytes: "\u{03}", keys: [.cancel]),
        KeyCase(bytes: "\u{1B}\u{1B}[C", keys: [.cancel, .step(1)]),
        // Up/down and letters are ignored.
        KeyCase(bytes: "\u{1B}[Ax\u{1B}[B", keys: []),
        // An escape sequence cut by the read: wait for the rest.
        KeyCase(bytes: "\u{1B}[C\u{1B}[1;", keys: [.step(1)], pending: 4),
        KeyCase(bytes: "\u{1B}", keys: [], pending: 1),
        KeyCase(bytes: "\u{1B}O", keys: [], pending: 2),
    ]

    @Test(arguments: keyCases) func parsesKeys(_ c: KeyCase) {
        let parsed = TweakKeyParser.parse(Array(c.bytes.utf8)[...])
        #expect(parsed.keys == c.keys)
        #expect(parsed.pending == c.pending)
    }

    @Test func aLoneEscapeIsCancel() {
        #expect(TweakKeyParser.flush([0x1B]) == [.cancel])
        #expect(TweakKeyParser.flush([0x1B, 0x5B]) == [])
    }

    @Test func sliderLineFitsAndShowsTheValue() throws {
        let range = try TweakRange.resolve(value: 0.5, request: TweakRequest(name: "t")).get()
        for columns in [30, 80, 100, 200] {
            let line = TweakLine.render(name: "threshold", value: 0.5, range: range, status: nil, columns: columns)
            #expect(line.count <= max(20, columns - 1), "\(columns): \(line)")
            #expect(line.hasPrefix("threshold "))
            #expect(line.contains("0.50"))
        }
        let wide = TweakLine.render(name: "t", value: 1, range: range, status: nil, columns: 120)
        #expect(wide.contains("[0…1 step 0.01]"))
        #expect(wide.contains("Esc undo"))
        #expect(wide.contains("██ 1.00  "))
        let status = TweakLine.render(name: "t", value: 0, range: range, status: "57 objects", columns: 120)
        #expect(status.contains("t ░░"))
        #expect(status.hasSuffix("57 objects"))
    }

    @Test func captionLinesAreClearedButSixelDataIsNot() {
        let sixel: [UInt8] = [0x1B, 0x50, 0x71, 0x0A, 0x23, 0x1B, 0x5C, 0x0A] + Array("5 instances\n".utf8)
        let out = TweakSlider.clearingLineEnds(sixel)
        #expect(Array(out[0..<7]) == Array(sixel[0..<7]))
        #expect(String(decoding: out[7...], as: UTF8.self) == "\n5 instances\u{1B}[K\n")
        #expect(TweakSlider.clearingLineEnds(Array("ab\ncd\n".utf8)) == Array("ab\u{1B}[K\ncd\u{1B}[K\n".utf8))
    }

    @Test func completesParamsAfterTweak() {
        let completer = Completer(registry: .core, variables: ["threshold", "thing", "sigma"], params: ["threshold", "sigma"])
        #expect(completer.complete("tweak th") == Completer.Result(insert: "reshold ", choices: []))
        #expect(completer.complete(":tweak s") == Completer.Result(insert: "igma ", choices: []))
        #expect(completer.complete("tweak ") == Completer.Result(insert: "", choices: ["sigma", "threshold"]))
        #expect(completer.complete("tweak threshold from") == Completer.Result(insert: "", choices: []))
    }
}
