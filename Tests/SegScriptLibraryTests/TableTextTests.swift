import Foundation
import Testing
import SegScript
import Segmentation
@testable import SegScriptLibrary

/// Tables printed to fit a display width: column blocks, head and tail, shape line.
@Suite struct TableTextTests {
    /// A table of `n` rows: whole numbers, fractions and a label column.
    func recordTable(_ n: Int) throws -> Value {
        let interpreter = Interpreter(registry: .library, output: { _ in })
        let rows = (0..<n).map { i in
            "{label: \(i + 1), area: \(i * 7 % 50 + 10), centroid_0: \(Double(i) * 3.25), eccentricity: \(Double(i % 10) / 11)}"
        }
        try interpreter.run(source: "t = table([\(rows.joined(separator: ", "))])")
        return try #require(interpreter["t"])
    }

    /// The region table of 100 separate 3x3 squares on a 50x50 grid (10 x 10 of them).
    func regionTable() throws -> Value {
        var ids = Image<UInt32>(width: 50, height: 50)
        for k in 0..<100 {
            let (y0, x0) = (k / 10 * 5, k % 10 * 5)
            for y in y0..<(y0 + 3) { for x in x0..<(x0 + 3 + k % 2) { ids[x, y] = UInt32(k + 1) } }
        }
        return .host(TableValue(try LabelMap(ids: ids).regionprops()))
    }

    func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    @Test(arguments: [80, 150])
    func measureTableOf100RowsFitsTheWidth(width: Int) throws {
        let t = try regionTable()
        let text = t.text(width: width)
        let all = lines(text)
        #expect(all.allSatisfy { $0.count <= width }, "\(text)")
        #expect(all.last == "[100 rows x 19 columns]")
        #expect(text.contains("centroid_0") && !text.contains("centroid-0"))
        // Head (rows 0–4), the … row, tail (rows 95–99) in every block.
        let rowNumbers = all.compactMap { $0.split(separator: " ").first.map(String.init) }
        for expected in ["0", "4", "…", "95", "99"] { #expect(rowNumbers.contains(expected)) }
        #expect(!rowNumbers.contains("5") && !rowNumbers.contains("94"))
    }

    @Test func narrowDisplayWrapsColumnsIntoBlocks() throws {
        let t = try recordTable(3)
        let wide = lines(t.text(width: 150))
        let narrow = lines(t.text(width: 30))
        #expect(wide.count == 4)  // header and 3 rows, no shape line
        // Each block repeats the row numbers; blocks are separated by an empty line.
        #expect(narrow.filter(\.isEmpty).count >= 1)
        #expect(narrow.allSatisfy { $0.count <= 30 })
        #expect(narrow.last == "[3 rows x 4 columns]")
        #expect(wide[0].contains("label") && wide[0].contains("eccentricity"))
    }

    @Test func showPrintsEveryRow() throws {
        let t = try recordTable(100)
        let shown = ShownValue(t).text(width: 200)
        #expect(lines(shown).count == 101)
        #expect(!shown.contains("…"))
    }

    @Test func numbersShareTheirColumnsDecimals() {
        let format = TableText.ColumnFormat([.number(1), .number(2.5), .number(100.25)])
        #expect(format.text(.number(1)) == "1.000")
        #expect(format.text(.number(100.25)) == "100.250")
        let whole = TableText.ColumnFormat([.number(1), .number(20)])
        #expect(whole.text(.number(20)) == "20")
        let tiny = TableText.ColumnFormat([.number(1e-5), .number(2e-4)])
        #expect(tiny.text(.number(1e-5)) == "1e-05")
        #expect(!TableText.ColumnFormat([.number(1), .string("a")]).isNumeric)
    }
}
