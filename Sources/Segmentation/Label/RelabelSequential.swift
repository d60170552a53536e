/// The result of ``LabelMap/relabelSequential(offset:)``: the new map and the maps
/// between old and new ids.
public struct SequentialRelabeling: Sendable, Equatable {
    /// The relabelled map: ids `offset, offset + 1, …` in increasing order of the old ids.
    public let labels: LabelMap
    /// Old id → new id, for every id present (and 0 → 0).
    public let forward: [UInt32: UInt32]
    /// New id → old id (and 0 → 0).
    public let inverse: [UInt32: UInt32]
}

extension LabelMap {
    /// Renumbers the objects `offset, offset + 1, …` keeping their order
    /// (`skimage.segmentation.relabel_sequential(labels, offset)`); 0 stays background.
    ///
    /// - Parameter offset: the first new id, ≥ 1 (default 1).
    /// - Returns: the new map and the forward (old → new) and inverse (new → old) maps.
    /// - Throws: ``PixelEngineError`` (`relabelSequential`) for an offset of 0 or ids that
    ///   would overflow 2³²−1.
    ///
    /// ```swift
    /// let r = try labels.relabelSequential()
    /// r.labels.maxLabel == UInt32(r.labels.labels.count)
    /// ```
    public func relabelSequential(offset: UInt32 = 1) throws(PixelEngineError) -> SequentialRelabeling {
        if offset == 0 { throw PixelEngineError("relabelSequential", "offset must be >= 1, got 0") }
        let present = areas().keys.sorted()
        if !present.isEmpty && UInt64(offset) + UInt64(present.count) - 1 > UInt64(UInt32.max) {
            throw PixelEngineError("relabelSequential", "\(present.count) ids from offset \(offset) overflow 2^32-1")
        }
        var forward: [UInt32: UInt32] = [0: 0]
        var inverse: [UInt32: UInt32] = [0: 0]
        for (i, old) in present.enumerated() {
            forward[old] = offset + UInt32(i)
            inverse[offset + UInt32(i)] = old
        }
        return SequentialRelabeling(labels: remapped(forward), forward: forward, inverse: inverse)
    }

    /// Every id replaced through `table` (ids missing from it become 0), in parallel; a
    /// dense lookup table when the ids are small.
    func remapped(_ table: [UInt32: UInt32]) -> LabelMap {
        let top = table.keys.max() ?? 0
        if top < 1 << 22 {
            var dense = [UInt32](repeating: 0, count: Int(top) + 1)
            for (k, v) in table { dense[Int(k)] = v }
            return dense.withUnsafeBufferPointer { lut in
                LabelMap(ids: ids.map { $0 <= top ? lut[Int($0)] : 0 })
            }
        }
        return LabelMap(ids: ids.map { table[$0] ?? 0 })
    }

    /// Pixel count of each id present (0 excluded).
    func areas() -> [UInt32: Int] {
        var counts: [UInt32: Int] = [:]
        let top = maxLabel
        if top < 1 << 22 {
            var dense = [Int](repeating: 0, count: Int(top) + 1)
            ids.withUnsafeSamples { s in for v in s { dense[Int(v)] &+= 1 } }
            for (k, c) in dense.enumerated() where k != 0 && c > 0 { counts[UInt32(k)] = c }
        } else {
            ids.withUnsafeSamples { s in for v in s where v != 0 { counts[v, default: 0] += 1 } }
        }
        return counts
    }
}
