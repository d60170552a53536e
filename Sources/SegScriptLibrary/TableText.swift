import Foundation
import SegScript

/// A table value of the language: region tables (`measure`) and tables of records
/// (`table`, `describe`, `importance`). They share one outward form: `t.name` is a column
/// (a list), `t.columns` the column names, `t[0]` a row (a record), `len(t)` the number of
/// rows, `for r in t` visits rows, `sort(t, by:)` reorders them, and `print(t)` lays them
/// out as aligned text that fits the display (``TableText``).
public protocol TabularValue: HostValue {
    /// The column names as the language spells them (`centroid_0`), in order.
    var columnNames: [String] { get }
    /// The number of rows.
    var rowCount: Int { get }
    /// The cell at `row`, `column` (a number, string, bool or none).
    func cell(_ row: Int, _ column: Int) -> Value
    /// The rows at `rows`, in that order, as a table of the same kind.
    func reordered(_ rows: [Int]) -> Self
}

extension TabularValue {
    public var typeName: String { "table" }
    public var summary: String {
        "table, \(rowCount) row\(rowCount == 1 ? "" : "s") x \(columnNames.count) column\(columnNames.count == 1 ? "" : "s")"
    }
    public var memberNames: [String] { columnNames + ["columns"] }
    public var length: Int? { rowCount }

    /// At most ``TableText/fullRowLimit`` rows, else the head and tail, 80 columns wide.
    public var description: String { text(width: 80) }

    /// The table laid out to fit `width` columns (head and tail when long).
    public func text(width: Int) -> String { TableText.render(self, width: width, allRows: false) }

    /// A column by its name (a list), or `columns`: the column names.
    public func member(_ name: String) throws -> Value? {
        if let j = columnNames.firstIndex(of: name) { return .list((0..<rowCount).map { cell($0, j) }) }
        if name == "columns" { return .list(columnNames.map { .string($0) }) }
        return nil
    }

    /// `t["area"]` is a column, `t[3]` a row (negative counts from the end).
    public func index(_ index: Value) throws -> Value? {
        if case .string(let name) = index {
            if let column = try member(name), name != "columns" || columnNames.contains(name) { return column }
            throw ScriptError("the table has no column '\(name)'", suggestion: Suggestions.nearest(name, among: columnNames))
        }
        guard case .number(let n) = index else { return nil }
        guard let i = Value.exactInteger(n), (-rowCount..<rowCount).contains(i) else {
            throw ScriptError("row \(Value.format(n)) is out of range: the table has \(rowCount) rows")
        }
        return row(i < 0 ? i + rowCount : i)
    }

    /// Row `i` as a record whose fields are the columns.
    func row(_ i: Int) -> Value {
        .record(Record(columnNames.indices.map { (columnNames[$0], cell(i, $0)) }))
    }

    public func elements() throws -> [Value]? { (0..<rowCount).map(row) }

    /// The column named `name`'s position, or an error naming the columns.
    func columnPosition(_ name: String, argument: String) throws -> Int {
        guard let j = columnNames.firstIndex(of: name) else {
            throw ScriptError("the table has no column '\(name)'; its columns are \(columnNames.joined(separator: ", "))",
                              argument: argument, suggestion: Suggestions.nearest(name, among: columnNames))
        }
        return j
    }
}

/// Tables as aligned text, as pandas and Julia's DataFrames print them: a row-number
/// column first (the `t[i]` of each row), numbers right-aligned to a common number of
/// decimals per column, text left-aligned; a long table shows its first and last rows
/// around a `…` row; columns that do not fit the width continue in further blocks below,
/// each repeating the row numbers. A line under the last block gives the shape when rows
/// were left out.
///
///     TableText.render(table, width: 80, allRows: false)
enum TableText {
    /// Tables up to this many rows print whole.
    static let fullRowLimit = 20
    /// A longer table prints this many rows from the top…
    static let headRows = 5
    /// …and this many from the bottom.
    static let tailRows = 5
    /// Text cells longer than this are cut with `…`.
    static let maxTextWidth = 40

