/// Box (mean) filter, as `scipy.ndimage.uniform_filter` and OpenCV `blur`.

extension Image {
    /// The mean over a `size × size` box around each pixel (a box blur).
    ///
    /// Matches `scipy.ndimage.uniform_filter(image.astype(float), size, mode=...)` per
    /// channel, with integer results rounded half up; with `mode: .mirror` it is OpenCV's
    /// `cv2.blur(image, (size, size))` (whose `BORDER_DEFAULT` is scipy's `mirror`).
    /// Even sizes are allowed: the box spans `x − size/2 ... x + (size − 1)/2`, as both
    /// scipy and OpenCV place it. Cost is independent of `size` (running sums).
    ///
    /// - Parameters:
    ///   - size: box side in pixels, ≥ 1.
    ///   - mode: how pixels outside the image are read; scipy's default `.reflect`.
    /// - Returns: same size, channels and sample type. Integer samples are the exact mean
    ///   rounded half up; `Float` samples are accumulated in `Double`.
    ///
    /// ```swift
    /// let mean = try img.uniformFilter(size: 15)
    /// ```
    @inlinable
    public func uniformFilter(size: Int, mode: BorderMode = .reflect) throws(PixelEngineError) -> Image {
        try uniformFilter(height: size, width: size, mode: mode)
    }

    /// The mean over a `height × width` box (rows × columns) around each pixel.
    ///
    /// - Parameters:
    ///   - height: box height in rows, ≥ 1.
    ///   - width: box width in columns, ≥ 1.
    ///   - mode: border handling; scipy's default `.reflect`.
    /// - Returns: see ``uniformFilter(size:mode:)``.
    ///
    /// ```swift
    /// let smeared = try img.uniformFilter(height: 1, width: 31)
    /// ```
    @inlinable
    public func uniformFilter(height boxHeight: Int, width boxWidth: Int, mode: BorderMode = .reflect) throws(PixelEngineError) -> Image {
        try Validate.inRange(boxHeight, 1...4097, "height", "uniformFilter")
        try Validate.inRange(boxWidth, 1...4097, "width", "uniformFilter")
        try Validate.nonEmpty(self, "uniformFilter")
        let constant = BorderIndex.constant(mode)
        let exactInIntegers = !Sample.isFloatingPoint && constant == constant.rounded()
            && Sample.nominalMax.doubleValue * Double(boxWidth * boxHeight) < Double(Int32.max / 4)
            && abs(constant) * Float(boxWidth * boxHeight) < Float(Int32.max / 4)
        if exactInIntegers {
            // Round half up of sum / area, exactly: floor((2·sum + area) / (2·area)). The
            // quotient's fraction is a multiple of 1 / (2·area) ≥ 2⁻²⁴, far above the product's
            // rounding error, so a tiny nudge makes the floor exact without dividing.
            let twiceArea = 2 * boxWidth * boxHeight
            let inverse = 1 / Double(twiceArea)
            let area = Int32(boxWidth * boxHeight)
            return boxSums(boxHeight: boxHeight, boxWidth: boxWidth, mode: mode, accumulator: Int32.self) { sums, out, count in
                if Sample.self == UInt8.self {
                    let bytes = UnsafeMutableRawPointer(out).assumingMemoryBound(to: UInt8.self)
                    for i in 0..<count {
                        let q = Double(2 &* sums[i] &+ area) * inverse + 1e-9
                        bytes[i] = UInt8(truncatingIfNeeded: Int32(q))
                    }
                } else {
                    for i in 0..<count {
                        let q = (Double(2 &* sums[i] &+ area) * inverse + 1e-9).rounded(.down)
                        out[i] = Sample(clamping: q)
                    }
                }
            }
        }
        let inverseArea = 1 / Double(boxWidth * boxHeight)
        return boxSums(boxHeight: boxHeight, boxWidth: boxWidth, mode: mode, accumulator: Double.self) { sums, out, count in
            for i in 0..<count { out[i] = Sample(clamping: sums[i] * inverseArea) }
        }
    }

