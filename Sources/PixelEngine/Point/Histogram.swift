/// Counts of samples in equal-width bins, as `numpy.histogram` with an integer `bins`.
///
/// Bin `i` holds the samples `v` with `edges[i] <= v < edges[i + 1]`; the last bin also
/// holds `v == edges[binCount]`. Samples outside `edges[0]...edges[binCount]` (and NaN) are
/// not counted. Threshold methods (Otsu, Li, …) work from this type.
///
/// ```swift
/// let h = try gray8.histogram()            // 256 bins over 0...255: bin i counts value i
/// h.counts[0]                               // black pixels
/// h.centers[128]                            // 127.998…
/// ```
public struct Histogram: Sendable, Equatable, CustomStringConvertible {
    /// Samples per bin; `counts.count == binCount`.
    public let counts: [Int]
    /// Bin boundaries, increasing; `edges.count == binCount + 1`.
    public let edges: [Double]

    /// A histogram from counts and edges you computed (e.g. of a masked region).
    /// `edges.count` must be `counts.count + 1`, both non-empty.
    public init(counts: [Int], edges: [Double]) {
        precondition(!counts.isEmpty && edges.count == counts.count + 1,
                     "Histogram: \(counts.count) counts need \(counts.count + 1) edges, got \(edges.count)")
        self.counts = counts
        self.edges = edges
    }

    /// The number of bins.
    public var binCount: Int { counts.count }
    /// The number of samples counted.
    public var total: Int { counts.reduce(0, &+) }
    /// The middle of each bin, `(edges[i] + edges[i + 1]) / 2`.
    public var centers: [Double] { (0..<counts.count).map { (edges[$0] + edges[$0 + 1]) / 2 } }
    /// The covered range, `edges[0]...edges[binCount]`.
    public var range: ClosedRange<Double> { edges[0]...edges[counts.count] }
    /// Running totals: `cumulativeCounts[i]` is the number of samples in bins `0...i`.
    public var cumulativeCounts: [Int] {
        var running = 0
        return counts.map { running &+= $0; return running }
    }
    /// The cumulative distribution, `cumulativeCounts / total` (all zero for an empty
    /// histogram); `skimage.exposure.cumulative_distribution` for the same bins.
    public var cumulativeDistribution: [Double] {
        let cumulative = cumulativeCounts
        let n = Double(cumulative.last ?? 0)
        return cumulative.map { n > 0 ? Double($0) / n : 0 }
    }

    /// The bin that `value` falls in, or nil when it is outside the range (or NaN).
    public func bin(of value: Double) -> Int? {
        let last = counts.count
        guard value >= edges[0], value <= edges[last] else { return nil }
        // Binary search for the last edge <= value; the top edge belongs to the last bin.
        var low = 0, high = last
        while high - low > 1 {
            let mid = (low + high) / 2
            if edges[mid] <= value { low = mid } else { high = mid }
        }
        return low
    }

    /// `"256 bins over 0.0...255.0, 4096 samples"`.
    public var description: String { "\(binCount) bins over \(range), \(total) samples" }
}

