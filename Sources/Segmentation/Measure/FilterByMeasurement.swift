extension LabelMap {
    /// Keeps the regions whose row in `table` passes `isIncluded`; every other pixel
    /// (including labels the table does not list) becomes background.
    ///
    /// - Parameters:
    ///   - table: measurements of this label map, usually from ``regionprops(properties:)``.
    ///   - relabel: false (default) keeps the ids; true renumbers the kept regions
    ///     `1...k` in ascending order of their old ids.
    ///   - isIncluded: the test, given each table row.
    /// - Returns: a label map of the same size.
    ///
    /// ```swift
    /// let table = try labels.regionprops(properties: [.area, .solidity])
    /// let solid = labels.filter(by: table) { $0["area"]! > 50 && $0["solidity"]! > 0.9 }
    /// ```
    public func filter<E: Error>(by table: RegionTable, relabel: Bool = false,
                                 _ isIncluded: (RegionRow) throws(E) -> Bool) throws(E) -> LabelMap {
        keeping(try table.filter(isIncluded).labels, relabel: relabel)
    }

    /// Keeps only the given labels; all other pixels become background.
    ///
    /// - Parameters:
    ///   - labels: the ids to keep (any order; repeats and 0 are ignored).
    ///   - relabel: false (default) keeps the ids; true renumbers the kept labels that are
    ///     present `1...k` in ascending order of their old ids.
    /// - Returns: a label map of the same size.
    ///
    /// ```swift
    /// let two = labels.keeping([3, 8], relabel: true) // 3 → 1, 8 → 2
    /// ```
    public func keeping(_ labels: some Sequence<UInt32>, relabel: Bool = false) -> LabelMap {
        var kept = Array(Set(labels).subtracting([0])).sorted()
        if relabel {
            let present = Set(self.labels)
            kept = kept.filter { present.contains($0) }
        }
        let maxLabel = Int(self.maxLabel)
        if maxLabel <= LabelSlots.denseLimit(pixels: width * height) {
            var table = [UInt32](repeating: 0, count: maxLabel + 1)
            for (i, id) in kept.enumerated() where Int(id) <= maxLabel {
                table[Int(id)] = relabel ? UInt32(i + 1) : id
            }
            return table.withUnsafeBufferPointer { table in
                LabelMap(ids: ids.map { table[Int($0)] })
            }
        }
        return kept.withUnsafeBufferPointer { kept in
            LabelMap(ids: ids.mapRows { _, input, output in
                // Runs of equal ids are common: remember the last lookup.
                var lastID: UInt32 = 0, lastOut: UInt32 = 0
                for x in 0..<input.count {
                    let id = input[x]
                    if id != lastID {
                        lastID = id
                        var lo = 0, hi = kept.count
                        while lo < hi {
                            let mid = (lo &+ hi) >> 1
                            if kept[mid] < id { lo = mid &+ 1 } else { hi = mid }
                        }
                        lastOut = lo < kept.count && kept[lo] == id ? (relabel ? UInt32(lo + 1) : id) : 0
                    }
                    output[x] = id == 0 ? 0 : lastOut
                }
            })
        }
    }
}
