/// Measurements of the regions of a label map: one row per label (ascending), one column
/// per measurement, every value a `Double`. `regionprops` gives the rows in ascending label
/// order; ``reordered(_:)`` (sorting by a column) may give any order.
///
/// The first column is always `label`. Columns are named as scikit-image's
/// `regionprops_table` names them (`area`, `centroid-0`, `bbox-2`, `intensity_mean-1`…),
/// so a table reads the same as a pandas frame built from scikit-image. Rows are views
/// (``RegionRow``) that read values by column name.
///
/// ```swift
/// let table = try labels.regionprops(intensity: gray)
/// let big = table.filter { $0["area"]! > 50 }
/// print(big.csv())
/// ```
public struct RegionTable: Sendable, Equatable {
    /// Column names, `"label"` first.
    public let columnNames: [String]
    /// The region labels, ascending; `labels[i]` is row `i`.
    public let labels: [UInt32]
    /// Values by column: `columns[j][i]` is column `columnNames[j]` of row `i`.
    public let columns: [[Double]]

    let columnIndex: [String: Int]

    /// A table from its columns. `columnNames` must be distinct and start with `"label"`,
    /// `labels` distinct, and every column as long as `labels` with column 0 equal to the
    /// labels.
    public init(columnNames: [String], labels: [UInt32], columns: [[Double]]) {
        precondition(columnNames.first == "label", "RegionTable: the first column must be 'label'")
        precondition(columnNames.count == columns.count, "RegionTable: \(columnNames.count) names for \(columns.count) columns")
        precondition(columns.allSatisfy { $0.count == labels.count }, "RegionTable: columns differ in length from the labels")
        let ascending = zip(labels, labels.dropFirst()).allSatisfy { $0 < $1 }
        precondition(ascending || Set(labels).count == labels.count, "RegionTable: labels must be distinct")
        var index = [String: Int](minimumCapacity: columnNames.count)
        for (j, name) in columnNames.enumerated() {
            precondition(index[name] == nil, "RegionTable: duplicate column '\(name)'")
            index[name] = j
        }
        self.columnNames = columnNames
        self.labels = labels
        self.columns = columns
        self.columnIndex = index
        self.ascending = ascending
    }

    /// Whether the labels ascend (then ``rowIndex(of:)`` searches by halves).
    let ascending: Bool

    /// Tables are equal when their column names, labels and values are (NaN ≠ NaN).
    public static func == (a: RegionTable, b: RegionTable) -> Bool {
        a.columnNames == b.columnNames && a.labels == b.labels && a.columns == b.columns
    }

    /// The number of rows (regions).
    public var count: Int { labels.count }

    /// True when the table has no rows.
    public var isEmpty: Bool { labels.isEmpty }

    /// The values of column `name`, one per row, or nil when there is no such column.
    ///
    /// ```swift
    /// let areas = table.column("area")!
    /// ```
    public func column(_ name: String) -> [Double]? {
        columnIndex[name].map { columns[$0] }
    }

    /// Every row, in label order.
    public var rows: [RegionRow] {
        (0..<count).map { RegionRow(table: self, index: $0) }
    }

    /// The row of region `label`, or nil when the table has no such region.
    ///
    /// ```swift
    /// table[label: 7]?["area"]
    /// ```
    public subscript(label label: UInt32) -> RegionRow? {
        guard let i = rowIndex(of: label) else { return nil }
        return RegionRow(table: self, index: i)
    }

    /// The row index of `label` (binary search).
    public func rowIndex(of label: UInt32) -> Int? {
        guard ascending else { return labels.firstIndex(of: label) }
        var lo = 0, hi = labels.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if labels[mid] < label { lo = mid + 1 } else { hi = mid }
        }
        return lo < labels.count && labels[lo] == label ? lo : nil
    }

    /// The rows for which `isIncluded` is true, as a table with the same columns.
    ///
    /// ```swift
    /// let round = table.filter { $0["eccentricity"]! < 0.5 && $0["area"]! >= 20 }
    /// ```
    public func filter<E: Error>(_ isIncluded: (RegionRow) throws(E) -> Bool) throws(E) -> RegionTable {
        var keep: [Int] = []
        for i in 0..<count where try isIncluded(RegionRow(table: self, index: i)) { keep.append(i) }
        return RegionTable(columnNames: columnNames, labels: keep.map { labels[$0] },
                           columns: columns.map { column in keep.map { column[$0] } })
    }

    /// The rows at `rows`, in that order, as a table with the same columns: a sorted view.
    /// Every index must be a valid row, and none repeated.
    ///
    /// ```swift
    /// let byArea = table.reordered(table.column("area")!.indices.sorted { table.columns[1][$0] < table.columns[1][$1] })
    /// ```
    public func reordered(_ rows: [Int]) -> RegionTable {
        RegionTable(columnNames: columnNames, labels: rows.map { labels[$0] },
                    columns: columns.map { column in rows.map { column[$0] } })
    }

    /// A table with only the named columns (plus `label`), in the order given.
    /// Unknown names are ignored.
    public func selecting(_ names: [String]) -> RegionTable {
        var picked = ["label"]
        for name in names where name != "label" && columnIndex[name] != nil && !picked.contains(name) { picked.append(name) }
        return RegionTable(columnNames: picked, labels: labels, columns: picked.map { columns[columnIndex[$0]!] })
    }
}

/// One row of a ``RegionTable``: the measurements of one region.
///
/// ```swift
/// for row in table.rows where row["area"]! > 100 { print(row.label, row["centroid-0"]!) }
/// ```
public struct RegionRow: Sendable {
    /// The table the row belongs to.
    public let table: RegionTable
    /// The row's position in the table.
    public let index: Int

    /// The region's label.
    public var label: UInt32 { table.labels[index] }

    /// The value of column `name`, or nil when the table has no such column.
    public subscript(_ name: String) -> Double? {
        table.columnIndex[name].map { table.columns[$0][index] }
    }

    /// The value of `property`'s first column (e.g. `centroid-0` for `.centroid`), or nil
    /// when the table lacks it.
    public subscript(_ property: RegionProperty) -> Double? {
        self[property.columnNames()[0]]
    }

    /// The row as (column name, value) pairs, in column order.
    public var values: [(name: String, value: Double)] {
        table.columnNames.indices.map { (table.columnNames[$0], table.columns[$0][index]) }
    }
}
