import Foundation
import SegScript

/// A table of named columns holding numbers, strings, bools or `none`, made from records:
/// `table(rows)`, `describe(t)`, `importance(model)`. It reads, sorts and prints as a region
/// table does (``TabularValue``); `save(t, "x.csv")` writes CSV and a report shows it as a
/// table.
///
///     let t = try RecordTable(records: [.record(Record([("file", .string("a.png")), ("cells", .number(12))]))])
///     t.csv  // "file,cells\r\na.png,12\r\n"
struct RecordTable: TabularValue, CSVTable {
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

    var columnNames: [String] { columns }
    var rowCount: Int { rows.count }
    func cell(_ row: Int, _ column: Int) -> Value { rows[row][column] }
    func reordered(_ order: [Int]) -> RecordTable { RecordTable(columns: columns, rows: order.map { rows[$0] }) }

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
    var reportTable: ReportTable { ReportTable(tabular: self) }
}
