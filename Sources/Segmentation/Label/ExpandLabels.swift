extension LabelMap {
    /// Grows every object by up to `distance` pixels into the background without
    /// overlapping (`skimage.segmentation.expand_labels(labels, distance, spacing)`): each
    /// background pixel within `distance` of an object takes the id of its nearest object
    /// pixel, found with the feature transform. Ties between equidistant objects are broken
    /// as scipy's feature transform breaks them, so the result equals scikit-image's.
    ///
    /// - Parameters:
    ///   - distance: how far to grow, ≥ 0 (in `sampling` units).
    ///   - sampling: pixel spacing along y and x; default 1 × 1.
    /// - Returns: a label map of the same size; existing objects are unchanged.
    /// - Throws: ``PixelEngineError`` (`expandLabels`) for an empty map, a negative or NaN
    ///   distance, or a bad spacing.
    ///
    /// ```swift
    /// let cells = try nuclei.expandLabels(distance: 10)
    /// ```
    public func expandLabels(distance: Double = 1, sampling: (y: Double, x: Double)? = nil) throws(PixelEngineError) -> LabelMap {
        let op = "expandLabels"
        if !(distance >= 0) { throw PixelEngineError(op, "distance must be >= 0, got \(distance)") }
        if width == 0 || height == 0 { throw PixelEngineError(op, "the label map is empty (\(width)x\(height))") }
        let background = Mask(uncheckedBits: ids.map { $0 == 0 ? 1 : 0 })
        try EDTKernel.validate(background, sampling, op)
        let ft = EDTKernel.run(background, sampling: sampling, features: true)
        let nearest = ft.indices!
        let limit = Float(distance)
        // scipy's distances are float64; compare in Double from the exact squared distance
        // only where float32 rounding could matter.
        return ids.withUnsafeSamples { src in
            nearest.withUnsafeSamples { near in
                ft.distances.withUnsafeSamples { dist in
                    LabelMap(ids: Image<UInt32>.generate(width: width, height: height) { rows, out in
                        for y in rows {
                            for x in 0..<width {
                                let i = y * width + x
                                let n = near[i]
                                let within = dist[i] < limit || (dist[i] == limit && Self.exactlyWithin(i, n, width, sampling, distance))
                                out[i] = n != FeatureTransform.none && within ? src[Int(n)] : 0
                            }
                        }
                    })
                }
            }
        }
    }

    /// Whether pixel `i` is within `distance` of pixel `n`, in doubles as scipy computes it.
    static func exactlyWithin(_ i: Int, _ n: UInt32, _ w: Int, _ s: (y: Double, x: Double)?, _ distance: Double) -> Bool {
        let dy = Double(Int(n) / w - i / w) * (s?.y ?? 1), dx = Double(Int(n) % w - i % w) * (s?.x ?? 1)
        return (dy * dy + dx * dx).squareRoot() <= distance
    }
}
