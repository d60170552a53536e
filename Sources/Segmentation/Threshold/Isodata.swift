/// The ISODATA (Ridler–Calvard, inter-means) threshold, as `skimage.filters.threshold_isodata`.
extension ThresholdHistogram {
    /// The lowest bin centre `t` with `0 ≤ (mean below + mean above) / 2 − t < bin width`,
    /// in scikit-image's number types; nil when no bin satisfies it.
    func isodataIndex() -> Int? {
        isInteger ? Self.isodataIndex(counts: floatCounts, centers: centers)
                  : Self.isodataIndex(counts: floatCounts, centers: floatCenters)
    }

    static func isodataIndex<T: BinaryFloatingPoint>(counts: [Float], centers: [T]) -> Int? {
        let n = counts.count
        let below = cumulativeSums(counts)
        let total = below[n - 1]
        let intensity = cumulativeSums((0..<n).map { T(counts[$0]) * centers[$0] })
        let binWidth = centers[1] - centers[0]
        for i in 0..<(n - 1) {
            let lower = intensity[i] / T(below[i])
            let higher = (intensity[n - 1] - intensity[i]) / T(total - below[i])
            let distance = (lower + higher) / 2 - centers[i]
            if distance >= 0 && distance < binWidth { return i }
        }
        return nil
    }
}
