extension Mask {
    /// Fills the holes of the mask: unset regions that cannot be reached from the image
    /// border (`scipy.ndimage.binary_fill_holes`).
    ///
    /// - Parameter connectivity: how unset pixels join into regions: 1 (default, scipy's
    ///   default structure) through edges, 2 also through corners.
    /// - Returns: a mask of the same size, a superset of this one, whose unset pixels all
    ///   connect to the border.
    /// - Throws: ``PixelEngineError`` (operation `fillHoles`) for an empty mask or a
    ///   connectivity other than 1 or 2.
    ///
    /// ```swift
    /// let solid = try cells.fillHoles()
    /// ```
    public func fillHoles(connectivity: Int = 1) throws(PixelEngineError) -> Mask {
        let runs = try runLabeling(connectivity: connectivity, foreground: false, operation: "fillHoles")
        var touches = [Bool](repeating: false, count: runs.runCount)
        let last = Int32(width)
        for y in 0..<height {
            let edgeRow = y == 0 || y == height - 1
            for i in Int(runs.rowFirst[y])..<Int(runs.rowFirst[y + 1])
            where edgeRow || runs.starts[i] == 0 || runs.ends[i] == last {
                touches[Int(runs.root[i])] = true
            }
        }
        return Mask(uncheckedBits: runs.paint(background: UInt8(1)) { i, _ in touches[Int(runs.root[i])] ? 0 : 1 })
    }
}