extension Image {
    /// The histogram of the samples, as `numpy.histogram(img, bins=bins, range=range)`.
    ///
    /// The edges are numpy's: `numpy.linspace(low, high, bins + 1)` in double precision for
    /// integer images; for float images in single precision, as numpy does for float32 data.
    /// A range with `low == high` is widened to `low - 0.5 ... high + 0.5`, as numpy. Counts are
    /// identical to numpy's for the same bins and range.
    ///
    /// Fast paths: 8-bit and 16-bit images are counted per value (in parallel) and folded
    /// into the bins, so 256 bins over 0...255 (the default) cost one pass and a merge.
    ///
    /// - Parameters:
    ///   - bins: the number of bins, ≥ 1.
    ///   - range: the covered values. `nil` is the type's range for integers (0...255,
    ///     0...65535; numpy would use the data's min...max) and the data's min...max for float.
    ///   - channel: one channel, or `nil` for all samples of all channels together.
    /// - Returns: the histogram.
    /// - Throws: ``PixelEngineError`` for an empty image, `bins < 1`, a non-finite or
    ///   reversed range, a float image holding NaN or infinity without a range, or a channel
    ///   out of range.
    ///
    /// ```swift
    /// let h = try gray16.histogram(bins: 1024)
    /// let f = try floatImage.histogram(bins: 64, range: 0...1)
    /// ```
    public func histogram(bins: Int = 256, range: ClosedRange<Double>? = nil, channel: Int? = nil) throws(PixelEngineError) -> Histogram {
        let op = "histogram"
        try Validate.nonEmpty(self, op)
        try checkChannel(channel, op)
        guard bins >= 1 else { throw PixelEngineError(op, "bins must be >= 1, got \(bins)") }
        if let range, !(range.lowerBound.isFinite && range.upperBound.isFinite) {
            throw PixelEngineError(op, "range must be finite, got \(range)")
        }
        let start = channel ?? 0, stride = channel == nil ? 1 : channels
        switch TypedImage(self) {
        case .uint8(let image):
            let raw = image.parallelValueCounts(start: start, stride: stride, bins: 256)
            return Self.fold(raw, bins: bins, range: range ?? 0...255)
        case .uint16(let image):
            let raw = image.parallelValueCounts(start: start, stride: stride, bins: 65536)
            return Self.fold(raw, bins: bins, range: range ?? 0...65535)
        case .uint32(let image):
            let r = range ?? 0...4_294_967_295
            let edges = Self.doubleEdges(r.lowerBound, r.upperBound, bins)
            var counts = [Int](repeating: 0, count: bins)
            let probe = Histogram(counts: counts, edges: edges)
            image.withUnsafeSamples { s in
                for i in Swift.stride(from: start, to: s.count, by: stride) {
                    if let b = probe.bin(of: Double(s[i])) { counts[b] += 1 }
                }
            }
            return Histogram(counts: counts, edges: edges)
        case .float32(let image):
            let edges: [Float]
            if let range {
                // numpy: a Python-float range is spaced in double, then cast to float32.
                edges = Self.doubleEdges(range.lowerBound, range.upperBound, bins).map { Float($0) }
            } else {
                let (lo, hi) = image.floatMinMax(start: start, stride: stride)
                guard lo.isFinite, hi.isFinite else {
                    throw PixelEngineError(op, "the image holds NaN or infinity; pass a range")
                }
                edges = Self.floatEdges(lo, hi, bins)
            }
            for i in 0..<bins where !(edges[i] < edges[i + 1]) {
                throw PixelEngineError(op, "too many bins (\(bins)) for the range \(edges[0])...\(edges[bins]) in float32")
            }
            return Histogram(counts: image.floatCounts(edges: edges, start: start, stride: stride),
                             edges: edges.map(Double.init))
        }
    }

    /// numpy.linspace(low, high, bins + 1) in double, after numpy's widening of an empty range.
    static func doubleEdges(_ low: Double, _ high: Double, _ bins: Int) -> [Double] {
        var first = low, last = high
        if first == last { first -= 0.5; last += 0.5 }
        let step = (last - first) / Double(bins)
        return (0...bins).map { $0 == bins ? last : Double($0) * step + first }
    }

    /// numpy.linspace(low, high, bins + 1) with float32 endpoints (float32 arithmetic).
    static func floatEdges(_ low: Float, _ high: Float, _ bins: Int) -> [Float] {
        var first = low, last = high
        if first == last { first -= 0.5; last += 0.5 }
        let step = (last - first) / Float(bins)
        return (0...bins).map { $0 == bins ? last : Float($0) * step + first }
    }

    /// Folds per-value counts (value v at index v) into numpy bins over `range`.
    static func fold(_ raw: [Int], bins: Int, range: ClosedRange<Double>) -> Histogram {
        let edges = doubleEdges(range.lowerBound, range.upperBound, bins)
        var counts = [Int](repeating: 0, count: bins)
        if bins == raw.count && range.lowerBound == 0 && range.upperBound == Double(raw.count - 1) {
            // One bin per value: edges[i] = i·(n-1)/n ≤ i < edges[i+1].
            return Histogram(counts: raw, edges: edges)
        }
        let probe = Histogram(counts: counts, edges: edges)
        for (value, count) in raw.enumerated() where count > 0 {
            if let b = probe.bin(of: Double(value)) { counts[b] &+= count }
        }
        return Histogram(counts: counts, edges: edges)
    }
}

