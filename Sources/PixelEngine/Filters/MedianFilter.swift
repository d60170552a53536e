/// Median filter over a square window, as `scipy.ndimage.median_filter` /
/// `skimage.filters.median` and OpenCV `medianBlur`.

extension Image {
    /// The median of the `(2·radius + 1)²` square around each pixel, per channel.
    ///
    /// Matches `scipy.ndimage.median_filter(image, size=2*radius+1, mode=...)` and
    /// `skimage.filters.median(image, footprint=np.ones((k, k)), mode=...)` exactly; with the
    /// default `.nearest` it is also OpenCV's `cv2.medianBlur(image, k)` (which replicates
    /// the border). 8-bit images use byte-vector selection networks for radius 1 and 2 and a
    /// sliding histogram (Huang) for larger radii; other sample types select per pixel.
    ///
    /// - Parameters:
    ///   - radius: window half-size, 1...50 (1 is 3 × 3).
    ///   - mode: border handling; scikit-image's default `.nearest`. A `.constant` value is in
    ///     sample units, converted to the sample type as ``PixelSample/init(clamping:)-(Float)`` does.
    /// - Returns: same size, channels and sample type; every output sample is one of the
    ///   window's samples.
    ///
    /// ```swift
    /// let clean = try img.median(radius: 2)
    /// ```
    @inlinable
    public func median(radius: Int, mode: BorderMode = .nearest) throws(PixelEngineError) -> Image {
        try Validate.inRange(radius, 1...50, "radius", "median")
        try Validate.nonEmpty(self, "median")
        if Sample.self == UInt8.self {
            let bytes = unsafeBitCast(self, to: Image<UInt8>.self)
            let result = radius == 1 ? bytes.median3x3(mode: mode)
                : radius == 2 ? bytes.median5x5(mode: mode)
                : bytes.medianHistogram(radius: radius, mode: mode)
            return unsafeBitCast(result, to: Image.self)
        }
        return medianSelect(radius: radius, mode: mode)
    }

    /// Runs `body(y, rows, output row)` for every output row, where `rows[j]` points at the
    /// padded input row `y − radius + j` (padded by `radius` pixels on both sides, border
    /// samples filled by `mode`). Rows are kept in a ring, each loaded once per task.
    @inlinable
    func withPaddedRows(
        radius r: Int, mode: BorderMode, costPerRow: Int,
        _ body: (_ y: Int, _ rows: UnsafeMutablePointer<UnsafeMutablePointer<Sample>>, _ out: UnsafeMutablePointer<Sample>) -> Void
    ) -> Image {
        let w = width, h = height, c = channels, rs = rowStride
        let xmap = BorderIndex.map(count: w, radius: r, mode: mode)
        let ymap = BorderIndex.map(count: h, radius: r, mode: mode)
        let cval = Sample(clamping: BorderIndex.constant(mode))
        let paddedStride = (w + 2 * r) * c
        let ringCount = 2 * r + 1
        return withUnsafeSamples { input in
            xmap.withUnsafeBufferPointer { xmap in
            ymap.withUnsafeBufferPointer { ymap in
                Image.generate(width: w, height: h, channels: c, costPerRow: costPerRow) { rows, output in
                    // 64 spare samples after the last row let vector loads run past the end.
                    let ring = UnsafeMutablePointer<Sample>.allocate(capacity: ringCount &* paddedStride &+ 64)
                    ring.initialize(repeating: cval, count: ringCount &* paddedStride &+ 64)
                    let window = UnsafeMutablePointer<UnsafeMutablePointer<Sample>>.allocate(capacity: ringCount)
                    var ringHolds = [Int](repeating: Int.min, count: ringCount)
                    defer {
                        ring.deallocate()
                        window.deallocate()
                    }
                    for y in rows {
                        for j in 0..<ringCount {
                            let v = y &- r &+ j
                            let slot = (v &+ r) % ringCount
                            let destination = ring + slot &* paddedStride
                            window[j] = destination
                            if ringHolds[slot] == v { continue }
                            ringHolds[slot] = v
                            let source = ymap[v &+ r]
                            if source < 0 {
                                for i in 0..<paddedStride { destination[i] = cval }
                                continue
                            }
                            let line = input.baseAddress! + source &* rs
                            (destination + r &* c).update(from: line, count: rs)
                            for p in 0..<(2 &* r) {
                                let position = p < r ? p : w &+ p
                                do {
                                    let x = xmap[position]
                                    for k in 0..<c {
                                        destination[position &* c &+ k] = x < 0 ? cval : line[x &* c &+ k]
                                    }
                                }
                            }
                        }
                        body(y, window, output.baseAddress! + y &* rs)
                    }
                }
            }
            }
        }
    }

