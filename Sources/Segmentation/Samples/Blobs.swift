extension Samples {
    /// Random smooth binary blobs, like `skimage.data.binary_blobs`.
    ///
    /// As scikit-image: `int(1 / blobSizeFraction)²` random points (scaled by the aspect
    /// ratio when the image is not square) are set in an empty image, which is blurred with
    /// a Gaussian of σ = `blobSizeFraction · L / 4` (L the longer side, border `nearest`)
    /// and thresholded at its `100 · (1 − volumeFraction)` percentile. Here the Gaussian is
    /// the usual three-pass box approximation computed in integers, so the result is exact
    /// on every machine; blob shapes are statistically those of scikit-image, not the
    /// same pixels (its points come from NumPy's generator).
    ///
    /// - Parameters:
    ///   - width, height: the mask size, each in 8...8192 (default 256x256).
    ///   - volumeFraction: the fraction of pixels set, in (0, 1] (default 0.5); met to
    ///     within ties of the blurred values.
    ///   - blobSizeFraction: the typical blob size as a fraction of the longer side, in
    ///     (0, 1], at least one pixel (default 0.1).
    ///   - seed: any integer; the same seed gives the same mask on every machine.
    /// - Returns: a mask of the requested size.
    /// - Throws: ``PixelEngineError`` (operation `blobs`) for a size or fraction out of range.
    ///
    /// ```swift
    /// let blobs = try Samples.blobs(volumeFraction: 0.3, blobSizeFraction: 0.05, seed: 2)
    /// ```
    public static func blobs(width: Int = 256, height: Int = 256, volumeFraction: Double = 0.5,
                             blobSizeFraction: Double = 0.1, seed: UInt64 = 0) throws(PixelEngineError) -> Mask {
        let op = "blobs"
        try validateSize(width, height, op)
        if !(volumeFraction > 0 && volumeFraction <= 1) {
            throw PixelEngineError(op, "volumeFraction must be in (0, 1], got \(volumeFraction)")
        }
        let length = Double(max(width, height))
        if !(blobSizeFraction > 0 && blobSizeFraction <= 1) || blobSizeFraction * length < 1 {
            throw PixelEngineError(op, "blobSizeFraction must be in (0, 1] and at least one pixel (\(1 / length)), got \(blobSizeFraction)")
        }
        var rng = SampleRandom(seed: seed, stream: 3)
        let perSide = Int(1 / blobSizeFraction)
        let points = max(1, Int((Double(perSide * perSide) * Double(width) * Double(height) / (length * length)).rounded()))
        var values = [Int64](repeating: 0, count: width * height)
        for _ in 0..<points {
            values[rng.below(height) * width + rng.below(width)] = 1
        }
        let sigma = 0.25 * length * blobSizeFraction
        for box in boxWidths(sigma: sigma, passes: 3) {
            values = boxFilter(values, width: width, height: height, radius: (box - 1) / 2)
        }
        let threshold = percentile(values, 100 * (1 - volumeFraction))
        let bits = values.map { Double($0) >= threshold ? UInt8(1) : 0 }
        return Mask(uncheckedBits: Image(width: width, height: height, pixels: bits))
    }

    /// Odd box widths whose successive application approximates a Gaussian of `sigma`
    /// (the variance of a width-w box is (w² − 1) / 12).
    static func boxWidths(sigma: Double, passes n: Int) -> [Int] {
        let ideal = (12 * sigma * sigma / Double(n) + 1).squareRoot()
        var lower = Int(ideal)
        if lower % 2 == 0 { lower -= 1 }
        lower = max(lower, 1)
        let upper = lower + 2
        let wl = Double(lower), nd = Double(n)
        let m = Int(((12 * sigma * sigma - nd * wl * wl - 4 * nd * wl - 3 * nd) / (-4 * wl - 4)).rounded())
        return (0..<n).map { $0 < m ? lower : upper }
    }

    /// Sum over a (2r+1)² box, borders `nearest`, rows then columns; exact integers.
    static func boxFilter(_ input: [Int64], width w: Int, height h: Int, radius r: Int) -> [Int64] {
        if r == 0 { return input }
        var across = [Int64](repeating: 0, count: w * h)
        var out = [Int64](repeating: 0, count: w * h)
        input.withUnsafeBufferPointer { src in
            across.withUnsafeMutableBufferPointer { dst in
                let d = dst
                parallelRows(h, costPerRow: w * 4) { rows in
                    for y in rows {
                        let row = y * w
                        var sum: Int64 = 0
                        for k in -r...r { sum &+= src[row + min(max(k, 0), w - 1)] }
                        for x in 0..<w {
                            d[row + x] = sum
                            sum &+= src[row + min(x + r + 1, w - 1)] &- src[row + max(x - r, 0)]
                        }
                    }
                }
            }
        }
        across.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let d = dst
                parallelRows(w, costPerRow: h * 4) { columns in
                    for x in columns {
                        var sum: Int64 = 0
                        for k in -r...r { sum &+= src[min(max(k, 0), h - 1) * w + x] }
                        for y in 0..<h {
                            d[y * w + x] = sum
                            sum &+= src[min(y + r + 1, h - 1) * w + x] &- src[max(y - r, 0) * w + x]
                        }
                    }
                }
            }
        }
        return out
    }

    /// NumPy's default (linear) percentile.
    static func percentile(_ values: [Int64], _ q: Double) -> Double {
        let sorted = values.sorted()
        let index = Double(sorted.count - 1) * q / 100
        let low = Int(index.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let a = Double(sorted[low]), b = Double(sorted[high])
        return a + (b - a) * (index - Double(low))
    }
}
