extension Image {
    /// Stretches or shrinks intensities linearly from `inRange` to `outRange`
    /// (`skimage.exposure.rescale_intensity`).
    ///
    /// Samples are first clipped to `inRange`, then mapped by
    /// `(v - inLow) / (inHigh - inLow) * (outHigh - outLow) + outLow`, in double precision for
    /// integer images and single precision for float images, as scikit-image. Integer results
    /// are truncated toward zero (scikit-image's `astype`: 127.5 becomes 127) and clipped to
    /// the type's range. When `inLow == inHigh` the clipped samples are clipped again to
    /// `outRange` instead.
    ///
    /// - Parameters:
    ///   - inRange: the input intensities to stretch; `nil` is the image's min...max (all
    ///     channels together).
    ///   - outRange: the target intensities; `nil` is the type's range: 0...255, 0...65535,
    ///     and for float 0...1 (or -1...1 when `inRange` reaches below 0, as scikit-image).
    /// - Returns: an image of the same type, size and channel count.
    /// - Throws: ``PixelEngineError`` for an empty image or non-finite range bounds.
    ///
    /// ```swift
    /// let stretched = try gray8.rescaleIntensity()                       // min→0, max→255
    /// let window = try gray16.rescaleIntensity(inRange: 100...4000)
    /// ```
    public func rescaleIntensity(
        inRange: ClosedRange<Double>? = nil, outRange: ClosedRange<Double>? = nil
    ) throws(PixelEngineError) -> Image {
        try rescaleIntensity(inRange: inRange, outRange: outRange, as: Sample.self)
    }

    /// ``rescaleIntensity(inRange:outRange:)`` with output samples of type `Out`, e.g.
    /// `Float` to keep fractions (scikit-image returns float when `out_range` is a pair).
    ///
    /// The default `outRange` is `Out`'s range. Integer outputs truncate, float outputs keep
    /// the exact value.
    ///
    /// ```swift
    /// let f = try gray8.rescaleIntensity(outRange: 0...1, as: Float.self)
    /// ```
    public func rescaleIntensity<Out: PixelSample>(
        inRange: ClosedRange<Double>? = nil, outRange: ClosedRange<Double>? = nil, as _: Out.Type
    ) throws(PixelEngineError) -> Image<Out> {
        try Validate.nonEmpty(self, "rescaleIntensity")
        let input: ClosedRange<Double>
        if let inRange {
            input = inRange
        } else {
            let (lo, hi) = minMax()
            guard lo.isFinite, hi.isFinite else {
                throw PixelEngineError("rescaleIntensity", "the image holds NaN or infinity (min \(lo), max \(hi)); pass inRange")
            }
            input = lo...hi
        }
        guard input.lowerBound.isFinite, input.upperBound.isFinite else {
            throw PixelEngineError("rescaleIntensity", "inRange must be finite, got \(input)")
        }
        let output: ClosedRange<Double>
        if let outRange {
            output = outRange
        } else if Out.isFloatingPoint {
            output = (input.lowerBound >= 0 ? 0 : -1)...1
        } else {
            output = 0...Out.nominalMax.doubleValue
        }
        guard output.lowerBound.isFinite, output.upperBound.isFinite else {
            throw PixelEngineError("rescaleIntensity", "outRange must be finite, got \(output)")
        }
        let imin = input.lowerBound, imax = input.upperBound
        let omin = output.lowerBound, omax = output.upperBound
        let constant = imin == imax

        if Sample.isFloatingPoint {
            // scikit-image keeps float32 arithmetic for float32 input.
            let lo = Float(imin), hi = Float(imax), span = Float(imax - imin)
            let oLo = Float(omin), oHi = Float(omax), oSpan = Float(omax - omin)
            let scaled: Image<Float> = reinterpreted(as: Float.self).mapBands { x, o, n in
                for i in 0..<n {
                    let v = x[i]
                    let c = v < lo ? lo : (v > hi ? hi : v)
                    o[i] = constant ? (c < oLo ? oLo : (c > oHi ? oHi : c)) : (c - lo) / span * oSpan + oLo
                }
            }
            switch Out.sampleType {
            case .float32: return scaled.reinterpreted(as: Out.self)
            case .uint8: return Image<Out>.from(scaled.mapBands { x, o, n in for i in 0..<n { o[i] = Self.store(Double(x[i]), as: UInt8.self) } })
            case .uint16: return Image<Out>.from(scaled.mapBands { x, o, n in for i in 0..<n { o[i] = Self.store(Double(x[i]), as: UInt16.self) } })
            case .uint32: return Image<Out>.from(scaled.mapBands { x, o, n in for i in 0..<n { o[i] = Self.store(Double(x[i]), as: UInt32.self) } })
            }
        }
        let transform = { (v: Double) -> Out in
            let c = v < imin ? imin : (v > imax ? imax : v)
            let r = constant ? (c < omin ? omin : (c > omax ? omax : c)) : (c - imin) / (imax - imin) * (omax - omin) + omin
            return Self.store(r, as: Out.self)
        }
        switch TypedImage(self) {
        case .uint8(let image): return image.applyingTable((0..<256).map { transform(Double($0)) })
        case .uint16(let image) where image.pixelCount * image.channels > 65536:
            return image.applyingTable((0..<65536).map { transform(Double($0)) })
        default: return map { transform($0.doubleValue) }
        }
    }

