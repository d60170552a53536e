/// The triangle threshold (Zack et al.), as `skimage.filters.threshold_triangle`.
extension ThresholdHistogram {
    /// The bin farthest below the line from the histogram's peak to the end of its longer
    /// tail, in scikit-image's arithmetic. The histogram has at least two bins.
    func triangleIndex() -> Int {
        var hist = counts
        let n = hist.count
        var peak = firstArgmax(hist.map(Double.init))
        let peakCount = hist[peak]
        var low = hist.firstIndex { $0 > 0 }!
        let high = hist.lastIndex { $0 > 0 }!
        // Work on the longer tail: flip when the left one is shorter.
        let flip = peak - low < high - peak
        if flip {
            hist.reverse()
            low = n - high - 1
            peak = n - peak - 1
        }
        let width = peak - low
        // numpy squares and adds in int64, then takes the root in double.
        let norm = Double(peakCount &* peakCount &+ width &* width).squareRoot()
        let h = Double(peakCount) / norm, w = Double(width) / norm
        var best = 0
        var bestLength = -Double.infinity
        for x in 0..<width {
            let length = h * Double(x) - w * Double(hist[x + low])
            if length > bestLength { bestLength = length; best = x }
        }
        let level = best + low
        return flip ? n - level - 1 : level
    }
}
