extension LabelMap {
    /// Markers for ``Image/watershed(markers:connectivity:mask:compactness:watershedLine:)``
    /// from a mask of seed regions (h-maxima, regional maxima, a hand-drawn mask): each
    /// connected region gets its own id, `1...n` in raster order of first pixels, as
    /// `skimage.measure.label(mask, connectivity)`.
    ///
    /// - Parameters:
    ///   - markers: the seed regions.
    ///   - connectivity: 2 (default, 8 neighbours) or 1.
    /// - Returns: a label map of the mask's size.
    /// - Throws: ``PixelEngineError`` (`labelsFromMarkers`) for an empty mask or a bad
    ///   connectivity.
    ///
    /// ```swift
    /// let seeds = try LabelMap.fromMarkers(try edt.hMaxima(h: 2))
    /// ```
    public static func fromMarkers(_ markers: Mask, connectivity: Int = 2) throws(PixelEngineError) -> LabelMap {
        if markers.width == 0 || markers.height == 0 {
            throw PixelEngineError("labelsFromMarkers", "the mask is empty (\(markers.width)x\(markers.height))")
        }
        try Validate.inRange(connectivity, 1...2, "connectivity", "labelsFromMarkers")
        do {
            return try markers.connectedComponents(connectivity: connectivity).labels
        } catch {
            throw PixelEngineError("labelsFromMarkers", error.message)
        }
    }

    /// Markers from points: point `i` gets id `i + 1` (later points overwrite earlier ones
    /// at the same pixel).
    ///
    /// - Parameters:
    ///   - points: pixel positions, each inside `width × height`.
    ///   - width: the map's width.
    ///   - height: the map's height.
    /// - Returns: a label map with one-pixel objects.
    /// - Throws: ``PixelEngineError`` (`labelsFromMarkers`) for a point outside the map or
    ///   a negative size.
    ///
    /// ```swift
    /// let seeds = try LabelMap.fromPoints([PixelCoordinate(x: 3, y: 4)], width: 64, height: 64)
    /// ```
    public static func fromPoints(_ points: [PixelCoordinate], width: Int, height: Int) throws(PixelEngineError) -> LabelMap {
        if width < 0 || height < 0 { throw PixelEngineError("labelsFromMarkers", "negative size \(width)x\(height)") }
        if let bad = points.first(where: { $0.x < 0 || $0.y < 0 || $0.x >= width || $0.y >= height }) {
            throw PixelEngineError("labelsFromMarkers", "point \(bad) is outside \(width)x\(height)")
        }
        if points.count >= Int(UInt32.max) { throw PixelEngineError("labelsFromMarkers", "too many points") }
        return Peaks(coordinates: points, width: width, height: height).markers
    }
}
