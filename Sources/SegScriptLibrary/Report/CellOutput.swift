import Foundation
import SegScript
import Segmentation

/// One thing a notebook cell produced, in the order it happened: printed text, a picture
/// (`show` of an image, mask, label or class map, or a list of them side by side), or a
/// table (`show` of a region table or an evaluation).
///
///     for output in run.cells[0].outputs {
///         if case .picture(let p) = output { print(p.width, p.height) }
///     }
public enum CellOutput: Sendable, Equatable {
    /// Printed lines, joined by `\n`.
    case text(String)
    /// A picture as PNG bytes.
    case picture(ReportPicture)
    /// A table.
    case table(ReportTable)

    /// What `show` (or a displayed bare expression) of `value` adds to a report: pictures
    /// become PNGs, region tables and evaluations tables, the rest their text.
    /// - Throws: ``ScriptError`` when a picture cannot be encoded.
    ///
    ///     let outputs = try CellOutput.outputs(for: .number(3))  // [.text("3")]
    public static func outputs(for value: Value) throws -> [CellOutput] {
        switch value {
        case .host(let s as ShownValue):
            let inner = try outputs(for: s.value)
            if case .table(var t)? = inner.first, inner.count == 1, let title = s.title {
                t.caption = [title, t.caption].compactMap { $0 }.joined(separator: ": ")
                return [.table(t)]
            }
            return (s.caption.map { [.text($0)] } ?? []) + inner
        case .host(let t as TableValue):
            return [.table(ReportTable(t.table))]
        case .host(let t as RecordTable):
            return [.table(t.reportTable)]
        case .host(let e as EvaluationValue):
            let tables = ReportTable.tables(for: e)
            return tables.isEmpty ? [.text(e.table)] : tables.map(CellOutput.table)
        case .list(let items) where !items.isEmpty && items.allSatisfy({ LibraryDisplay.displayable($0) != nil }):
            let tiles = items.compactMap(LibraryDisplay.displayable)
            return [.picture(try ReportPicture(try pixelErrors { try montage(tiles) }))]
        default:
            if let rgb = LibraryDisplay.picture(for: value) { return [.picture(try ReportPicture(rgb))] }
            return [.text(value.echoText(width: 80))]
        }
    }
}

/// A picture in a report: PNG bytes and the size in pixels.
///
///     let picture = try ReportPicture(rgb)  // rgb: Image<UInt8>
public struct ReportPicture: Sendable, Equatable {
    /// The PNG file's bytes (no timestamps: the same pixels always give the same bytes).
    public var png: Data
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Encodes an 8-bit picture.
    /// - Throws: ``ScriptError`` when the encoder fails.
    public init(_ image: Image<UInt8>) throws {
        do {
            png = try PNG.encode(image)
        } catch {
            throw ScriptError("cannot encode a picture for the report: \(error.description)")
        }
        width = image.width
        height = image.height
    }
}

/// A table in a report: a caption, column names and rows of formatted cells.
///
///     let table = ReportTable(caption: "sizes", columns: ["label", "area"], rows: [["1", "42"]])
public struct ReportTable: Sendable, Equatable {
    /// A line shown above the table, if any.
    public var caption: String?
    /// The column headers.
    public var columns: [String]
    /// The cells, one array per row, as wide as ``columns``.
    public var rows: [[String]]
    /// Whether each column holds numbers (aligned right).
    public var numeric: [Bool]
    /// Rows left out of ``rows`` because the table was long (shown as "… N more rows").
    public var omittedRows: Int

    /// The most rows a report shows of one table.
    public static let maxRows = 200

