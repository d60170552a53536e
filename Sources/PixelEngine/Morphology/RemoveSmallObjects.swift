extension Mask {
    /// Removes connected components smaller than `minSize` pixels; objects of exactly
    /// `minSize` pixels stay. Equals `skimage.morphology.remove_small_objects(mask,
    /// max_size=minSize - 1, connectivity=…)` in scikit-image 0.26 (whose deprecated
    /// `min_size` argument is now forwarded to `max_size`, which removes sizes `<=`), and
    /// `min_size=minSize` in earlier versions.
    ///
    /// - Parameters:
    ///   - minSize: the smallest area kept; default 64 as scikit-image.
    ///   - connectivity: 1 (default, as scikit-image) or 2, see ``connectedComponents(connectivity:)``.
    /// - Returns: a mask of the same size, a subset of this one.
    /// - Throws: ``PixelEngineError`` (operation `removeSmallObjects`) for an empty mask, a
    ///   negative `minSize` or a connectivity other than 1 or 2.
    ///
    /// ```swift
    /// let clean = try mask.removeSmallObjects(minSize: 30)
    /// ```
    public func removeSmallObjects(minSize: Int = 64, connectivity: Int = 1) throws(PixelEngineError) -> Mask {
        guard minSize >= 0 else {
            throw PixelEngineError("removeSmallObjects", "minSize must be >= 0, got \(minSize)")
        }
        let runs = try runLabeling(connectivity: connectivity, operation: "removeSmallObjects")
        let area = runs.areasByRoot()
        return Mask(uncheckedBits: runs.paint(background: UInt8(0)) { i, _ in area[Int(runs.root[i])] >= minSize ? 1 : 0 })
    }

    /// Fills unset regions smaller than `areaThreshold` pixels. Equals
    /// `skimage.morphology.remove_small_holes(mask, max_size=areaThreshold - 1,
    /// connectivity=…)` in scikit-image 0.26, `area_threshold=areaThreshold` before.
    ///
    /// As in scikit-image, a "hole" is any connected region of unset pixels, including
    /// regions that touch the border: a small unset region in a corner is filled too.
    ///
    /// - Parameters:
    ///   - areaThreshold: unset regions of fewer pixels are filled; default 64.
    ///   - connectivity: how unset pixels join: 1 (default) or 2.
    /// - Returns: a mask of the same size, a superset of this one.
    /// - Throws: ``PixelEngineError`` (operation `removeSmallHoles`) for an empty mask, a
    ///   negative threshold or a connectivity other than 1 or 2.
    ///
    /// ```swift
    /// let solid = try mask.removeSmallHoles(areaThreshold: 20)
    /// ```
    public func removeSmallHoles(areaThreshold: Int = 64, connectivity: Int = 1) throws(PixelEngineError) -> Mask {
        guard areaThreshold >= 0 else {
            throw PixelEngineError("removeSmallHoles", "areaThreshold must be >= 0, got \(areaThreshold)")
        }
        let runs = try runLabeling(connectivity: connectivity, foreground: false, operation: "removeSmallHoles")
        let area = runs.areasByRoot()
        return Mask(uncheckedBits: runs.paint(background: UInt8(1)) { i, _ in area[Int(runs.root[i])] >= areaThreshold ? 0 : 1 })
    }
}
