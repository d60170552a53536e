/// Otsu's threshold, as `skimage.filters.threshold_otsu`.
extension ThresholdHistogram {
    /// The bin index `threshold_otsu` picks: the first maximum of the between-class variance
    /// `w1 · w2 · (m1 − m2)²` over splits after each bin, in scikit-image's number types.
    func otsuIndex() -> Int {
        isInteger ? Self.otsuIndex(counts: floatCounts, centers: centers)
                  : Self.otsuIndex(counts: floatCounts, centers: floatCenters)
    }

    /// `T` is the type of `counts * bin_centers`: `Double` for integer images, `Float` for
    /// float images. Weights stay `Float`, as numpy's `cumsum` of `float32` counts.
    static func otsuIndex<T: BinaryFloatingPoint>(counts: [Float], centers: [T]) -> Int {
        let n = counts.count
        precondition(n >= 2, "otsu: needs at least two bins")
        let weight1 = cumulativeSums(counts)
        let weight2 = reverseCumulativeSums(counts)
        let moments = (0..<n).map { T(counts[$0]) * centers[$0] }
        let sum1 = cumulativeSums(moments)
        let sum2 = reverseCumulativeSums(moments)
        var variance = [T](repeating: 0, count: n - 1)
        for i in 0..<(n - 1) {
            let mean1 = sum1[i] / T(weight1[i])
            let mean2 = sum2[i + 1] / T(weight2[i + 1])
            let d = mean1 - mean2
            variance[i] = T(weight1[i] * weight2[i + 1]) * (d * d)
        }
        return firstArgmax(variance)
    }
}
