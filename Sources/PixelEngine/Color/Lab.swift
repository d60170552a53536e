#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// sRGB ↔ CIE XYZ ↔ CIELAB constants, scikit-image's (D65 white, 2° observer).
@usableFromInline
enum CIELab {
    /// `xyz_from_rgb` of scikit-image (sRGB primaries, D65).
    @usableFromInline static let xyzFromRGB: [Double] = [
        0.412453, 0.357580, 0.180423,
        0.212671, 0.715160, 0.072169,
        0.019334, 0.119193, 0.950227,
    ]
    /// The D65 white point for the 2° observer, as scikit-image.
    @usableFromInline static let white: (x: Double, y: Double, z: Double) = (0.95047, 1.0, 1.08883)

    /// The inverse of ``xyzFromRGB`` (scikit-image inverts it numerically too).
    static let rgbFromXYZ: [Double] = {
        let m = xyzFromRGB
        let a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8]
        let cofactors = [e * i - f * h, -(b * i - c * h), b * f - c * e,
                         -(d * i - f * g), a * i - c * g, -(a * f - c * d),
                         d * h - e * g, -(a * h - b * g), a * e - b * d]
        let det = a * cofactors[0] + b * cofactors[3] + c * cofactors[6]
        return cofactors.map { $0 / det }
    }()

    /// sRGB companding inverse: encoded 0...1 → linear light.
    @inlinable @inline(__always)
    static func linearize(_ v: Double) -> Double {
        v > 0.04045 ? pow((v + 0.055) / 1.055, 2.4) : v / 12.92
    }

    /// The CIELAB `f(t)`.
    @inlinable @inline(__always)
    static func f(_ t: Double) -> Double {
        t > 0.008856 ? cubeRoot(t) : 7.787 * t + 16.0 / 116.0
    }

    /// ∛x for x > 0, to about 1e-15 relative: an exponent-thirding bit trick (≈ 3 %) and two
    /// Halley steps (each cubes the error). Inlines and pipelines, unlike libm's `cbrt`.
    @inlinable @inline(__always)
    static func cubeRoot(_ x: Double) -> Double {
        var y = Double(bitPattern: x.bitPattern / 3 &+ 0x2A9F_7893_782D_A1CE)
        var y3 = y * y * y
        y = y * (y3 + 2 * x) / (2 * y3 + x)
        y3 = y * y * y
        y = y * (y3 + 2 * x) / (2 * y3 + x)
        return y
    }

    /// Linear RGB → L*, a*, b*.
    @inlinable @inline(__always)
    static func lab(linear r: Double, _ g: Double, _ b: Double) -> (Double, Double, Double) {
        let m = (0.412453, 0.357580, 0.180423, 0.212671, 0.715160, 0.072169, 0.019334, 0.119193, 0.950227)
        let x = (r * m.0 + g * m.1 + b * m.2) / white.x
        let y = (r * m.3 + g * m.4 + b * m.5) / white.y
        let z = (r * m.6 + g * m.7 + b * m.8) / white.z
        let fx = f(x), fy = f(y), fz = f(z)
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }
}

extension Image {
    /// sRGB to CIELAB (`skimage.color.rgb2lab`), D65 white, 2° observer.
    ///
    /// Samples are scaled to 0...1, linearised with the sRGB curve, taken to XYZ with
    /// scikit-image's matrix and to L*a*b* with its constants (0.008856, 7.787). L* is in
    /// 0...100, a* and b* roughly −128...127. Computed in double, stored as float
    /// (≤ 1e-4 from scikit-image).
    ///
    /// - Returns: a 3-channel `Float` image (L*, a*, b*) of the same size. RGBA drops alpha.
    /// - Throws: ``PixelEngineError`` unless the image is RGB or RGBA.
    ///
    /// ```swift
    /// let lab = try rgb8.rgbToLab()
    /// ```
    public func rgbToLab() throws(PixelEngineError) -> Image<Float> {
        try Validate.channels(self, [3, 4], "rgbToLab")
        let c = channels
        if Sample.sampleType == .uint8 {
            let table = (0..<256).map { CIELab.linearize(Double($0) * (1.0 / 255.0)) }
            return reinterpreted(as: UInt8.self).mapRows(outputChannels: 3) { _, input, output in
                table.withUnsafeBufferPointer { lut in
                    var i = 0, o = 0
                    while o < output.count {
                        let lab = CIELab.lab(linear: lut[Int(input[i])], lut[Int(input[i &+ 1])], lut[Int(input[i &+ 2])])
                        output[o] = Float(lab.0)
                        output[o &+ 1] = Float(lab.1)
                        output[o &+ 2] = Float(lab.2)
                        i &+= c
                        o &+= 3
                    }
                }
            }
        }
        switch TypedImage(self) {
        case .uint16(let image): return image.labKernel()
        case .uint32(let image): return image.labKernel()
        case .float32(let image): return image.labKernel()
        case .uint8: preconditionFailure("rgbToLab: unreachable")
        }
    }

    /// ``rgbToLab()`` for a concrete sample type (without the 8-bit table).
    @inlinable
    func labKernel() -> Image<Float> {
        let c = channels
        let scale = Self.unitScale
        return mapRows(outputChannels: 3) { (_, input, output: UnsafeMutableBufferPointer<Float>) in
            var i = 0, o = 0
            while o < output.count {
                let lab = CIELab.lab(linear: CIELab.linearize(input[i].doubleValue * scale),
                                     CIELab.linearize(input[i &+ 1].doubleValue * scale),
                                     CIELab.linearize(input[i &+ 2].doubleValue * scale))
                output[o] = Float(lab.0)
                output[o &+ 1] = Float(lab.1)
                output[o &+ 2] = Float(lab.2)
                i &+= c
                o &+= 3
            }
        }
    }
}

extension Image where Sample == Float {
    /// CIELAB to sRGB (`skimage.color.lab2rgb`), D65 white, 2° observer; the inverse of
    /// ``Image/rgbToLab()``.
    ///
    /// As scikit-image, negative Z is clipped to 0 and the result is clipped to 0...1.
    ///
    /// - Returns: a 3-channel `Float` RGB image in 0...1 of the same size.
    /// - Throws: ``PixelEngineError`` unless the image has 3 channels.
    ///
    /// ```swift
    /// let rgb = try lab.labToRGB()
    /// ```
    public func labToRGB() throws(PixelEngineError) -> Image<Float> {
        try Validate.channels(self, [3], "labToRGB")
        let m = CIELab.rgbFromXYZ
        let w = CIELab.white
        return m.withUnsafeBufferPointer { m in
            mapRows { _, input, output in
                var i = 0
                while i < input.count {
                    let l = Double(input[i]), a = Double(input[i &+ 1]), b = Double(input[i &+ 2])
                    let fy = (l + 16) / 116
                    let fx = a / 500 + fy
                    var fz = fy - b / 200
                    if fz < 0 { fz = 0 }
                    func finv(_ t: Double) -> Double { t > 0.2068966 ? t * t * t : (t - 16.0 / 116.0) / 7.787 }
                    let x = finv(fx) * w.x, y = finv(fy) * w.y, z = finv(fz) * w.z
                    for k in 0..<3 {
                        var v = x * m[k * 3] + y * m[k * 3 + 1] + z * m[k * 3 + 2]
                        v = v > 0.0031308 ? 1.055 * pow(v, 1 / 2.4) - 0.055 : v * 12.92
                        output[i &+ k] = Float(v < 0 ? 0 : (v > 1 ? 1 : v))
                    }
                    i &+= 3
                }
            }
        }
    }
}
