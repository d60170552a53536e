/// Statistics of one connected component, computed while labelling.
///
/// Coordinates are pixels: `x` is the column, `y` the row. The bounding box is inclusive
/// (`minX...maxX`); scikit-image's `bbox` is `(minY, minX, maxY + 1, maxX + 1)` and
/// OpenCV's stats row is `(minX, minY, width, height, area)`.
public struct ComponentStats: Sendable, Hashable {
    /// The component's id in the label map (1, 2, …).
    public let label: UInt32
    /// Pixels in the component.
    public let area: Int
    /// Leftmost column.
    public let minX: Int
    /// Top row.
    public let minY: Int
    /// Rightmost column (inclusive).
    public let maxX: Int
    /// Bottom row (inclusive).
    public let maxY: Int
    /// Mean column of the component's pixels (scikit-image `centroid[1]`).
    public let centroidX: Double
    /// Mean row of the component's pixels (scikit-image `centroid[0]`).
    public let centroidY: Double

    /// Bounding-box width, `maxX - minX + 1`.
    public var width: Int { maxX - minX + 1 }
    /// Bounding-box height, `maxY - minY + 1`.
    public var height: Int { maxY - minY + 1 }

    /// Statistics as measured; ``Mask/connectedComponents(connectivity:)`` builds these.
    public init(label: UInt32, area: Int, minX: Int, minY: Int, maxX: Int, maxY: Int,
                centroidX: Double, centroidY: Double) {
        self.label = label
        self.area = area
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
        self.centroidX = centroidX
        self.centroidY = centroidY
    }
}

/// The connected components of a mask: a label map and per-component statistics.
///
/// Labels are `1...count`, numbered in raster order of each component's first pixel
/// (top to bottom, then left to right), exactly as `skimage.measure.label`; 0 is
/// background. `stats[i]` describes label `i + 1`.
///
/// ```swift
/// let cc = try mask.connectedComponents(connectivity: 2)
/// for object in cc.stats where object.area >= 50 { print(object.label, object.centroidX) }
/// ```
public struct ConnectedComponents: Sendable, Equatable {
    /// One id per pixel: 0 for background, `1...count` for the components.
    public let labels: LabelMap
    /// Statistics per component, `stats[i].label == i + 1`.
    public let stats: [ComponentStats]

    /// The number of components.
    public var count: Int { stats.count }

    /// Components from a label map and its statistics (`stats[i].label == i + 1`).
    public init(labels: LabelMap, stats: [ComponentStats]) {
        self.labels = labels
        self.stats = stats
    }

    /// The statistics of `label` (1-based).
    public subscript(label: UInt32) -> ComponentStats {
        precondition(label >= 1 && Int(label) <= stats.count, "ConnectedComponents: no label \(label) in 1...\(stats.count)")
        return stats[Int(label) - 1]
    }
}

extension Mask {
    /// Labels the connected components of the set pixels and measures them in the same
    /// pass (`skimage.measure.label` plus `regionprops` area, bbox and centroid; OpenCV
    /// `connectedComponentsWithStats`).
    ///
    /// - Parameter connectivity: 1 joins the 4 edge neighbours, 2 (default, as scikit-image)
    ///   also the 4 diagonal ones (8-connectivity).
    /// - Returns: labels `1...count` in raster order of first pixels (equal to
    ///   `skimage.measure.label(mask, connectivity=connectivity)`), 0 on background; the
    ///   label map has the mask's size.
    /// - Throws: ``PixelEngineError`` (operation `connectedComponents`) for an empty mask or
    ///   a connectivity other than 1 or 2.
    ///
    /// ```swift
    /// let cc = try mask.connectedComponents()
    /// let biggest = cc.stats.max { $0.area < $1.area }
    /// ```
    public func connectedComponents(connectivity: Int = 2) throws(PixelEngineError) -> ConnectedComponents {
        let runs = try runLabeling(connectivity: connectivity, operation: "connectedComponents")
        let (runLabels, count) = runs.rasterLabels()
        var area = [Int](repeating: 0, count: count)
        var minX = [Int](repeating: Int.max, count: count), maxX = [Int](repeating: -1, count: count)
        var minY = [Int](repeating: Int.max, count: count), maxY = [Int](repeating: -1, count: count)
        var sumX = [Int](repeating: 0, count: count), sumY = [Int](repeating: 0, count: count)
        for y in 0..<runs.height {
            for i in Int(runs.rowFirst[y])..<Int(runs.rowFirst[y + 1]) {
                let l = Int(runLabels[i]) - 1
                let s = Int(runs.starts[i]), e = Int(runs.ends[i])
                let n = e - s
                area[l] += n
                minX[l] = Swift.min(minX[l], s)
                maxX[l] = Swift.max(maxX[l], e - 1)
                minY[l] = Swift.min(minY[l], y)
                maxY[l] = y
                sumX[l] += (s + e - 1) * n / 2
                sumY[l] += y * n
            }
        }
        let stats = (0..<count).map { l in
            ComponentStats(label: UInt32(l + 1), area: area[l], minX: minX[l], minY: minY[l], maxX: maxX[l], maxY: maxY[l],
                           centroidX: Double(sumX[l]) / Double(area[l]), centroidY: Double(sumY[l]) / Double(area[l]))
        }
        let labels = runLabels.withUnsafeBufferPointer { runLabels in
            runs.paint(background: UInt32(0)) { i, _ in runLabels[i] }
        }
        return ConnectedComponents(labels: LabelMap(ids: labels), stats: stats)
    }

    /// Runs of set pixels (`foreground: true`) or unset pixels, joined by `connectivity`.
    func runLabeling(connectivity: Int, foreground: Bool = true, operation: String) throws(PixelEngineError) -> RunLabeling {
        try Validate.nonEmpty(bits, operation)
        guard connectivity == 1 || connectivity == 2 else {
            throw PixelEngineError(operation, "connectivity must be 1 (4-neighbours) or 2 (8-neighbours), got \(connectivity)")
        }
        return bits.withUnsafeSamples { samples in
            RunLabeling(samples.baseAddress!, width: width, height: height, background: foreground ? 0 : 1,
                        eightConnected: connectivity == 2, binary: true)
        }
    }
}
