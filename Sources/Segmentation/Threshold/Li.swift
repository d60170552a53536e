/// Li's minimum cross-entropy threshold, as `skimage.filters.threshold_li`.
#if canImport(Glibc)
import Glibc
#endif

extension Image {
    /// `threshold_li` with its default initial guess (the mean) and tolerance (0.5 for
    /// integer images, half the smallest gap between distinct values for float images), on
    /// an image with at least two distinct values.
    ///
    /// The integer path: scikit-image iterates on the value histogram of `image − min` in
    /// double (its weighted means are exact integer sums divided).
    static func liInteger(_ histogram: ThresholdHistogram) -> Double {
        let counts = histogram.counts
        let minimum = histogram.centers[0]
        // Prefix sums of counts and of count · (value − min), exact in Int.
        var countBelow = [Int](repeating: 0, count: counts.count + 1)
        var momentBelow = [Int](repeating: 0, count: counts.count + 1)
        for i in 0..<counts.count {
            countBelow[i + 1] = countBelow[i] + counts[i]
            momentBelow[i + 1] = momentBelow[i] + counts[i] * i
        }
        let total = countBelow[counts.count], totalMoment = momentBelow[counts.count]
        let tolerance = 0.5
        var next = Double(totalMoment) / Double(total)
        var current = -2 * tolerance
        while abs(next - current) > tolerance {
            current = next
            // Background: shifted values ≤ current, i.e. bins 0...floor(current).
            let split = min(counts.count, max(0, Int(current.rounded(.down)) + 1))
            let backCount = countBelow[split], foreCount = total - backCount
            let meanBack = Double(momentBelow[split]) / Double(backCount)
            let meanFore = Double(totalMoment - momentBelow[split]) / Double(foreCount)
            if meanBack == 0 { break }
            next = (meanBack - meanFore) / (log(meanBack) - log(meanFore))
        }
        return next + minimum
    }

    /// The float path, in `float32` as scikit-image computes for `float32` images: values
    /// shifted by the minimum, means of the pixels above and at-or-below the current guess.
    /// Means are exact sums rounded to `float32` (numpy sums pairwise in `float32`; the
    /// difference is far below the 1e-6 agreement this path promises).
    func liFloat() -> Double {
        var values = withUnsafeSamples { s in s.map { Float($0.doubleValue) } }
        let minimum = values.min()!
        for i in values.indices { values[i] -= minimum }
        values.sort()
        var prefix = [Double](repeating: 0, count: values.count + 1)
        var gap = Float.infinity
        for i in values.indices {
            prefix[i + 1] = prefix[i] + Double(values[i])
            if i > 0 && values[i] != values[i - 1] { gap = min(gap, values[i] - values[i - 1]) }
        }
        let tolerance = gap / 2
        let n = values.count
        var next = Float(prefix[n] / Double(n))
        var current = -2 * tolerance
        while abs(next - current) > tolerance {
            current = next
            // Number of values ≤ current (the background).
            var low = 0, high = n
            while low < high {
                let mid = (low + high) / 2
                if values[mid] <= current { low = mid + 1 } else { high = mid }
            }
            let split = low
            if split == 0 || split == n { break }
            let meanBack = Float(prefix[split] / Double(split))
            let meanFore = Float((prefix[n] - prefix[split]) / Double(n - split))
            if meanBack == 0 { break }
            next = (meanBack - meanFore) / (logf(meanBack) - logf(meanFore))
        }
        return Double(next + minimum)
    }
}