    /// Running box sums in `Acc`, separably: each task keeps a ring of the `boxHeight`
    /// horizontal-sum rows of the current window and the column sums over them, and slides
    /// the window down one row per output row (cost independent of the box size).
    /// `finish(sums, out, count)` writes one output row from its window sums.
    @inlinable
    func boxSums<Acc: BoxAccumulator>(
        boxHeight: Int, boxWidth: Int, mode: BorderMode, accumulator _: Acc.Type,
        _ finish: (_ sums: UnsafePointer<Acc>, _ out: UnsafeMutablePointer<Sample>, _ count: Int) -> Void
    ) -> Image {
        let w = width, h = height, c = channels, rs = rowStride
        // Window of output x covers padded positions x ... x + boxWidth − 1, where padded
        // position p is image column p − before.
        let before = boxWidth / 2, after = boxWidth - 1 - before
        let above = boxHeight / 2, below = boxHeight - 1 - above
        let xmap = (0..<(w + before + after)).map { mode.sourceIndex($0 - before, count: w) ?? -1 }
        let ymap = (0..<(h + above + below)).map { mode.sourceIndex($0 - above, count: h) ?? -1 }
        let cval = Acc(BorderIndex.constant(mode))
        return withUnsafeSamples { input in
            xmap.withUnsafeBufferPointer { xmap in
            ymap.withUnsafeBufferPointer { ymap in
                Image.generate(width: w, height: h, channels: c, costPerRow: rs &* 8) { rows, output in
                    let padded = UnsafeMutablePointer<Acc>.allocate(capacity: (w &+ boxWidth) &* c)
                    let columns = UnsafeMutablePointer<Acc>.allocate(capacity: rs)
                    let ring = UnsafeMutablePointer<Acc>.allocate(capacity: boxHeight &* rs)
                    defer {
                        padded.deallocate()
                        columns.deallocate()
                        ring.deallocate()
                    }
                    // Horizontal box sums of virtual row v (image row v − above).
                    func rowSums(_ v: Int, into out: UnsafeMutablePointer<Acc>) {
                        let source = ymap[v]
                        if source < 0 {
                            let value = cval * Acc(Float(boxWidth))
                            for i in 0..<rs { out[i] = value }
                            return
                        }
                        let line = input.baseAddress! + source &* rs
                        let interior = padded + before &* c
                        for i in 0..<rs { interior[i] = Acc(sample: line[i]) }
                        for p in 0..<(before &+ after) {
                            let position = p < before ? p : w &+ p
                            let x = xmap[position]
                            for k in 0..<c {
                                padded[position &* c &+ k] = x < 0 ? cval : Acc(sample: line[x &* c &+ k])
                            }
                        }
                        for k in 0..<c {
                            var s = Acc.zero
                            for p in 0..<boxWidth { s = Acc.plus(s, padded[p &* c &+ k]) }
                            out[k] = s
                        }
                        let count = (w &- 1) &* c
                        let lead = padded + boxWidth &* c, trail = padded
                        for i in 0..<count {
                            // out[i + c] = out[i] + entering − leaving, per channel.
                            out[i &+ c] = Acc.minus(Acc.plus(out[i], lead[i]), trail[i])
                        }
                    }
                    let first = rows.lowerBound
                    for i in 0..<rs { columns[i] = .zero }
                    for v in first..<(first &+ boxHeight) {
                        let slot = ring + (v % boxHeight) &* rs
                        rowSums(v, into: slot)
                        for i in 0..<rs { columns[i] = Acc.plus(columns[i], slot[i]) }
                    }
                    for y in rows {
                        if y > first {
                            // Virtual row y − 1 leaves the window, y + boxHeight − 1 enters; both
                            // live in the same ring slot.
                            let slot = ring + ((y &- 1) % boxHeight) &* rs
                            for i in 0..<rs { columns[i] = Acc.minus(columns[i], slot[i]) }
                            rowSums(y &+ boxHeight &- 1, into: slot)
                            for i in 0..<rs { columns[i] = Acc.plus(columns[i], slot[i]) }
                        }
                        finish(columns, output.baseAddress! + y &* rs, rs)
                    }
                }
            }
            }
        }
    }
}

/// The accumulator of ``Image/uniformFilter(size:mode:)``: `Int32` for exact integer sums,
/// `Double` otherwise. `plus`/`minus` wrap for integers.
@usableFromInline
protocol BoxAccumulator: Sendable {
    static var zero: Self { get }
    init<S: PixelSample>(sample: S)
    init(_ value: Float)
    static func plus(_ a: Self, _ b: Self) -> Self
    static func minus(_ a: Self, _ b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
}

extension Int32: BoxAccumulator {
    @inlinable static func plus(_ a: Int32, _ b: Int32) -> Int32 { a &+ b }
    @inlinable static func minus(_ a: Int32, _ b: Int32) -> Int32 { a &- b }
    @inlinable init<S: PixelSample>(sample: S) {
        if S.self == UInt8.self {
            self = Int32(unsafeBitCast(sample, to: UInt8.self))
        } else if S.self == UInt16.self {
            self = Int32(unsafeBitCast(sample, to: UInt16.self))
        } else {
            self = Int32(truncatingIfNeeded: Int(sample.doubleValue))
        }
    }
}

extension Double: BoxAccumulator {
    @inlinable init<S: PixelSample>(sample: S) { self = sample.doubleValue }
    @inlinable static func plus(_ a: Double, _ b: Double) -> Double { a + b }
    @inlinable static func minus(_ a: Double, _ b: Double) -> Double { a - b }
}
