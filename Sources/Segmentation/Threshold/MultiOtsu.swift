/// Multi-level Otsu thresholds, as `skimage.filters.threshold_multiotsu`, and the class map
/// they make (`numpy.digitize`).

/// The search behind ``Image/multiOtsu(classes:)``.
///
/// scikit-image tries every combination of thresholds (O(binsᵏ⁻¹)) in `float32` and keeps
/// the first (lexicographically) that beats the best so far. Its answer depends on
/// `float32` rounding when near-optimal combinations tie, so to equal it exactly this
/// search visits combinations in the same order and scores them with the same `float32`
/// terms and additions, but prunes every branch whose exact best (an upper bound from
/// dynamic programming in double over the histogram) is provably below the optimum by more
/// than `float32` rounding can bridge. Only near-optimal branches are opened: on 256 bins
/// 5 classes take microseconds to milliseconds instead of minutes.
struct MultiOtsuSearch {
    /// Cumulative probability (scikit-image's zeroth moment `P`).
    let zeroth: [Float]
    /// Cumulative first moment `S`, with scikit-image's `S[0] = prob[0]`.
    let first: [Float]
    let bins: Int
    /// The number of thresholds (classes − 1).
    let thresholds: Int

    init(probabilities prob: [Float], thresholds: Int) {
        let n = prob.count
        var zeroth = [Float](repeating: 0, count: n)
        var first = [Float](repeating: 0, count: n)
        zeroth[0] = prob[0]
        first[0] = prob[0]
        for i in 1..<n {
            zeroth[i] = zeroth[i - 1] + prob[i]
            first[i] = first[i - 1] + Float(i) * prob[i]
        }
        self.zeroth = zeroth
        self.first = first
        self.bins = n
        self.thresholds = thresholds
    }

    /// The between-class term of bins `i...j`, as scikit-image's lookup table holds it
    /// (`float32`; 0 for an empty class and, as in its table, for `i == j == 0`).
    @inline(__always)
    func term(_ i: Int, _ j: Int) -> Float {
        if i == 0 {
            if j == 0 { return 0 }
            let z = zeroth[j]
            if z > 0 { let f = first[j]; return (f * f) / z }
            return 0
        }
        let z = zeroth[j] - zeroth[i - 1]
        if z > 0 {
            let f = first[j] - first[i - 1]
            return (f * f) / z
        }
        return 0
    }

    /// `bound[m][i]`: the largest exact sum of terms over `m` non-empty classes covering
    /// bins `i...bins-1` (−∞ when impossible).
    func upperBounds() -> [[Double]] {
        let n = bins
        var bound = [[Double]](repeating: [Double](repeating: -.infinity, count: n + 1), count: thresholds + 2)
        for i in 0..<n { bound[1][i] = Double(term(i, n - 1)) }
        if thresholds >= 1 {
            for m in 2...(thresholds + 1) {
                if n <= 1024 {
                    for i in 0..<n { bound[m][i] = bestSplit(i, m, 0, n - 1, bound[m - 1]).value }
                } else {
                    // Optimal splits move right as i does (the between-class term is a
                    // concave Monge cost): divide and conquer, O(n log n) per class count.
                    fillMonotone(&bound[m], m, bound[m - 1], 0, n - 1, 0, n - 1)
                }
            }
        }
        return bound
    }

    /// The best first class `i...j` with `j` in `lo...hi` for `m` classes over `i...n−1`.
    func bestSplit(_ i: Int, _ m: Int, _ lo: Int, _ hi: Int, _ rest: [Double]) -> (value: Double, split: Int) {
        var best = -Double.infinity, split = max(i, lo)
        var j = max(i, lo)
        while j <= hi && j + m - 1 <= bins - 1 {
            let r = rest[j + 1]
            if r > -.infinity {
                let v = Double(term(i, j)) + r
                if v > best { best = v; split = j }
            }
            j += 1
        }
        return (best, split)
    }

    func fillMonotone(_ row: inout [Double], _ m: Int, _ rest: [Double], _ from: Int, _ to: Int, _ lo: Int, _ hi: Int) {
        if from > to { return }
        let mid = (from + to) / 2
        let (value, split) = bestSplit(mid, m, lo, hi, rest)
        row[mid] = value
        fillMonotone(&row, m, rest, from, mid - 1, lo, split)
        fillMonotone(&row, m, rest, mid + 1, to, split, hi)
    }

    /// The threshold bin indices scikit-image returns.
    func run() -> [Int] {
        let k = thresholds
        let bound = upperBounds()
        let optimum = bound[k + 1][0]
        // Summing k + 1 positive float32 terms errs by < (k + 1)·2⁻²⁴ relative; margin 4×.
        let slack = Double(4 * (k + 2)) * 0x1p-24
        let floor = optimum * (1 - slack)
        var current = [Int](repeating: 0, count: k)
        var best = current
        var bestSigma: Float = 0
        var found = false

        func visit(_ depth: Int, _ start: Int, _ partial: Double) {
            if depth == k {
                var sigma = term(0, current[0]) + term(current[k - 1] + 1, bins - 1)
                for i in 0..<(k - 1) { sigma += term(current[i] + 1, current[i + 1]) }
                if sigma > bestSigma {
                    bestSigma = sigma
                    best = current
                    found = true
                }
                return
            }
            // Threshold `depth` closes the class start...t; k − depth classes remain after it.
            let last = bins - k + depth - 1
            if start > last { return }
            for t in start...last {
                let value = partial + Double(term(start, t))
                if (value + bound[k - depth][t + 1]) * (1 + slack) < floor { continue }
                current[depth] = t
                visit(depth + 1, t + 1, value)
            }
        }
        visit(0, 0, 0)
        return found ? best : Array(0..<k)
    }
}

