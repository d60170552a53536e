extension LabelMap {
    /// Keeps the objects whose area (in pixels) lies in `minSize...maxSize`; the others
    /// become background. Ids are not renumbered (see ``relabelSequential(offset:)``).
    ///
    /// - Parameters:
    ///   - minSize: smallest area kept, ≥ 0 (default 0).
    ///   - maxSize: largest area kept; nil (default) for no limit.
    /// - Returns: a label map of the same size holding a subset of the ids.
    /// - Throws: ``PixelEngineError`` (`filterLabels`) for negative sizes or `maxSize < minSize`.
    ///
    /// ```swift
    /// let cells = try objects.filterBySize(minSize: 50, maxSize: 5000)
    /// ```
    public func filterBySize(minSize: Int = 0, maxSize: Int? = nil) throws(PixelEngineError) -> LabelMap {
        if minSize < 0 { throw PixelEngineError("filterLabels", "minSize must be >= 0, got \(minSize)") }
        if let maxSize, maxSize < minSize {
            throw PixelEngineError("filterLabels", "maxSize (\(maxSize)) must be >= minSize (\(minSize))")
        }
        var table: [UInt32: UInt32] = [0: 0]
        for (id, area) in areas() where area >= minSize && area <= (maxSize ?? Int.max) { table[id] = id }
        return remapped(table)
    }
}