    /// Any sample type: gathers each window and selects its middle element.
    @inlinable
    func medianSelect(radius r: Int, mode: BorderMode) -> Image {
        let c = channels, w = width, k = 2 * r + 1, n = k * k
        return withPaddedRows(radius: r, mode: mode, costPerRow: width * channels * n * 4) { _, rows, out in
            withUnsafeTemporaryAllocation(of: Sample.self, capacity: n) { scratch in
                let values = scratch.baseAddress!
                for x in 0..<w {
                    for ch in 0..<c {
                        var m = 0
                        for j in 0..<k {
                            let row = rows[j] + (x &* c &+ ch)
                            for i in 0..<k {
                                values[m] = row[i &* c]
                                m &+= 1
                            }
                        }
                        out[x &* c &+ ch] = selectMiddle(values, count: n)
                    }
                }
            }
        }
    }
}

/// The element of rank `count / 2` of `values` (reordering them): Hoare-partition quickselect.
@inlinable
func selectMiddle<S: Comparable>(_ values: UnsafeMutablePointer<S>, count: Int) -> S {
    let target = count / 2
    var lo = 0, hi = count - 1
    while lo < hi {
        let pivot = values[lo &+ (hi &- lo) / 2]
        var i = lo, j = hi
        while i <= j {
            while values[i] < pivot { i &+= 1 }
            while pivot < values[j] { j &-= 1 }
            if i <= j {
                let t = values[i]
                values[i] = values[j]
                values[j] = t
                i &+= 1
                j &-= 1
            }
        }
        if target <= j {
            hi = j
        } else if target >= i {
            lo = i
        } else {
            return values[target]
        }
    }
    return values[target]
}

extension Image where Sample == UInt8 {
    /// 3 × 3 median: sort each column of three, then the median is
    /// `median3(max of the lows, median of the middles, min of the highs)`. Plain min/max
    /// loops over whole rows, which the compiler turns into byte-vector instructions.
    @inlinable
    func median3x3(mode: BorderMode) -> Image<UInt8> {
        let c = channels, rs = rowStride, paddedStride = (width + 2) * c
        return withPaddedRows(radius: 1, mode: mode, costPerRow: rs * 12) { _, rows, out in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * paddedStride) { scratch in
                    let lo = scratch.baseAddress!, mid = lo + paddedStride, hi = mid + paddedStride
                    let a = rows[0], b = rows[1], d = rows[2]
                    for i in 0..<paddedStride {
                        let x = a[i], y = b[i], z = d[i]
                        let l1 = min(x, y), h1 = max(x, y)
                        lo[i] = min(l1, z)
                        let h2 = max(l1, z)
                        mid[i] = min(h1, h2)
                        hi[i] = max(h1, h2)
                    }
                    for i in 0..<rs {
                        let maxLow = max(max(lo[i], lo[i &+ c]), lo[i &+ 2 &* c])
                        let minHigh = min(min(hi[i], hi[i &+ c]), hi[i &+ 2 &* c])
                        let m0 = mid[i], m1 = mid[i &+ c], m2 = mid[i &+ 2 &* c]
                        let midMid = max(min(m0, m1), min(max(m0, m1), m2))
                        out[i] = max(min(maxLow, midMid), min(max(maxLow, midMid), minHigh))
                    }
                }
        }
    }

    /// Larger radii: Huang's sliding histogram per channel along each row, with the median
    /// tracked incrementally (`below` counts the window's samples under the current median).
    @inlinable
    func medianHistogram(radius r: Int, mode: BorderMode) -> Image<UInt8> {
        let c = channels, w = width, k = 2 * r + 1, n = k * k
        let target = n / 2
        return withPaddedRows(radius: r, mode: mode, costPerRow: w * c * (2 * k + 8)) { _, rows, out in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { histogramBuffer in
                let histogram = histogramBuffer.baseAddress!
                for ch in 0..<c {
                    histogram.initialize(repeating: 0, count: 256)
                    for j in 0..<k {
                        let row = rows[j] + ch
                        for i in 0..<k { histogram[Int(row[i &* c])] &+= 1 }
                    }
                    var m = 0, below: Int32 = 0
                    for x in 0..<w {
                        if x > 0 {
                            let leaving = (x &- 1) &* c &+ ch, entering = (x &+ 2 &* r) &* c &+ ch
                            for j in 0..<k {
                                let row = rows[j]
                                let old = Int(row[leaving]), new = Int(row[entering])
                                histogram[old] &-= 1
                                histogram[new] &+= 1
                                below &+= (new < m ? 1 : 0) &- (old < m ? 1 : 0)
                            }
                        }
                        while below > target {
                            m &-= 1
                            below &-= histogram[m]
                        }
                        while below &+ histogram[m] <= target {
                            below &+= histogram[m]
                            m &+= 1
                        }
                        out[x &* c &+ ch] = UInt8(truncatingIfNeeded: m)
                    }
                }
            }
        }
    }
}
