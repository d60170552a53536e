import Foundation
import SegScript

/// A table of named columns holding numbers, strings, bools or `none`, made from records:
/// `table(rows)`, `importance(model)`. Like a region table, `t.name` is a column (a list),
/// `t[0]` a row (a record), `len(t)` the number of rows and `for r in t` visits rows;
/// `print` lays it out as aligned text, `save(t, "x.csv")` writes CSV and a report shows it
/// as a table.
///
///     let t = try RecordTable(records: [.record(Record([("file", .string("a.png")), ("cells", .number(12))]))])
///     t.csv  // "file,cells\r\na.png,12\r\n"
struct RecordTable: CSVTable {
    /// The column names, in order of first appearance in the records.
    let columns: [String]
    /// The cells, one array per row, parallel to ``columns`` (`none` where a record lacks a field).
    let rows: [[Value]]

    init(columns: [String], rows: [[Value]]) {
        self.columns = columns
        self.rows = rows
    }

    /// A table from a list of records; the columns are the union of their fields.
    /// - Throws: ``ScriptError`` for an item that is not a record, or a field that is not a
    ///   number, string, bool or none (naming the row and the field).
    init(records: [Value]) throws {
        var columns: [String] = []
        var fields: [Record] = []
        for (i, item) in records.enumerated() {
            guard case .record(let r) = item else {
                throw ScriptError("row \(i) is not a record but a \(item.typeName); write rows as {name: value, …}",
                                  argument: "rows")
            }
            for (name, value) in r.fields {
                switch value {
                case .number, .string, .bool, .none: break
                default:
                    throw ScriptError("row \(i), field '\(name)' holds a \(value.typeName); a table cell is a number, string, bool or none",
                                      argument: "rows")
                }
                if !columns.contains(name) { columns.append(name) }
            }
            fields.append(r)
        }
        self.init(columns: columns, rows: fields.map { r in columns.map { r[$0] ?? .none } })
    }

    var typeName: String { "table" }
    var summary: String { "table, \(rows.count) row\(rows.count == 1 ? "" : "s") x \(columns.count) column\(columns.count == 1 ? "" : "s")" }
    var memberNames: [String] { columns }
    var length: Int? { rows.count }

    /// The table as aligned text: numbers right-aligned, at most ``maxPrintedRows`` rows.
    var description: String {
        let shown = cellTexts(rows: min(rows.count, Self.maxPrintedRows))
        let numeric = columns.indices.map { j in rows.allSatisfy { if case .string = $0[j] { false } else { true } } }
        let widths = columns.indices.map { j in ([columns[j]] + shown.map { $0[j] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { j in
                let pad = String(repeating: " ", count: widths[j] - cells[j].count)
                return numeric[j] ? pad + cells[j] : cells[j] + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines = [line(columns)] + shown.map(line)
        if rows.count > shown.count { lines.append("… \(rows.count - shown.count) more rows") }
        return lines.joined(separator: "\n")
    }

    /// The most rows `print` shows.
    static let maxPrintedRows = 50

    /// The first `count` rows as text. A column of whole numbers prints them whole; a
    /// column with fractions prints every number with 4 decimals, so the points line up.
    func cellTexts(rows count: Int) -> [[String]] {
        let fractional = columns.indices.map { j in
            rows.contains { if case .number(let n) = $0[j] { n.isFinite && n != n.rounded() } else { false } }
        }
        return rows.prefix(count).map { row in
            row.indices.map { j in
                switch row[j] {
                case .string(let s): s
                case .none: ""
                case .number(let n) where fractional[j] && n.isFinite && abs(n) < 1e9: String(format: "%.4f", n)
                case .number(let n): Value.format(n)
                case let other: other.description
                }
            }
        }
    }

    func member(_ name: String) throws -> Value? {
        guard let j = columns.firstIndex(of: name) else { return nil }
        return .list(rows.map { $0[j] })
    }

    func row(_ i: Int) -> Value {
        .record(Record(columns.indices.map { (columns[$0], rows[i][$0]) }))
    }

    func index(_ index: Value) throws -> Value? {
        if case .string(let name) = index { return try member(name) }
        guard case .number(let n) = index else { return nil }
        guard let i = Value.exactInteger(n), (-rows.count..<rows.count).contains(i) else {
            throw ScriptError("row \(Value.format(n)) is out of range: the table has \(rows.count) rows")
        }
        return row(i < 0 ? i + rows.count : i)
    }

    func elements() throws -> [Value]? { rows.indices.map(row) }

    /// CSV (RFC 4180 quoting, CRLF): numbers in full precision, `none` as an empty cell.
    var csv: String {
        func field(_ value: Value) -> String {
            let text: String = switch value {
            case .number(let n): Value.format(n)
            case .string(let s): s
            case .bool(let b): b ? "true" : "false"
            default: ""
            }
            return text.contains(where: { ",\"\r\n".contains($0) })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([columns.map { field(.string($0)) }] + rows.map { $0.map(field) })
            .map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The table for a report.
    var reportTable: ReportTable {
        let shown = min(rows.count, ReportTable.maxRows)
        return ReportTable(columns: columns, rows: cellTexts(rows: shown), omittedRows: rows.count - shown)
    }
}
