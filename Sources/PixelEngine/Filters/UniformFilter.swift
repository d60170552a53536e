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
        let exactInIntegers = !Sample.isFloatingPoint
            && Sample.nominalMax.doubleValue * Double(boxWidth * boxHeight) < Double(Int32.max / 2)
        if exactInIntegers {
            return boxSums(boxHeight: boxHeight, boxWidth: boxWidth, mode: mode, accumulator: Int32.self) { sum, area in
                // Exact round-half-up of sum / area without a division per sample.
                Sample(clamping: Double((2 &* sum &+ area) / (2 &* area)))
            }
        }
        return boxSums(boxHeight: boxHeight, boxWidth: boxWidth, mode: mode, accumulator: Double.self) { sum, area in
            Sample(clamping: sum / area)
        }
    }

    /// Running box sums in `Acc`, separably: each task keeps the column sums of the box over
    /// its current row and slides them down by one row per output row.
    @inlinable
    func boxSums<Acc: BoxAccumulator>(
        boxHeight: Int, boxWidth: Int, mode: BorderMode, accumulator _: Acc.Type,
        _ finish: (_ sum: Acc, _ area: Acc) -> Sample
    ) -> Image {
        let w = width, h = height, c = channels, rs = rowStride
        // Window of output x covers padded positions x ... x + boxWidth − 1, where padded
        // position p is image column p − before.
        let before = boxWidth / 2, after = boxWidth - 1 - before
        let above = boxHeight / 2, below = boxHeight - 1 - above
        let xmap = (0..<(w + before + after)).map { mode.sourceIndex($0 - before, count: w) ?? -1 }
        let ymap = (0..<(h + above + below)).map { mode.sourceIndex($0 - above, count: h) ?? -1 }
        let cval = Acc(BorderIndex.constant(mode))
        let area = Acc(Float(boxWidth * boxHeight))
        return withUnsafeSamples { input in
            xmap.withUnsafeBufferPointer { xmap in
            ymap.withUnsafeBufferPointer { ymap in
                Image.generate(width: w, height: h, channels: c, costPerRow: rs &* 8) { rows, output in
                    let padded = UnsafeMutablePointer<Acc>.allocate(capacity: (w &+ boxWidth) &* c)
                    let columns = UnsafeMutablePointer<Acc>.allocate(capacity: rs)
                    let incoming = UnsafeMutablePointer<Acc>.allocate(capacity: rs)
                    let outgoing = UnsafeMutablePointer<Acc>.allocate(capacity: rs)
                    defer {
                        padded.deallocate()
                        columns.deallocate()
                        incoming.deallocate()
                        outgoing.deallocate()
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
                        for p in 0..<(w &+ before &+ after) {
                            let x = xmap[p]
                            for k in 0..<c {
                                padded[p &* c &+ k] = x < 0 ? cval : Acc(sample: line[x &* c &+ k])
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
                        rowSums(v, into: incoming)
                        for i in 0..<rs { columns[i] = Acc.plus(columns[i], incoming[i]) }
                    }
                    for y in rows {
                        if y > first {
                            rowSums(y &- 1, into: outgoing)
                            rowSums(y &+ boxHeight &- 1, into: incoming)
                            for i in 0..<rs { columns[i] = Acc.minus(Acc.plus(columns[i], incoming[i]), outgoing[i]) }
                        }
                        let out = output.baseAddress! + y &* rs
                        for i in 0..<rs { out[i] = finish(columns[i], area) }
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
    @inlinable init<S: PixelSample>(sample: S) { self = Int32(truncatingIfNeeded: Int(sample.doubleValue)) }
}

extension Double: BoxAccumulator {
    @inlinable init<S: PixelSample>(sample: S) { self = sample.doubleValue }
    @inlinable static func plus(_ a: Double, _ b: Double) -> Double { a + b }
    @inlinable static func minus(_ a: Double, _ b: Double) -> Double { a - b }
}
