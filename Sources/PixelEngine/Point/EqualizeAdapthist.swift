extension Image {
    /// Contrast-limited adaptive histogram equalisation, CLAHE
    /// (`skimage.exposure.equalize_adapthist`), with scikit-image's defaults.
    ///
    /// The algorithm is scikit-image's, step for step, so the output matches it to float
    /// rounding (tests: ≤ 1e-6 on gray and RGB fixtures):
    /// 1. samples go to 16-bit (`img_as_uint`), are stretched min...max to 0...16383 and
    ///    binned into `nbins` gray bins of `1 + 16384 / nbins` levels (with the default 256
    ///    bins only 253 are used — a scikit-image quirk kept for equality);
    /// 2. one histogram per tile of `kernelSize`, on the image reflect-padded (numpy
    ///    `reflect`) to whole tiles; each is clipped at `max(1, trunc(clipLimit · tile
    ///    pixels))` with scikit-image's redistribution of the excess, and cumulated into a
    ///    0...16383 mapping;
    /// 3. each pixel is interpolated bilinearly between the mappings of the four nearest
    ///    tiles (in single precision, truncated to an integer), then the result is
    ///    stretched min...max to 0...1.
    ///
    /// RGB(A) images are equalised on the HSV value channel (alpha is dropped), as
    /// scikit-image; gray+alpha images on the gray channel (alpha is dropped).
    ///
    /// - Parameters:
    ///   - kernelSize: the tile size `(height, width)` in pixels; `nil` is 1/8 of the image
    ///     (at least 1), scikit-image's default.
    ///   - clipLimit: the contrast limit in 0...1 (fraction of a tile's pixels a bin may
    ///     hold); 0 or ≥ 1 means no clipping (plain AHE).
    ///   - nbins: gray bins of the histograms, ≥ 1.
    /// - Returns: a `Float` image in 0...1, one channel for gray and gray+alpha, three for
    ///   RGB and RGBA, of the same size.
    /// - Throws: ``PixelEngineError`` for an empty image, a kernel size below 1, a negative
    ///   or non-finite `clipLimit`, or `nbins < 1`.
    ///
    /// ```swift
    /// let enhanced = try gray8.equalizeAdapthist(clipLimit: 0.02)
    /// ```
    public func equalizeAdapthist(
        kernelSize: (height: Int, width: Int)? = nil, clipLimit: Double = 0.01, nbins: Int = 256
    ) throws(PixelEngineError) -> Image<Float> {
        let op = "equalizeAdapthist"
        try Validate.nonEmpty(self, op)
        let kernel = kernelSize ?? (Swift.max(height / 8, 1), Swift.max(width / 8, 1))
        guard kernel.height >= 1, kernel.width >= 1 else {
            throw PixelEngineError(op, "kernelSize must be >= 1 in both directions, got \(kernel.height)x\(kernel.width)")
        }
        guard clipLimit >= 0, clipLimit.isFinite else {
            throw PixelEngineError(op, "clipLimit must be >= 0, got \(clipLimit)")
        }
        guard nbins >= 1 else { throw PixelEngineError(op, "nbins must be >= 1, got \(nbins)") }
        let params = CLAHE(kernelHeight: kernel.height, kernelWidth: kernel.width, clipLimit: clipLimit, nbins: nbins)

        if channels <= 2 {
            let gray = channels == 1 ? self : droppingAlpha()
            return params.run(gray.claheBins(nbins: nbins), width: width, height: height, floatInput: Sample.isFloatingPoint)
        }
        // Colour: CLAHE of the HSV value (max of R, G, B), then back to RGB.
        let hsv = (channels == 4 ? droppingAlpha() : self).rgbToHSVDouble()
        let bins: [UInt16]
        if Sample.isFloatingPoint {
            bins = Image<Float>(width: width, height: height, pixels: hsv.value.map { Float($0) }).claheBins(nbins: nbins)
        } else {
            // The value of integer RGB is v/max in double; img_as_uint gives back rint(value·65535).
            bins = Image<UInt16>(width: width, height: height, pixels: hsv.value.map {
                let x = ($0 * 65535).rounded(.toNearestOrEven)
                return x > 0 ? (x < 65535 ? UInt16(x) : 65535) : 0
            }).claheBins(nbins: nbins)
        }
        let equalized = params.run(bins, width: width, height: height, floatInput: Sample.isFloatingPoint)
        return Image<Float>.hsvDoubleToRGB(width: width, height: height, hue: hsv.hue, saturation: hsv.saturation,
                                           value: equalized.pixels.map { Double($0) })
    }

    /// CLAHE's input: 16-bit (`img_as_uint`), stretched min...max to 0...16383, binned.
    func claheBins(nbins: Int) -> [UInt16] {
        if case .uint8(let image) = TypedImage(self) {
            // v·257 is img_as_uint of 8-bit; compose the three steps into one 256-entry table.
            let (lo, hi) = image.integerMinMax()
            let table = CLAHE.binTable(low: lo * 257, high: hi * 257, nbins: nbins)
            return image.applyingTable((0..<256).map { table[$0 * 257] }).pixels
        }
        let sixteen = converted(to: UInt16.self)
        let (lo, hi) = sixteen.integerMinMax()
        return sixteen.applyingTable(CLAHE.binTable(low: lo, high: hi, nbins: nbins)).pixels
    }
}