    /// numpy's `astype` from a float: integers truncate toward zero (clipped to the type,
    /// NaN to 0), floats round to single precision.
    @inlinable @inline(__always)
    static func store<Out: PixelSample>(_ value: Double, as _: Out.Type) -> Out {
        if Out.isFloatingPoint { return Out(clamping: value) }
        return Out(clamping: value < 0 ? value.rounded(.up) : value.rounded(.down))
    }

    /// The smallest and largest sample over all channels, as doubles (NaN is skipped
    /// unless every sample is NaN). The image must not be empty.
    func minMax() -> (Double, Double) {
        switch TypedImage(self) {
        case .uint8(let image): return image.integerMinMax()
        case .uint16(let image): return image.integerMinMax()
        case .uint32(let image): return image.integerMinMax()
        case .float32(let image):
            return image.withUnsafeSamples { s -> (Double, Double) in
                var lo = Float.infinity, hi = -Float.infinity
                var sawNumber = false
                for v in s where !v.isNaN {
                    sawNumber = true
                    if v < lo { lo = v }
                    if v > hi { hi = v }
                }
                return sawNumber ? (Double(lo), Double(hi)) : (.nan, .nan)
            }
        }
    }
}

extension Image where Sample: FixedWidthInteger {
    @inlinable
    func integerMinMax() -> (Double, Double) {
        withUnsafeSamples { s -> (Double, Double) in
            var lo = Sample.max, hi = Sample.min
            for v in s {
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
            return (Double(lo), Double(hi))
        }
    }
}

extension Image {
    /// Percentile normalisation as CSBDeep/StarDist's `normalize`:
    /// `(v - p_low) / (p_high - p_low + 1e-20)` in single precision.
    ///
    /// The percentiles are taken over all samples (every channel together), with numpy's
    /// default (linear) interpolation, on the raw sample values (0...255 for 8-bit); the
    /// result is about 0...1 but not clipped unless `clip` is true.
    ///
    /// - Parameters:
    ///   - low: the percentile mapped to 0, in 0...100 (default 1).
    ///   - high: the percentile mapped to 1, in 0...100 (default 99.8).
    ///   - clip: clip the result to 0...1.
    /// - Returns: a `Float` image of the same size and channel count.
    /// - Throws: ``PixelEngineError`` for an empty image or percentiles outside 0...100.
    ///
    /// ```swift
    /// let normalized = try gray16.normalizePercentile(low: 1, high: 99.8)
    /// ```
    public func normalizePercentile(low: Double = 1, high: Double = 99.8, clip: Bool = false) throws(PixelEngineError) -> Image<Float> {
        let op = "normalizePercentile"
        try Validate.nonEmpty(self, op)
        try Validate.inRange(low, 0...100, "low", op)
        try Validate.inRange(high, 0...100, "high", op)
        let p = try percentiles([low, high], operation: op)
        let mi = Float(p[0]), ma = Float(p[1])
        let denominator = ma - mi + Float(1e-20)
        let normalize = { (v: Float) -> Float in
            let r = (v - mi) / denominator
            return clip ? (r < 0 ? 0 : (r > 1 ? 1 : r)) : r
        }
        switch TypedImage(self) {
        case .uint8(let image): return image.applyingTable((0..<256).map { normalize(Float($0)) })
        case .uint16(let image):
            return image.applyingTable((0..<65536).map { normalize(Float($0)) })
        case .uint32(let image):
            return image.mapBands { x, o, n in
                for i in 0..<n {
                    let r = (Float(x[i]) - mi) / denominator
                    o[i] = clip ? (r < 0 ? 0 : (r > 1 ? 1 : r)) : r
                }
            }
        case .float32(let image):
            return image.mapBands { x, o, n in
                for i in 0..<n {
                    let r = (x[i] - mi) / denominator
                    o[i] = clip ? (r < 0 ? 0 : (r > 1 ? 1 : r)) : r
                }
            }
        }
    }
}
