/// The histogram scikit-image's global threshold methods start from
/// (`skimage.filters.thresholding._validate_image_histogram`), with the number types
/// scikit-image computes in, so that the methods can repeat its arithmetic step by step.
///
/// - Integer images (8- and 16-bit) get one bin per integer value over the image's
///   `min...max` (skimage's `bincount` path; `nbins` is ignored there). Bin centres are the
///   values themselves, and scikit-image multiplies its `float32` counts by those `int64`
///   centres in `float64`.
/// - Float images get `numpy.histogram(image, bins: 256)` over `min...max` with `float32`
///   edges; centres are `(edges[i] + edges[i+1]) / 2` rounded to `float32`, and the
///   arithmetic on them is `float32`.
struct ThresholdHistogram {
    /// Pixels per bin (exact).
    let counts: [Int]
    /// Bin centres in the image's units.
    let centers: [Double]
    /// The centres as `Float`, for the float path (equal to `centers` there).
    let floatCenters: [Float]
    /// Integer image: one bin per value, `float64` arithmetic on centres.
    let isInteger: Bool
    /// The first pixel's value (scikit-image returns it for single-valued images).
    let firstValue: Double
    /// True when every pixel holds the same value.
    let isConstant: Bool

    /// The counts as `float32`, as scikit-image converts them.
    var floatCounts: [Float] { counts.map { Float($0) } }
    var binCount: Int { counts.count }
}

/// The number of bins of scikit-image's float histograms.
let thresholdFloatBins = 256

extension Image {
    /// Checks that the image is a non-empty, finite, one-channel intensity image.
    func validateIntensity(_ operation: String) throws(PixelEngineError) {
        try Validate.nonEmpty(self, operation)
        try Validate.channels(self, [1], operation)
        if Sample.self == UInt32.self {
            throw PixelEngineError(operation, "needs an intensity image (uint8, uint16 or float32), got uint32 label ids")
        }
        if Sample.isFloatingPoint {
            let finite = withUnsafeSamples { s in s.allSatisfy { $0.doubleValue.isFinite } }
            if !finite {
                throw PixelEngineError(operation, "the image holds NaN or infinity; replace them first")
            }
        }
    }

    /// The histogram scikit-image thresholds (see ``ThresholdHistogram``). Validates first.
    func thresholdHistogram(_ operation: String) throws(PixelEngineError) -> ThresholdHistogram {
        try validateIntensity(operation)
        let first = withUnsafeSamples { $0[0].doubleValue }
        if Sample.isFloatingPoint {
            let h: Histogram
            do { h = try histogram(bins: thresholdFloatBins) } catch { throw PixelEngineError(operation, error.message) }
            let edges = h.edges.map { Float($0) }
            let centers = (0..<h.binCount).map { (edges[$0] + edges[$0 + 1]) / 2 }
            let constant = withUnsafeSamples { s in s.allSatisfy { $0 == s[0] } }
            return ThresholdHistogram(counts: h.counts, centers: centers.map(Double.init), floatCenters: centers,
                                      isInteger: false, firstValue: first, isConstant: constant)
        }
        let top = Sample.self == UInt8.self ? 255.0 : 65535.0
        let h: Histogram
        do { h = try histogram(bins: Int(top) + 1, range: 0...top) } catch { throw PixelEngineError(operation, error.message) }
        let low = h.counts.firstIndex { $0 > 0 }!, high = h.counts.lastIndex { $0 > 0 }!
        let centers = (low...high).map { Double($0) }
        return ThresholdHistogram(counts: Array(h.counts[low...high]), centers: centers,
                                  floatCenters: centers.map { Float($0) }, isInteger: true,
                                  firstValue: first, isConstant: low == high)
    }
}

/// Running sums in the order numpy's `cumsum` adds (left to right).
@inline(__always)
func cumulativeSums<T: BinaryFloatingPoint>(_ values: [T]) -> [T] {
    var running = T.zero
    return values.map { running += $0; return running }
}

/// Running sums from the right: `result[i] = values[i] + … + values[n-1]`, added in the
/// order of `numpy.cumsum(values[::-1])[::-1]`.
@inline(__always)
func reverseCumulativeSums<T: BinaryFloatingPoint>(_ values: [T]) -> [T] {
    var result = values
    var running = T.zero
    for i in stride(from: values.count - 1, through: 0, by: -1) {
        running += values[i]
        result[i] = running
    }
    return result
}

/// numpy's pairwise summation of a contiguous `float32` array (`np.sum`), reproduced so
/// that totals above 2²⁴ round as numpy's do.
func numpyPairwiseSum(_ values: ArraySlice<Float>) -> Float {
    let n = values.count
    let base = values.startIndex
    if n < 8 {
        var sum: Float = 0
        for i in 0..<n { sum += values[base + i] }
        return sum
    }
    if n <= 128 {
        var r = (0..<8).map { values[base + $0] }
        var i = 8
        while i < n - n % 8 {
            for j in 0..<8 { r[j] += values[base + i + j] }
            i += 8
        }
        var sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n { sum += values[base + i]; i += 1 }
        return sum
    }
    var half = n / 2
    half -= half % 8
    return numpyPairwiseSum(values[base..<(base + half)]) + numpyPairwiseSum(values[(base + half)...])
}

/// The index of the first largest element, as `numpy.argmax` (a NaN wins, as in numpy).
@inline(__always)
func firstArgmax<T: BinaryFloatingPoint>(_ values: [T]) -> Int {
    var best = 0
    for i in 1..<values.count {
        if values[best].isNaN { return best }
        if values[i] > values[best] || values[i].isNaN { best = i }
    }
    return best
}