extension Image where Sample: FixedWidthInteger {
    /// Per-value counts, in parallel: each band counts into its own table with four
    /// interleaved sub-tables (consecutive equal samples do not wait on each other's store).
    func parallelValueCounts(start: Int, stride: Int, bins: Int) -> [Int] {
        let total = withUnsafeSamples { $0.count }
        let bands = Swift.max(1, Swift.min(height, ParallelRows.processorCount * 2))
        let lanes = bins <= 256 ? 4 : 1
        var tables = [UInt32](repeating: 0, count: bands * lanes * bins)
        let perBand = (total + bands - 1) / bands
        tables.withUnsafeMutableBufferPointer { t in
            let tablesBase = t.baseAddress!
            withUnsafeSamples { s in
                let base = s.baseAddress!
                parallelRows(bands, costPerRow: perBand) { range in
                    for band in range {
                        // Bands split rows, so each band starts on a pixel boundary.
                        let rowFrom = height * band / bands, rowTo = height * (band + 1) / bands
                        let from = rowFrom * rowStride, to = rowTo * rowStride
                        let table = tablesBase + band * lanes * bins
                        if stride == 1 && lanes == 4 {
                            var i = from
                            while i &+ 4 <= to {
                                table[Int(base[i])] &+= 1
                                table[bins &+ Int(base[i &+ 1])] &+= 1
                                table[2 &* bins &+ Int(base[i &+ 2])] &+= 1
                                table[3 &* bins &+ Int(base[i &+ 3])] &+= 1
                                i &+= 4
                            }
                            while i < to { table[Int(base[i])] &+= 1; i &+= 1 }
                        } else {
                            var i = from &+ start
                            while i < to { table[Int(base[i])] &+= 1; i &+= stride }
                        }
                    }
                }
            }
        }
        var counts = [Int](repeating: 0, count: bins)
        for k in 0..<(bands * lanes) {
            for v in 0..<bins { counts[v] &+= Int(tables[k &* bins &+ v]) }
        }
        return counts
    }
}

extension Image where Sample == Float {
    func floatMinMax(start: Int, stride: Int) -> (Float, Float) {
        withUnsafeSamples { s in
            var lo = Float.infinity, hi = -Float.infinity
            var i = start
            while i < s.count {
                let v = s[i]
                if v.isNaN { return (Float.nan, Float.nan) }
                if v < lo { lo = v }
                if v > hi { hi = v }
                i &+= stride
            }
            return (lo, hi)
        }
    }

    /// numpy's uniform-bin algorithm: a computed guess, corrected against the edges, so
    /// the result depends only on the edges.
    func floatCounts(edges: [Float], start: Int, stride: Int) -> [Int] {
        let bins = edges.count - 1
        let first = edges[0], last = edges[bins]
        let scale = Float(bins) / (last - first)
        let bands = Swift.max(1, Swift.min(height, ParallelRows.processorCount * 2))
        var tables = [Int](repeating: 0, count: bands * bins)
        tables.withUnsafeMutableBufferPointer { t in
            let tablesBase = t.baseAddress!
            edges.withUnsafeBufferPointer { e in
                withUnsafeSamples { s in
                    parallelRows(bands, costPerRow: s.count / bands) { range in
                        for band in range {
                            let from = height * band / bands * rowStride
                            let to = height * (band + 1) / bands * rowStride
                            let table = tablesBase + band * bins
                            var i = from &+ start
                            while i < to {
                                let v = s[i]
                                i &+= stride
                                guard v >= first && v <= last else { continue }
                                var b = Int((v - first) * scale)
                                if b >= bins { b = bins &- 1 }
                                if b > 0 && v < e[b] { b &-= 1 }
                                if b < bins &- 1 && v >= e[b &+ 1] { b &+= 1 }
                                table[b] &+= 1
                            }
                        }
                    }
                }
            }
        }
        var counts = [Int](repeating: 0, count: bins)
        for k in 0..<bands { for b in 0..<bins { counts[b] &+= tables[k &* bins &+ b] } }
        return counts
    }
}