    /// A table from formatted cells; a column is numeric when every non-empty cell parses
    /// as a number (a closing "mean" or "total" row aside).
    public init(caption: String? = nil, columns: [String], rows: [[String]], omittedRows: Int = 0) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.omittedRows = omittedRows
        let summary: Set<String> = ["mean", "total"]
        numeric = columns.indices.map { j in
            rows.contains { j < $0.count && Double($0[j]) != nil } && rows.enumerated().allSatisfy { i, row in
                j >= row.count || row[j].isEmpty || Double(row[j]) != nil || row[j] == "nan"
                    || (i == rows.count - 1 && summary.contains(row[j]))
            }
        }
    }

    /// A region table (`measure`), at most ``maxRows`` rows.
    public init(_ table: RegionTable) {
        let shown = min(table.count, Self.maxRows)
        let rows = (0..<shown).map { i in table.columns.map { Self.short($0[i]) } }
        self.init(caption: "\(table.count) region\(table.count == 1 ? "" : "s")",
                  columns: table.columnNames, rows: rows, omittedRows: table.count - shown)
    }

    /// A table of records, at most ``maxRows`` rows, numbers written as ``TableText`` does.
    init(tabular t: some TabularValue) {
        let shown = min(t.rowCount, Self.maxRows)
        let formats = t.columnNames.indices.map { j in TableText.ColumnFormat((0..<t.rowCount).map { t.cell($0, j) }) }
        let rows = (0..<shown).map { i in t.columnNames.indices.map { formats[$0].text(t.cell(i, $0)) } }
        self.init(columns: t.columnNames, rows: rows, omittedRows: t.rowCount - shown)
    }

    /// A measurement for reading: integers as they are, others to 4 decimals (trailing
    /// zeros dropped), tiny or huge values with 4 significant digits.
    ///
    ///     ReportTable.short(0.8337201568607958)  // "0.8337"
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        if abs(x) < 1e-3 || abs(x) >= 1e9 { return String(format: "%.4g", x) }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    static func fixed(_ x: Double, _ digits: Int = 3) -> String {
        x.isNaN ? "nan" : String(format: "%.\(digits)f", x)
    }

    /// The tables of an evaluation: for label maps the scores per IoU threshold and the
    /// summary; for class maps and masks the per-class scores and the confusion matrix.
    static func tables(for e: EvaluationValue) -> [ReportTable] {
        if let m = e.instance {
            let rows = m.rows.map { r in
                [fixed(r.threshold, 2), String(r.truePositives), String(r.falsePositives), String(r.falseNegatives),
                 fixed(r.precision), fixed(r.recall), fixed(r.accuracy), fixed(r.f1), fixed(r.meanMatchedScore),
                 fixed(r.panopticQuality)]
            }
            let scores = ReportTable(caption: "instance metrics: \(m.trueCount) true, \(m.predictedCount) predicted objects",
                                     columns: ["IoU threshold", "TP", "FP", "FN", "precision", "recall", "accuracy", "F1",
                                               "mean IoU", "PQ"],
                                     rows: rows + [["mean", "", "", "", "", "", fixed(m.meanAccuracy), fixed(m.meanF1), "", ""]])
            let summary = ReportTable(caption: nil, columns: ["measure", "value"], rows: [
                ["aggregated Jaccard index", fixed(m.aggregatedJaccardIndex)],
                ["splits", String(m.splits)], ["merges", String(m.merges)],
                ["adapted Rand error", fixed(m.adaptedRandError)],
                ["variation of information (bits)", fixed(m.variationOfInformation.splits + m.variationOfInformation.merges)],
            ])
            return [scores, summary]
        }
        if let m = e.semantic {
            let names = m.confusion.classNames
            let perClass = ReportTable(
                caption: "semantic metrics: \(m.confusion.classCount) classes, \(m.confusion.total) pixels; pixel accuracy \(fixed(m.pixelAccuracy))",
                columns: ["class", "IoU", "Dice"],
                rows: names.indices.map { [names[$0], fixed(m.iou[$0]), fixed(m.dice[$0])] } + [["mean", fixed(m.meanIoU), fixed(m.meanDice)]])
            let k = m.confusion.classCount
            let confusion = ReportTable(caption: "confusion matrix (rows: true class, columns: predicted class)",
                                        columns: ["true \\ predicted"] + names,
                                        rows: (0..<k).map { t in [names[t]] + (0..<k).map { String(m.confusion[truth: t, predicted: $0]) } })
            return [perClass, confusion]
        }
        return []
    }
}