/// The CLAHE kernel (scikit-image's `_clahe`) on 0...16383 levels.
struct CLAHE {
    static let grayLevels = 16384
    let kernelHeight: Int
    let kernelWidth: Int
    let clipLimit: Double
    let nbins: Int

    /// 16-bit value → gray bin: `np.round(rescale_intensity(img, out_range=(0, 16383)))`
    /// (image min...max to 0...16383, in double), then `// (1 + 16384 // nbins)`.
    static func binTable(low: Double, high: Double, nbins: Int) -> [UInt16] {
        let binSize = 1 + grayLevels / nbins
        return (0..<65536).map { v -> UInt16 in
            let c = Swift.min(Swift.max(Double(v), low), high)
            let level = low == high ? Swift.min(c, 16383) : ((c - low) / (high - low) * 16383 + 0).rounded(.toNearestOrEven)
            return UInt16(Int(level) / binSize)
        }
    }

    /// Tiles, clipped mappings, bilinear interpolation, final 0...1 stretch.
    func run(_ bins: [UInt16], width: Int, height: Int, floatInput: Bool) -> Image<Float> {
        let kh = kernelHeight, kw = kernelWidth
        let tilesY = (height + kh - 1) / kh, tilesX = (width + kw - 1) / kw
        let tileArea = kh * kw
        let clim: Int = clipLimit > 0 ? Swift.max(1, Int(clipLimit * Double(tileArea))) : tileArea
        let scale = Double(Self.grayLevels - 1) / Double(tileArea)
        let rowIndex = (0..<(tilesY * kh)).map { Self.reflect($0, height) }
        let colIndex = (0..<(tilesX * kw)).map { Self.reflect($0, width) }

        // Mappings: tilesY x tilesX x nbins, as doubles (exact integers ≤ 16383).
        var maps = [Double](repeating: 0, count: tilesY * tilesX * nbins)
        bins.withUnsafeBufferPointer { src in
            rowIndex.withUnsafeBufferPointer { rowIndex in
                colIndex.withUnsafeBufferPointer { colIndex in
                    maps.withUnsafeMutableBufferPointer { mapsOut in
                        let out = mapsOut
                        parallelRows(tilesY, costPerRow: tilesX * tileArea) { tileRows in
                            var hist = [Int](repeating: 0, count: nbins)
                            for ty in tileRows {
                                for tx in 0..<tilesX {
                                    hist.withUnsafeMutableBufferPointer { h in
                                        for b in 0..<nbins { h[b] = 0 }
                                        for y in (ty * kh)..<((ty + 1) * kh) {
                                            let row = src.baseAddress! + rowIndex[y] * width
                                            for x in (tx * kw)..<((tx + 1) * kw) { h[Int(row[colIndex[x]])] &+= 1 }
                                        }
                                    }
                                    Self.clip(&hist, limit: clim)
                                    let base = (ty * tilesX + tx) * nbins
                                    var running = 0
                                    for b in 0..<nbins {
                                        running &+= hist[b]
                                        let m = Swift.min(Double(running) * scale, Double(Self.grayLevels - 1))
                                        out[base + b] = m.rounded(.towardZero)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // Interpolation. Padded row p = y + kh/2 lies in block p / kh, at fraction (p % kh) / kh
        // between the mappings of tile rows block-1 and block (clamped to the edge tiles).
        let padY = kh / 2, padX = kw / 2
        let columns = (0..<width).map { x -> (c0: Int, c1: Int, w0: Double, w1: Double) in
            let q = x + padX, block = q / kw
            let f = Double(q - block * kw) / Double(kw)
            return (Swift.min(Swift.max(block - 1, 0), tilesX - 1) * nbins, Swift.min(block, tilesX - 1) * nbins, 1 - f, f)
        }
        let result = Image<UInt16>.generate(width: width, height: height, costPerRow: width * 8) { rows, out in
            bins.withUnsafeBufferPointer { src in
                columns.withUnsafeBufferPointer { columns in
                    maps.withUnsafeBufferPointer { maps in
                        for y in rows {
                            let p = y + padY, block = p / kh
                            let fy = Double(p - block * kh) / Double(kh)
                            let wy0 = 1 - fy, wy1 = fy
                            let row0 = maps.baseAddress! + Swift.min(Swift.max(block - 1, 0), tilesY - 1) * tilesX * nbins
                            let row1 = maps.baseAddress! + Swift.min(block, tilesY - 1) * tilesX * nbins
                            let line = y &* width
                            for x in 0..<width {
                                let col = columns[x]
                                let v = Int(src[line &+ x])
                                // scikit-image: weight = x-term · y-term in double, each term
                                // rounded to float32, summed in float32 in this order.
                                var sum = Float(row0[col.c0 &+ v] * (col.w0 * wy0))
                                sum += Float(row0[col.c1 &+ v] * (col.w1 * wy0))
                                sum += Float(row1[col.c0 &+ v] * (col.w0 * wy1))
                                sum += Float(row1[col.c1 &+ v] * (col.w1 * wy1))
                                out[line &+ x] = UInt16(sum)
                            }
                        }
                    }
                }
            }
        }

        // Final stretch min...max → 0...1: float32 arithmetic for float input, double otherwise.
        let (lo, hi) = result.integerMinMax()
        if lo == hi {
            let v: Float = lo > 1 ? 1 : Float(lo)
            return Image<Float>(width: width, height: height, repeating: v)
        }
        if floatInput {
            let l = Float(lo), span = Float(hi - lo)
            return result.map { (Float($0) - l) / span }
        }
        return result.map { Float((Double($0) - lo) / (hi - lo)) }
    }

    /// numpy `reflect` padding index for any distance outside 0..<n.
    static func reflect(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let period = 2 * (n - 1)
        var m = i % period
        if m < 0 { m += period }
        return m < n ? m : period - m
    }

    /// scikit-image's `clip_histogram`, literally (including its redistribution loop).
    static func clip(_ hist: inout [Int], limit: Int) {
        let n = hist.count
        var excess = 0
        for i in 0..<n where hist[i] > limit {
            excess += hist[i] - limit
            hist[i] = limit
        }
        let increment = excess / n
        let upper = limit - increment
        for i in 0..<n where hist[i] < upper {
            hist[i] += increment
            excess -= increment
        }
        for i in 0..<n where hist[i] >= upper && hist[i] < limit {
            excess += hist[i] - limit
            hist[i] = limit
        }
        var under = 0
        for i in 0..<n where hist[i] < limit { under += 1 }
        while excess > 0 {
            let previous = excess
            for index in 0..<n {
                let step = Swift.max(1, under / excess)
                var added = 0
                var i = index
                while i < n {
                    if hist[i] < limit {
                        hist[i] += 1
                        added += 1
                        if hist[i] == limit { under -= 1 }
                    }
                    i += step
                }
                excess -= added
                if excess <= 0 { break }
            }
            if previous == excess { break }
        }
    }
}