extension Image {
    /// The `classes − 1` thresholds that split a gray image into `classes` intensity
    /// classes by maximising the between-class variance (multi-level Otsu), equal to
    /// `skimage.filters.threshold_multiotsu(image, classes)`.
    ///
    /// The histogram is scikit-image's (one bin per value over `min...max` for 8/16-bit
    /// images, 256 bins for float). The result equals scikit-image's exactly for any class
    /// count on histograms of up to a few hundred bins; see `MultiOtsuSearch` for how the
    /// exhaustive search is pruned. For histograms of thousands of bins (16-bit images with
    /// a wide range) the pruned search still finds the optimum but may take seconds for
    /// 4+ classes (scikit-image's brute force would take far longer).
    ///
    /// - Parameter classes: the number of classes, 2...256.
    /// - Returns: `classes − 1` increasing thresholds in the image's units.
    /// - Throws: ``PixelEngineError`` (operation `multiOtsu`) for `classes` out of range,
    ///   fewer distinct values (bins) than classes, an empty, multi-channel, `UInt32` or
    ///   non-finite image.
    ///
    /// ```swift
    /// let t = try gray8.multiOtsu(classes: 3)   // [t1, t2]
    /// ```
    public func multiOtsu(classes: Int = 3) throws(PixelEngineError) -> [Double] {
        let op = "multiOtsu"
        try Validate.inRange(classes, 2...256, "classes", op)
        let histogram = try thresholdHistogram(op)
        let total = Double(histogram.counts.reduce(0, +))
        let prob = histogram.counts.map { Float(Double($0) / total) }
        let values = prob.filter { $0 > 0 }.count
        if values < classes {
            throw PixelEngineError(op, "the image has only \(values) distinct values (histogram bins); it cannot be split into \(classes) classes")
        }
        let indices: [Int]
        if values == classes {
            indices = Array(prob.indices.filter { prob[$0] > 0 }.dropLast())
        } else {
            indices = MultiOtsuSearch(probabilities: prob, thresholds: classes - 1).run()
        }
        return indices.map { histogram.centers[$0] }
    }

    /// The multi-level Otsu class map: ``multiOtsu(classes:)`` then ``digitize(thresholds:)``.
    ///
    /// - Parameter classes: the number of classes, 2...256.
    /// - Returns: a class map with classes `class 0` (darkest) … `class <classes−1>` and the
    ///   default palette, as `numpy.digitize(image, threshold_multiotsu(image, classes))`.
    /// - Throws: as ``multiOtsu(classes:)``.
    ///
    /// ```swift
    /// let regions = try gray8.multiOtsuClassMap(classes: 4)
    /// ```
    public func multiOtsuClassMap(classes: Int = 3) throws(PixelEngineError) -> ClassMap {
        let thresholds = try multiOtsu(classes: classes)
        return try digitize(thresholds: thresholds, classCount: classes, "multiOtsu")
    }

    /// Classes by thresholds, as `numpy.digitize(image, thresholds)`: a pixel's class is the
    /// number of thresholds `≤` its value (so a pixel equal to a threshold goes up).
    ///
    /// - Parameter thresholds: 1 to 255 increasing values in the image's units.
    /// - Returns: a class map with `thresholds.count + 1` default classes (`class 0`…).
    /// - Throws: ``PixelEngineError`` (operation `digitize`) for an empty or multi-channel
    ///   image, no thresholds, more than 255, or thresholds that do not increase.
    ///
    /// ```swift
    /// let bands = try gray8.digitize(thresholds: [64, 128, 192])  // 4 classes
    /// ```
    public func digitize(thresholds: [Double]) throws(PixelEngineError) -> ClassMap {
        try digitize(thresholds: thresholds, classCount: thresholds.count + 1, "digitize")
    }

    func digitize(thresholds: [Double], classCount: Int, _ op: String) throws(PixelEngineError) -> ClassMap {
        try Validate.nonEmpty(self, op)
        try Validate.channels(self, [1], op)
        try Validate.inRange(thresholds.count, 1...255, "the number of thresholds", op)
        for i in 1..<max(1, thresholds.count) where !(thresholds[i - 1] < thresholds[i]) {
            throw PixelEngineError(op, "thresholds must increase, got \(thresholds[i - 1]) then \(thresholds[i])")
        }
        let t = thresholds
        let indices: Image<UInt8>
        switch concrete {
        case .uint8(let bytes):
            indices = bytes.lookup((0..<256).map { v in UInt8(t.filter { $0 <= Double(v) }.count) })
        case .uint16(let image): indices = image.digitizeKernel(t)
        case .uint32(let image): indices = image.digitizeKernel(t)
        case .float32(let image): indices = image.digitizeKernel(t)
        }
        return try ClassMap(indices: indices, classCount: classCount)
    }

    /// The number of thresholds `≤` each sample, by binary search.
    func digitizeKernel(_ t: [Double]) -> Image<UInt8> {
        t.withUnsafeBufferPointer { tp in
                map { (v: Sample) -> UInt8 in
                    // Binary search: the number of thresholds <= v (NaN counts none).
                    let x = v.doubleValue
                    var low = 0, high = tp.count
                    while low < high {
                        let mid = (low + high) >> 1
                        if tp[mid] <= x { low = mid + 1 } else { high = mid }
                    }
                    return UInt8(truncatingIfNeeded: low)
                }
        }
    }
}
