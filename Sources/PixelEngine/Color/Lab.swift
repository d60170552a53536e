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

    /// ``xyzFromRGB`` with its rows divided by the white point (scikit-image divides after
    /// the product; the difference is in the last bits).
    @usableFromInline static let xyzOverWhite = (0.412453 / 0.95047, 0.357580 / 0.95047, 0.180423 / 0.95047,
                                                 0.212671, 0.715160, 0.072169,
                                                 0.019334 / 1.08883, 0.119193 / 1.08883, 0.950227 / 1.08883)

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

    /// ∛x for x > 0, to about 1e-11 relative (far below float output precision): a
    /// bit-trick estimate of x^(-1/3) (≈ 3 %), three division-free Newton steps, then
    /// ∛x = x · (x^(-1/3))². Inlines and pipelines, unlike libm's `cbrt`.
    @inlinable @inline(__always)
    static func cubeRoot(_ x: Double) -> Double {
        var r = Double(bitPattern: 0x553E_F0FF_289D_D796 &- x.bitPattern / 3)
        r = r * (4 - x * r * r * r) * (1.0 / 3.0)
        r = r * (4 - x * r * r * r) * (1.0 / 3.0)
        r = r * (4 - x * r * r * r) * (1.0 / 3.0)
        return x * r * r
    }

    /// `f(t)` for `count` values in place, four at a time: the x^(-1/3) estimate and two
    /// Newton steps run in single precision SIMD (the estimate's integer trick works on
    /// 32-bit lanes, which baseline x86-64 SIMD has), then one Newton step in double takes
    /// the error from ~3e-6 to ~1e-11. No divisions, no branches.
    @inlinable
    static func fInPlace(_ t: UnsafeMutablePointer<Double>, _ count: Int) {
        var i = 0
        while i &+ 4 <= count {
            let x = SIMD4<Double>(t[i], t[i &+ 1], t[i &+ 2], t[i &+ 3])
            let xf = SIMD4<Float>(Float(x[0]), Float(x[1]), Float(x[2]), Float(x[3]))
            // K - bits/3 without integer division or float→int conversion (neither vectorises
            // on baseline x86-64): bits/768 in float, its integer part read from the mantissa
            // after adding 2²³, shifted back by 8 bits. The lost 8 bits do not matter for a
            // 3 % estimate.
            let bits = SIMD4<Float>(unsafeBitCast(xf, to: SIMD4<Int32>.self))
            let shifted: SIMD4<Float> = bits * SIMD4<Float>(repeating: 1.0 / 768.0) + SIMD4<Float>(repeating: 8_388_608)
            let third32: SIMD4<Int32> = (unsafeBitCast(shifted, to: SIMD4<Int32>.self) & SIMD4<Int32>(repeating: 0x7F_FFFF)) &<< 8
            let estimate: SIMD4<Int32> = SIMD4<Int32>(repeating: 0x54A2_FA8C) &- third32
            let fourF = SIMD4<Float>(repeating: 4), thirdF = SIMD4<Float>(repeating: 1 / 3)
            var r: SIMD4<Float> = unsafeBitCast(estimate, to: SIMD4<Float>.self)
            var r3: SIMD4<Float> = r * r * r
            r = r * (fourF - xf * r3) * thirdF
            r3 = r * r * r
            r = r * (fourF - xf * r3) * thirdF
            var rd = SIMD4<Double>(Double(r[0]), Double(r[1]), Double(r[2]), Double(r[3]))
            let rd3: SIMD4<Double> = rd * rd * rd
            let fourD = SIMD4<Double>(repeating: 4), thirdD = SIMD4<Double>(repeating: 1.0 / 3.0)
            rd = rd * (fourD - x * rd3) * thirdD
            let root: SIMD4<Double> = x * rd * rd
            let linear: SIMD4<Double> = x * SIMD4<Double>(repeating: 7.787) + SIMD4<Double>(repeating: 16.0 / 116.0)
            let result = linear.replacing(with: root, where: x .> SIMD4<Double>(repeating: 0.008856))
            t[i] = result[0]
            t[i &+ 1] = result[1]
            t[i &+ 2] = result[2]
            t[i &+ 3] = result[3]
            i &+= 4
        }
        while i < count {
            t[i] = f(t[i])
            i &+= 1
        }
    }

    /// Linear RGB → L*, a*, b*.
    @inlinable @inline(__always)
    static func lab(linear r: Double, _ g: Double, _ b: Double) -> (Double, Double, Double) {
        let m = xyzOverWhite
        let x = r * m.0 + g * m.1 + b * m.2
        let y = r * m.3 + g * m.4 + b * m.5
        let z = r * m.6 + g * m.7 + b * m.8
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
                // Per row: XYZ (scaled by the white point) of every pixel, then f over the
                // whole row in SIMD, then L*a*b*.
                let m = CIELab.xyzOverWhite
                let t = UnsafeMutablePointer<Double>.allocate(capacity: output.count)
                defer { t.deallocate() }
                table.withUnsafeBufferPointer { lut in
                    var i = 0, o = 0
                    while o < output.count {
                        let r = lut[Int(input[i])], g = lut[Int(input[i &+ 1])], b = lut[Int(input[i &+ 2])]
                        t[o] = r * m.0 + g * m.1 + b * m.2
                        t[o &+ 1] = r * m.3 + g * m.4 + b * m.5
                        t[o &+ 2] = r * m.6 + g * m.7 + b * m.8
                        i &+= c
                        o &+= 3
                    }
                }
                CIELab.fInPlace(t, output.count)
                var o = 0
                while o < output.count {
                    let fx = t[o], fy = t[o &+ 1], fz = t[o &+ 2]
                    output[o] = Float(116 * fy - 16)
                    output[o &+ 1] = Float(500 * (fx - fy))
                    output[o &+ 2] = Float(200 * (fy - fz))
                    o &+= 3
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
