import Testing
@testable import SegScript

/// Golden tests of the rendered diagnostics. Each expected text is the exact output.
@Suite struct DiagnosticRenderingTests {
    func failure(_ text: String, name: String? = "script.seg") -> [Diagnostic] {
        let interpreter = Interpreter(output: { _ in })
        do {
            try interpreter.run(source: text, name: name)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func rendered(_ text: String, name: String? = "script.seg") -> String {
        failure(text, name: name).map { $0.rendered() }.joined(separator: "\n")
    }

    @Test func unknownFunctionWithSuggestion() {
        let text = "def otsu(x) { return 0.5 }\nimg = 1\nt = otsuu(img)\n"
        #expect(rendered(text) == """
            error: unknown function 'otsuu'
             --> script.seg:3:5
             3 | t = otsuu(img)
               |     ^~~~~ did you mean 'otsu'?

            """)
    }

    @Test func withoutFileName() {
        #expect(rendered("x = 1 +* 2", name: nil) == """
            error: expected an expression, found '*'
             1 | x = 1 +* 2
               |        ^

            """)
    }

    @Test func twoDigitLineNumbers() {
        let text = String(repeating: "\n", count: 11) + "y = [1] < [2]"
        #expect(rendered(text) == """
            error: cannot apply '<' to list and list
              --> script.seg:12:5
             12 | y = [1] < [2]
                |     ^~~~~~~~~

            """)
    }

    @Test func multiLineRange() {
        let text = "x = max(1,\n        \"a\")\n"
        #expect(rendered(text) == """
            error: max: cannot compare string and number
             --> script.seg:1:5
             1 | x = max(1,
               |     ^~~~~~
             2 |         "a")
               |         ~~~~

            """)
    }

    @Test func longRangeIsElided() {
        let text = "x = max(1,\n2,\n3,\n4,\n5,\n6,\n7,\n\"a\")"
        #expect(rendered(text, name: nil) == """
            error: max: cannot compare string and number
             1 | x = max(1,
               |     ^~~~~~
             2 | 2,
               | ~~
             3 | 3,
               | ~~
              ...
             7 | 7,
               | ~~
             8 | "a")
               | ~~~~

            """)
    }

    @Test func wideCharactersMoveTheCarets() {
        let text = "名前 = 1\n名前 = 名前 + \"猫\"\n"
        #expect(rendered(text) == """
            error: cannot apply '+' to number and string; use str(x) to turn a number into a string
             --> script.seg:2:6
             2 | 名前 = 名前 + "猫"
               |        ^~~~~~~~~~~

            """)
    }

    @Test func combiningMarksAndEmoji() {
        // "é" is e + U+0301 (one column); the emoji takes two.
        let text = "s = \"e\u{301}🙂\" + 1"
        #expect(rendered(text, name: nil) == """
            error: cannot apply '+' to string and number; use str(x) to turn a number into a string
             1 | s = "e\u{301}🙂" + 1
               |     ^~~~~~~~~

            """)
    }

    @Test func tabsAreExpanded() {
        let text = "if true {\n\tx = 1 / 0\n}"
        #expect(rendered(text, name: nil) == """
            error: division by zero
             2 |     x = 1 / 0
               |         ^~~~~

            """)
    }

    @Test func callSiteNotes() {
        let text = "def f(x) {\n    return x / 0\n}\ny = f(1)\n"
        #expect(rendered(text) == """
            error: division by zero
             --> script.seg:2:12
             2 |     return x / 0
               |            ^~~~~
            note: in a call to 'f'
             --> script.seg:4:5
             4 | y = f(1)
               |     ^~~~

            """)
    }

    @Test func unclosedBracketNote() {
        guard case .incomplete(let d) = Parser.parse(SourceFile("xs = [1,\n  2", name: "cell 2")) else {
            Issue.record("expected incomplete input")
            return
        }
        #expect(d.rendered() == """
            error: expected ',' or ']' in the list at 1:6, found end of input
             --> cell 2:2:4
             2 |   2
               |    ^
            note: '[' at 1:6 is never closed
             --> cell 2:1:6
             1 | xs = [1,
               |      ^

            """)
    }

    @Test func argumentErrorPointsAtTheArgument() {
        #expect(rendered("x = round(2.5, digts: 1)", name: nil) == """
            error: round: unknown argument 'digts'
             1 | x = round(2.5, digts: 1)
               |                ^~~~~~~~ expected round(x, digits = 0); did you mean 'digits'?

            """)
    }

    @Test func noSourceRendersMessageOnly() {
        let d = Diagnostic(.error, "unknown parameter 'tt'", at: .unknown, suggestion: "t")
        #expect(d.rendered() == "error: unknown parameter 'tt'\n  did you mean 't'?\n")
    }

    @Test func colourIsOptIn() {
        let d = failure("x = 1 / 0").first!
        #expect(!d.rendered().contains("\u{1B}"))
        let coloured = d.rendered(color: true)
        #expect(coloured.hasPrefix("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31m^~~~~\u{1B}[0m"))
    }

    @Test func everyParseErrorIsRendered() {
        let ds = failure("a = $\nb = 1 +* 2\nc = (")
        #expect(ds.count == 3)
        for d in ds { #expect(d.rendered().hasPrefix("error: ")) }
    }

    @Test(arguments: [("a", 1), ("猫", 2), ("e\u{301}", 1), ("🙂", 2), ("Ａ", 2), ("\u{301}", 0)])
    func displayWidth(_ text: String, _ width: Int) {
        #expect(DiagnosticRenderer.width(of: Character(text)) == width)
    }
}
