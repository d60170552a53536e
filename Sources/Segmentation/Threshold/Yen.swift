/// Yen's threshold, as `skimage.filters.threshold_yen`.
#if canImport(Glibc)
import Glibc
#endif

extension ThresholdHistogram {
    /// The bin index `threshold_yen` picks, in its `float32` arithmetic: the first maximum of
    /// `log(P1·(1 − P1))² / (ΣP1² · ΣP2²))` over splits after each bin.
    func yenIndex() -> Int {
        let counts = floatCounts
        let n = counts.count
        let total = numpyPairwiseSum(counts[...])
        let pmf = counts.map { $0 / total }
        let p1 = cumulativeSums(pmf)
        let squares = pmf.map { $0 * $0 }
        let p1Squares = cumulativeSums(squares)
        let p2Squares = reverseCumulativeSums(squares)
        var criterion = [Float](repeating: 0, count: n - 1)
        for i in 0..<(n - 1) {
            let spread = p1[i] * (1 - p1[i])
            criterion[i] = logf((1 / (p1Squares[i] * p2Squares[i + 1])) * (spread * spread))
        }
        return firstArgmax(criterion)
    }
}
