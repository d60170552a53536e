/// General 2-D correlation and convolution, as `scipy.ndimage.correlate` / `convolve`.

extension Image {
    /// Correlates every channel with a 2-D kernel:
    /// `out(x, y) = Σ kernel(i, j) · in(x + i − kw/2, y + j − kh/2)`.
    ///
    /// Matches `scipy.ndimage.correlate(image.astype(float), kernel, mode=...)` per channel
    /// (and OpenCV `filter2D` with `mode: .mirror`). Cost is one multiply-add per non-zero
    /// weight per sample; for separable kernels the Gaussian/Sobel filters are faster.
    ///
    /// - Parameters:
    ///   - kernel: a one-channel image of weights with odd width and height (centre tap at
    ///     `(kw/2, kh/2)`), at most 129 × 129.
    ///   - mode: border handling; scipy's default `.reflect`. A `.constant` value is in sample
    ///     units.
    /// - Returns: `Float` samples in the input's units (8-bit 255 stays 255), same size and
    ///   channels.
    ///
    /// ```swift
    /// let k = Image<Float>(width: 3, height: 1, pixels: [-1, 0, 1])
    /// let dx = try img.correlate(k)
    /// ```
    @inlinable
    public func correlate(_ kernel: Image<Float>, mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try Self.validateKernel(kernel, "correlate")
        try Validate.nonEmpty(self, "correlate")
        return correlate2D(kernel, mode: mode, inputScale: 1)
    }

    /// Convolves every channel with a 2-D kernel (correlation with the kernel rotated by
    /// 180°), as `scipy.ndimage.convolve(image.astype(float), kernel, mode=...)`.
    ///
    /// - Parameters:
    ///   - kernel: a one-channel image of weights with odd width and height, at most 129 × 129.
    ///   - mode: border handling; scipy's default `.reflect`.
    /// - Returns: `Float` samples in the input's units, same size and channels.
    ///
    /// ```swift
    /// let k = Image<Float>(width: 3, height: 3, repeating: 1 / 9)
    /// let mean = try img.convolve(k)
    /// ```
    @inlinable
    public func convolve(_ kernel: Image<Float>, mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try Self.validateKernel(kernel, "convolve")
        try Validate.nonEmpty(self, "convolve")
        let flipped = Image<Float>(width: kernel.width, height: kernel.height, pixels: kernel.pixels.reversed())
        return correlate2D(flipped, mode: mode, inputScale: 1)
    }

    @inlinable
    static func validateKernel(_ kernel: Image<Float>, _ operation: String) throws(PixelEngineError) {
        if kernel.channels != 1 {
            throw PixelEngineError(operation, "the kernel must have one channel, got \(kernel.channels)")
        }
        if kernel.width % 2 == 0 || kernel.height % 2 == 0 || kernel.isEmpty {
            throw PixelEngineError(operation, "the kernel must have odd width and height, got \(kernel.width)x\(kernel.height)")
        }
        if kernel.width > 129 || kernel.height > 129 {
            throw PixelEngineError(operation, "the kernel is \(kernel.width)x\(kernel.height); at most 129x129 is supported")
        }
        if kernel.pixels.contains(where: { !$0.isFinite }) {
            throw PixelEngineError(operation, "the kernel has a non-finite weight")
        }
    }

    /// The correlation kernel loop: per output row, a ring of padded float input rows and
    /// one unit-stride multiply-add per non-zero tap.
    @inlinable
    func correlate2D(_ kernel: Image<Float>, mode: BorderMode, inputScale: Float) -> Image<Float> {
        let w = width, h = height, c = channels, rs = rowStride
        let kw = kernel.width, kh = kernel.height, rx = kw / 2, ry = kh / 2
        let xmap = BorderIndex.map(count: w, radius: rx, mode: mode)
        let ymap = BorderIndex.map(count: h, radius: ry, mode: mode)
        let cval = BorderIndex.constant(mode) * inputScale
        let paddedStride = (w + 2 * rx) * c
        var taps: [(dx: Int, dy: Int, weight: Float)] = []
        for j in 0..<kh {
            for i in 0..<kw where kernel.pixels[j * kw + i] != 0 {
                taps.append((i, j, kernel.pixels[j * kw + i]))
            }
        }
        let nonZeroTaps = taps
        return withUnsafeSamples { input in
            xmap.withUnsafeBufferPointer { xmap in
            ymap.withUnsafeBufferPointer { ymap in
                Image<Float>.generate(width: w, height: h, channels: c, costPerRow: rs &* max(1, nonZeroTaps.count)) { rows, output in
                    let ringCount = kh
                    let ring = UnsafeMutablePointer<Float>.allocate(capacity: ringCount &* paddedStride)
                    var ringHolds = [Int](repeating: Int.min, count: ringCount)
                    defer { ring.deallocate() }
                    for y in rows {
                        for j in 0..<ringCount {
                            let v = y &- ry &+ j
                            let slot = (v &+ ry) % ringCount
                            if ringHolds[slot] == v { continue }
                            ringHolds[slot] = v
                            let destination = ring + slot &* paddedStride
                            let source = ymap[v &+ ry]
                            if source < 0 {
                                for i in 0..<paddedStride { destination[i] = cval }
                                continue
                            }
                            loadPadded(input.baseAddress! + source &* rs, into: destination, width: w, channels: c,
                                       radius: rx, xmap: xmap, constant: BorderIndex.constant(mode))
                            if inputScale != 1 {
                                for i in 0..<paddedStride { destination[i] *= inputScale }
                            }
                        }
                        let out = output.baseAddress! + y &* rs
                        for i in 0..<rs { out[i] = 0 }
                        for tap in nonZeroTaps {
                            let slot: Int = (y &+ tap.dy) % ringCount
                            let offset: Int = slot &* paddedStride &+ tap.dx &* c
                            let source = ring + offset
                            let weight = tap.weight
                            for i in 0..<rs { out[i] += weight * source[i] }
                        }
                    }
                }
            }
            }
        }
    }
}