    /// The table's text for a display `width` columns wide; `allRows` prints every row.
    static func render(_ table: some TabularValue, width: Int, allRows: Bool) -> String {
        let count = table.rowCount
        let names = table.columnNames
        guard !names.isEmpty else { return "(a table with no columns and \(count) row\(count == 1 ? "" : "s"))" }
        let shownRows: [Int?] = allRows || count <= fullRowLimit
            ? Array(0..<count)
            : Array(0..<headRows) + [nil] + Array((count - tailRows)..<count)
        let formats = names.indices.map { j in ColumnFormat((0..<count).map { table.cell($0, j) }) }

        // Cells of the shown rows, column by column; nil rows are the ellipsis.
        let indexCells = [""] + shownRows.map { $0.map(String.init) ?? "…" }
        let indexWidth = indexCells.map(\.count).max() ?? 1
        var columns: [(cells: [String], width: Int, right: Bool)] = []
        for j in names.indices {
            let cells = [names[j]] + shownRows.map { i in i.map { formats[j].text(table.cell($0, j)) } ?? "…" }
            columns.append((cells, cells.map(\.count).max() ?? 0, formats[j].isNumeric))
        }

        // Blocks of columns that fit the width after the row numbers.
        var blocks: [[Int]] = []
        var used = indexWidth
        for j in columns.indices {
            if blocks.isEmpty || used + 2 + columns[j].width > width {
                blocks.append([j])
                used = indexWidth + 2 + columns[j].width
            } else {
                blocks[blocks.count - 1].append(j)
                used += 2 + columns[j].width
            }
        }

        var lines: [String] = []
        for (b, block) in blocks.enumerated() {
            if b > 0 { lines.append("") }
            for r in indexCells.indices {
                var line = pad(indexCells[r], indexWidth, right: true)
                for j in block {
                    let c = columns[j]
                    line += "  " + pad(c.cells[r], c.width, right: c.right)
                }
                while line.last == " " { line.removeLast() }
                lines.append(line)
            }
        }
        if shownRows.count < count || blocks.count > 1 {
            lines.append("[\(count) row\(count == 1 ? "" : "s") x \(names.count) columns]")
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }

    /// How one column's cells are written: whole numbers whole; fractions with one number
    /// of decimals for the column (fewer as the magnitude grows, so that 4–5 significant
    /// digits show); very large or very small magnitudes in exponent form.
    struct ColumnFormat {
        /// Whether the cells align right (numbers, bools and empty cells only).
        let isNumeric: Bool
        let decimals: Int?
        let exponent: Bool

        init(_ cells: [Value]) {
            var numeric = true, fractional = false, largest = 0.0, smallest = Double.infinity
            for cell in cells {
                switch cell {
                case .number(let n):
                    guard n.isFinite else { continue }
                    if n != n.rounded() { fractional = true }
                    largest = max(largest, abs(n))
                    if n != 0 { smallest = min(smallest, abs(n)) }
                case .none, .bool: break  // bools align right, as numbers do
                default: numeric = false
                }
            }
            isNumeric = numeric
            if !fractional || !numeric {
                decimals = nil
                exponent = largest >= 1e15
            } else if largest >= 1e7 || largest < 1e-3 {
                decimals = nil
                exponent = true
            } else {
                exponent = false
                decimals = largest < 10 ? 4 : largest < 1000 ? 3 : largest < 100_000 ? 2 : 1
            }
        }

        func text(_ cell: Value) -> String {
            switch cell {
            case .none: return ""
            case .string(let s): return s.count > TableText.maxTextWidth ? String(s.prefix(TableText.maxTextWidth - 1)) + "…" : s
            case .number(let n) where !n.isFinite: return Value.format(n)
            case .number(let n) where exponent: return String(format: "%.4g", n)
            case .number(let n):
                if let decimals { return String(format: "%.\(decimals)f", n) }
                return Value.format(n)
            default: return cell.description
            }
        }
    }
}
