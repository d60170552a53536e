import Foundation
import Testing
@testable import SegScript

/// Splitting `.seg` files into cells and Markdown (``Notebook``), and what diagnostics say
/// about cells.
@Suite struct NotebookTests {
    func notebook(_ text: String) -> Notebook { Notebook(SourceFile(text, name: "a.seg")) }

    func markdown(_ n: Notebook) -> [String] {
        n.blocks.compactMap { if case .markdown(let m) = $0 { m.text } else { nil } }
    }

    @Test func aFileWithoutMarkersIsOnePlainCell() {
        let text = "x = 1\n\nprint(x)\n"
        let n = notebook(text)
        #expect(!n.hasMarkers)
        #expect(n.cells.count == 1)
        #expect(n.cells[0].source == SourceFile(text, name: "a.seg"))
        #expect(n.cells[0].source.cell == nil)
        #expect(n.cells[0].code == "x = 1\n\nprint(x)")
        #expect(n.cells[0].lines == 1..<4)
    }

    @Test func cellsHaveTitlesAndTheFilesLineNumbers() {
        let n = notebook("""
            # a comment before the first cell
            %% Load
            img = 1

            %%
            y = 2
            %%   Declump  \u{20}
            z = 3
            """)
        #expect(n.cells.map(\.title) == [nil, "Load", nil, "Declump"])
        #expect(n.cells.map(\.lines) == [1..<2, 3..<4, 6..<7, 8..<9])
        #expect(n.cells.map(\.markerLine) == [nil, 2, 5, 7])
        #expect(n.cells.map(\.code) == ["# a comment before the first cell", "img = 1", "y = 2", "z = 3"])
        #expect(n.cells[3].label == "cell 4 \"Declump\"")
        #expect(n.cells[2].label == "cell 3")
        // The cell's text keeps positions: line 8 of the file is line 8 of the cell.
        #expect(n.cells[3].source.lines[7] == "z = 3")
        #expect(n.cells[3].source.cell == "cell 4 \"Declump\"")
    }

    @Test func markdownLinesFormBlocks() {
        let n = notebook("""
            ## # Title
            ##
            ## Some *text*.
            %% One
            a = 1
            ## between
            ##no space
            b = 2

            ## after a blank line
            """)
        #expect(markdown(n) == ["# Title\n\nSome *text*.", "between\nno space", "after a blank line"])
        // Code after Markdown is a new, untitled cell; blank lines alone are no cell.
        #expect(n.cells.map(\.code) == ["a = 1", "b = 2"])
        #expect(n.cells.map(\.title) == ["One", nil])
        guard case .markdown(let first) = n.blocks[0] else { Issue.record("expected Markdown first"); return }
        #expect(first.lines == 1..<4)
        let kinds = n.blocks.map { if case .code = $0 { "code" } else { "md" } }
        #expect(kinds == ["md", "code", "md", "code", "md"])
    }

    @Test func markersInsideStringsAreNotMarkers() {
        let n = notebook("""
            %% First
            s = "a multi-line string
            %% not a cell
            ## not markdown
            end"
            print(s)
            %% Second
            t = 1
            """)
        #expect(n.cells.count == 2)
        #expect(n.cells[0].code.contains("%% not a cell\n## not markdown"))
        #expect(markdown(n).isEmpty)
        guard case .complete(let program) = Parser.parse(n.cells[0].source) else {
            Issue.record("cell 1 should parse"); return
        }
        guard case .assign(_, let value) = program.statements[0].kind, case .string(let s) = value.kind else {
            Issue.record("expected a string assignment"); return
        }
        #expect(s == "a multi-line string\n%% not a cell\n## not markdown\nend")
    }

    @Test func quotesInMarkerLinesAndCommentsDoNotOpenStrings() {
        let n = notebook("""
            %% The 5" disks
            a = 1 # it's "quoted
            ## Don't "worry
            %% Next
            b = 2
            """)
        #expect(n.cells.map(\.title) == ["The 5\" disks", "Next"])
        #expect(n.cells.map(\.code) == ["a = 1 # it's \"quoted", "b = 2"])
    }

