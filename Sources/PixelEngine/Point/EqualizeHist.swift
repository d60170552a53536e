extension Image {
    /// Histogram equalisation (`skimage.exposure.equalize_hist`): each sample becomes the
    /// fraction of samples at or below it.
    ///
    /// As scikit-image, integer images get one bin per integer value between the image's
    /// min and max (`nbins` is ignored), so the result is exactly the cumulative
    /// distribution at each value; float images get `nbins` bins over min...max, and each
    /// sample is linearly interpolated between bin centres (`numpy.interp`). All channels
    /// share one histogram.
    ///
    /// - Parameter nbins: bins for float images, ≥ 1.
    /// - Returns: a `Float` image in 0...1 of the same size and channel count.
    /// - Throws: ``PixelEngineError`` for an empty image, `nbins < 1`, or a float image
    ///   holding NaN or infinity.
    ///
    /// ```swift
    /// let flat = try gray8.equalizeHist()
    /// ```
    public func equalizeHist(nbins: Int = 256) throws(PixelEngineError) -> Image<Float> {
        let op = "equalizeHist"
        try Validate.nonEmpty(self, op)
        guard nbins >= 1 else { throw PixelEngineError(op, "nbins must be >= 1, got \(nbins)") }
        switch TypedImage(self) {
        case .uint8(let image):
            let counts = image.parallelValueCounts(start: 0, stride: 1, bins: 256)
            return image.applyingTable(Self.cdfTable(counts))
        case .uint16(let image):
            let counts = image.parallelValueCounts(start: 0, stride: 1, bins: 65536)
            return image.applyingTable(Self.cdfTable(counts))
        case .uint32(let image):
            var counts: [UInt32: Int] = [:]
            image.withUnsafeSamples { s in for v in s { counts[v, default: 0] += 1 } }
            let values = counts.keys.sorted()
            var running = 0
            var cdf: [UInt32: Float] = [:]
            let n = Double(image.pixelCount * image.channels)
            for v in values { running += counts[v]!; cdf[v] = Float(Double(running) / n) }
            return image.map { cdf[$0]! }
        case .float32(let image):
            let histogram: Histogram
            do { histogram = try image.histogram(bins: nbins) } catch {
                throw PixelEngineError(op, error.message)
            }
            // scikit-image: float32 bin centres and cdf, interpolated in double.
            let edges = histogram.edges.map { Float($0) }
            let centers = (0..<nbins).map { Double((edges[$0] + edges[$0 + 1]) / 2) }
            let cdf = histogram.cumulativeDistribution.map { Double(Float($0)) }
            return centers.withUnsafeBufferPointer { xp in
                cdf.withUnsafeBufferPointer { fp in
                    image.map { Float(Self.interp(Double($0), xp, fp)) }
                }
            }
        }
    }

    /// cdf[v] for values present between the min and max; values outside never occur.
    static func cdfTable(_ counts: [Int]) -> [Float] {
        let n = Double(counts.reduce(0, &+))
        var running = 0
        return counts.map { running &+= $0; return Float(Double(running) / n) }
    }

    /// `numpy.interp(x, xp, fp)` for increasing `xp`: clamps outside, linear inside.
    @inlinable
    static func interp(_ x: Double, _ xp: UnsafeBufferPointer<Double>, _ fp: UnsafeBufferPointer<Double>) -> Double {
        let last = xp.count - 1
        if !(x > xp[0]) { return x.isNaN ? x : fp[0] }
        if x >= xp[last] { return x == xp[last] ? fp[last] : fp[last] }
        var low = 0, high = last
        while high - low > 1 {
            let mid = (low + high) / 2
            if xp[mid] <= x { low = mid } else { high = mid }
        }
        let slope = (fp[low + 1] - fp[low]) / (xp[low + 1] - xp[low])
        return slope * (x - xp[low]) + fp[low]
    }
}
