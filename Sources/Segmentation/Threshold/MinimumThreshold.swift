/// The minimum threshold (Prewitt & Mendelsohn), as `skimage.filters.threshold_minimum`.
extension ThresholdHistogram {
    /// Smooths the histogram with a 3-bin running mean until it has two local maxima and
    /// returns the lowest bin between them, or throws when that takes `maxIterations`
    /// rounds or the histogram never has exactly two maxima (scikit-image's two errors).
    ///
    /// The smoothing is `scipy.ndimage.uniform_filter1d(h, 3)` on `float32` (mode
    /// `reflect`): a running sum in double, divided by 3 and rounded to `float32` per bin.
    func minimumIndex(maxIterations: Int, _ operation: String) throws(PixelEngineError) -> Int {
        var smooth = floatCounts
        let n = smooth.count
        var padded = [Double](repeating: 0, count: n + 2)
        var maxima: [Int] = []
        var rounds = 0
        for round in 0..<maxIterations {
            rounds = round
            padded[0] = Double(smooth[0])
            for i in 0..<n { padded[i + 1] = Double(smooth[i]) }
            padded[n + 1] = Double(smooth[n - 1])
            var running = padded[0] + padded[1] + padded[2]
            smooth[0] = Float(running / 3)
            if n > 1 {
                for i in 1..<n {
                    running += padded[i + 2] - padded[i - 1]
                    smooth[i] = Float(running / 3)
                }
            }
            maxima = Self.localMaxima(smooth)
            if maxima.count < 3 { break }
        }
        if maxima.count != 2 {
            throw PixelEngineError(operation, "the histogram never has exactly two peaks after smoothing (\(maxima.count) found); use another method, e.g. otsu")
        }
        if rounds == maxIterations - 1 {
            throw PixelEngineError(operation, "the histogram still has more than two peaks after \(maxIterations) smoothing rounds; use another method, e.g. otsu")
        }
        var best = maxima[0]
        for i in maxima[0]...maxima[1] where smooth[i] < smooth[best] { best = i }
        return best
    }

    /// Peaks as scikit-image finds them (plateaus count once, at their right end).
    static func localMaxima(_ hist: [Float]) -> [Int] {
        var result: [Int] = []
        var rising = true
        for i in 0..<(hist.count - 1) {
            if rising {
                if hist[i + 1] < hist[i] { rising = false; result.append(i) }
            } else if hist[i + 1] > hist[i] {
                rising = true
            }
        }
        return result
    }
}
