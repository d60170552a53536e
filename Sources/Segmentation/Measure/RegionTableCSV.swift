import Foundation

extension RegionTable {
    /// The table as RFC 4180 CSV: a header line of column names, then one line per row,
    /// fields separated by commas, lines ended by CRLF, fields quoted only when they hold
    /// a comma, quote, CR or LF.
    ///
    /// Numbers are byte-stable: an integral value below 2⁵³ in magnitude is written as an
    /// integer (`12`, `-3`); any other value in the shortest decimal form that reads back
    /// to the same `Double` (Swift's `description`: `0.1`, `1.5e-07`, `nan`, `inf`).
    ///
    /// ```swift
    /// try labels.regionprops(properties: [.area]).csv()
    /// // "label,area\r\n1,42\r\n2,7\r\n"
    /// ```
    public func csv() -> String {
        var out = columnNames.map(Self.csvField).joined(separator: ",")
        out += "\r\n"
        for i in 0..<count {
            for j in columns.indices {
                if j > 0 { out += "," }
                out += Self.csvNumber(columns[j][i])
            }
            out += "\r\n"
        }
        return out
    }

    /// Writes ``csv()`` to `path` atomically: readers see the old file or the whole new one,
    /// never a partial write (temporary file in the same folder, flushed, renamed over).
    ///
    /// - Throws: ``PixelEngineError`` (operation `writeCSV`) naming the path and the
    ///   system's reason when the folder is missing, not writable, or the disk fails.
    ///
    /// ```swift
    /// try table.writeCSV(to: "regions.csv")
    /// ```
    public func writeCSV(to path: String) throws(PixelEngineError) {
        do {
            try AtomicFile.write(Data(csv().utf8), to: path)
        } catch {
            throw PixelEngineError("writeCSV", "cannot write '\(path)': \(error.reason)")
        }
    }

    static func csvNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return value.description
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        var quoted = "\""
        for ch in text {
            if ch == "\"" { quoted += "\"\"" } else { quoted.append(ch) }
        }
        return quoted + "\""
    }
}