    @Test func anUnterminatedStringDoesNotSwallowLaterCells() {
        let n = notebook("%% A\nx = \"oops\n%% B\ny = 2\n")
        #expect(n.cells.count == 2)
        let parsed = n.parse()
        #expect(!parsed[0].diagnostics.isEmpty)
        #expect(parsed[1].diagnostics.isEmpty)
    }

    @Test func parseErrorsOfEveryCellPointAtTheFileAndNameTheCell() {
        let n = notebook("""
            %% Load
            x = (1 +
            %% Fine
            y = 2
            %% Declump
            z = 1
            w = otsu(]
            """)
        let parsed = n.parse()
        #expect(parsed.map { $0.diagnostics.isEmpty } == [false, true, false])
        let d = parsed[2].diagnostics[0]
        #expect(d.range.start.line == 7)
        #expect(d.range.start.column == 10)
        let rendered = d.rendered()
        #expect(rendered.contains("--> a.seg:7:10, in cell 3 \"Declump\""), "\(rendered)")
        #expect(rendered.contains(" 7 | w = otsu(]"), "\(rendered)")
    }

    @Test func runtimeErrorsNameTheCell() throws {
        let n = notebook("%% Setup\nx = 1\n\n%% Divide\ny = x + undefined_name\n")
        let interpreter = Interpreter(output: { _ in })
        guard case .complete(let p0) = Parser.parse(n.cells[0].source),
              case .complete(let p1) = Parser.parse(n.cells[1].source) else { Issue.record("cells should parse"); return }
        try interpreter.run(p0)
        #expect {
            try interpreter.run(p1)
        } throws: { error in
            let text = (error as? ScriptFailure)?.rendered() ?? ""
            return text.contains("a.seg:5:9, in cell 2 \"Divide\"") && text.contains(" 5 | y = x + undefined_name")
        }
    }

    @Test func overrideProblemsAreFoundBeforeRunning() {
        let n = notebook("%% P\nparam k = 3\nparam name = \"x\"\nparam t = 1 + 1\n%% Q\nparam flag = true\n")
        let parsed = n.parse()
        #expect(n.overrideProblems(["k": .number(5), "t": .string("abc"), "flag": .bool(false)], parsed: parsed).isEmpty)
        let wrong = n.overrideProblems(["k": .string("abc")], parsed: parsed)
        #expect(wrong.count == 1)
        #expect(wrong.first?.message == "param 'k' is a number, but the new value is a string (\"abc\")")
        #expect(wrong.first?.range.start.line == 2)
        #expect(wrong.first?.rendered().contains("a.seg:2:7, in cell 1 \"P\"") == true)
        let unknown = n.overrideProblems(["flg": .bool(true)], parsed: parsed)
        #expect(unknown.first?.fullMessage == "unknown parameter 'flg'; the script declares: k, name, t, flag, did you mean 'flag'?")
    }

    @Test func parametersOfACellThatDoesNotParseStillCount() {
        let n = notebook("%% A\nparam k = 3\nx = (\n")
        #expect(n.parameterNames(n.parse()) == [["k"]])
        #expect(n.overrideProblems(["k": .number(1)], parsed: n.parse()).isEmpty)
    }

    @Test func theLedgerIdentifiesFilesWhateverTheSpelling() throws {
        let folder = NSTemporaryDirectory() + "segsh-ledger-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/a.png", contents: Data([1]))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.png", withDestinationPath: folder + "/a.png")
        let ledger = RunLedger()
        ledger.recordRead(folder + "/a.png")
        #expect(ledger.readSpelling(of: folder + "/./a.png") == folder + "/a.png")
        #expect(ledger.readSpelling(of: folder + "/link.png") == folder + "/a.png")
        #expect(ledger.readSpelling(of: folder + "/b.png") == nil)
        ledger.recordRead(folder + "/link.png")
        #expect(ledger.reads.count == 1)
    }

    @Test func theLedgerIsSafeFromManyThreads() {
        let ledger = RunLedger()
        DispatchQueue.concurrentPerform(iterations: 400) { i in
            ledger.recordRead("/tmp/segsh-ledger-thread-\(i % 100).png")
            ledger.recordWrite("/tmp/segsh-ledger-out-\(i).png")
            ledger.recordSeed(UInt64(i % 7))
        }
        #expect(ledger.reads.count == 100)
        #expect(ledger.writes.count == 400)
        #expect(ledger.seeds == Array(0...6))
    }
}
