extension Image {
    /// RGB to HSV (`skimage.color.rgb2hsv`): hue, saturation and value, each in 0...1.
    ///
    /// Samples are scaled to 0...1 first (``converted(to:)`` rules, in double precision) and
    /// the formulas are scikit-image's: `V = max`, `S = (max - min) / max`, hue from the
    /// channel holding the max (blue wins ties, then green), 0 for grays; hue 1 wraps to 0.
    /// Computed in double, stored as float (≤ 1e-7 from scikit-image).
    ///
    /// - Returns: a 3-channel `Float` image (H, S, V) of the same size. RGBA drops alpha.
    /// - Throws: ``PixelEngineError`` unless the image is RGB or RGBA.
    ///
    /// ```swift
    /// let hsv = try rgb8.rgbToHSV()
    /// let saturation = try hsv.channel(1)
    /// ```
    public func rgbToHSV() throws(PixelEngineError) -> Image<Float> {
        try Validate.channels(self, [3, 4], "rgbToHSV")
        switch TypedImage(self) {
        case .uint8(let image): return image.hsvKernel()
        case .uint16(let image): return image.hsvKernel()
        case .uint32(let image): return image.hsvKernel()
        case .float32(let image): return image.hsvKernel()
        }
    }

    /// ``rgbToHSV()`` for a concrete sample type.
    @inlinable
    func hsvKernel() -> Image<Float> {
        let c = channels
        let scale = Self.unitScale
        return withUnsafeSamples { s in
            Image<Float>.generate(width: width, height: height, channels: 3, costPerRow: width * 20) { rows, out in
                for y in rows {
                    for x in 0..<width {
                        let i = (y &* width &+ x) &* c
                        let hsv = Self.hsv(s[i].doubleValue * scale, s[i &+ 1].doubleValue * scale, s[i &+ 2].doubleValue * scale)
                        let o = (y &* width &+ x) &* 3
                        out[o] = Float(hsv.h)
                        out[o &+ 1] = Float(hsv.s)
                        out[o &+ 2] = Float(hsv.v)
                    }
                }
            }
        }
    }

    /// The factor taking samples to 0...1: `1/255`, `1/65535`, … (1 for float).
    @usableFromInline
    static var unitScale: Double {
        Sample.isFloatingPoint ? 1 : 1 / Sample.nominalMax.doubleValue
    }

    @inlinable @inline(__always)
    static func hsv(_ r: Double, _ g: Double, _ b: Double) -> (h: Double, s: Double, v: Double) {
        let v = Swift.max(r, Swift.max(g, b))
        let delta = v - Swift.min(r, Swift.min(g, b))
        if delta == 0 { return (0, 0, v) }
        var h: Double
        if b == v { h = 4 + (r - g) / delta } else if g == v { h = 2 + (b - r) / delta } else { h = (g - b) / delta }
        // numpy's float %: fmod, shifted into [0, 1).
        // numpy's float % 1: here |h / 6| < 1, so fmod is the identity and only negatives shift.
        h /= 6
        if h < 0 { h += 1 }
        return (h, delta / v, v)
    }

    /// RGB → H, S, V planes in double (for CLAHE of colour images).
    func rgbToHSVDouble() -> (hue: [Double], saturation: [Double], value: [Double]) {
        let n = pixelCount, c = channels, scale = Self.unitScale
        var hue = [Double](repeating: 0, count: n), sat = hue, val = hue
        withUnsafeSamples { s in
            for p in 0..<n {
                let hsv = Self.hsv(s[p * c].doubleValue * scale, s[p * c + 1].doubleValue * scale, s[p * c + 2].doubleValue * scale)
                hue[p] = hsv.h
                sat[p] = hsv.s
                val[p] = hsv.v
            }
        }
        return (hue, sat, val)
    }
}

extension Image where Sample == Float {
    /// HSV to RGB (`skimage.color.hsv2rgb`), the inverse of ``Image/rgbToHSV()``.
    ///
    /// Hue is taken modulo 1 (scikit-image wraps only 1.0 to 0); saturation and value are
    /// used as given. Computed in double, stored as float.
    ///
    /// - Returns: a 3-channel `Float` RGB image in 0...1 for inputs in 0...1, same size.
    /// - Throws: ``PixelEngineError`` unless the image has 3 channels.
    ///
    /// ```swift
    /// let rgb = try hsv.hsvToRGB()
    /// ```
    public func hsvToRGB() throws(PixelEngineError) -> Image<Float> {
        try Validate.channels(self, [3], "hsvToRGB")
        return mapRows { _, input, output in
            var i = 0
            while i < input.count {
                let rgb = Self.rgb(Double(input[i]), Double(input[i &+ 1]), Double(input[i &+ 2]))
                output[i] = Float(rgb.r)
                output[i &+ 1] = Float(rgb.g)
                output[i &+ 2] = Float(rgb.b)
                i &+= 3
            }
        }
    }

    @inlinable @inline(__always)
    static func rgb(_ h: Double, _ s: Double, _ v: Double) -> (r: Double, g: Double, b: Double) {
        let hi = (h * 6).rounded(.down)
        let f = h * 6 - hi
        let p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s)
        var sector = hi.isFinite ? Int(hi) % 6 : 0
        if sector < 0 { sector += 6 }
        switch sector {
        case 0: return (v, t, p)
        case 1: return (q, v, p)
        case 2: return (p, v, t)
        case 3: return (p, q, v)
        case 4: return (t, p, v)
        default: return (v, p, q)
        }
    }

    /// H, S, V planes in double → float RGB.
    static func hsvDoubleToRGB(width: Int, height: Int, hue: [Double], saturation: [Double], value: [Double]) -> Image<Float> {
        var out = [Float](repeating: 0, count: width * height * 3)
        for p in 0..<(width * height) {
            let rgb = rgb(hue[p], saturation[p], value[p])
            out[p * 3] = Float(rgb.r)
            out[p * 3 + 1] = Float(rgb.g)
            out[p * 3 + 2] = Float(rgb.b)
        }
        return Image<Float>(width: width, height: height, channels: 3, pixels: out)
    }
}
