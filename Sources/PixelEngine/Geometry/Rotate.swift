#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An affine map from output pixel coordinates to input coordinates:
/// `xIn = a·x + b·y + c`, `yIn = d·x + e·y + f` (x = column, y = row, pixel centres at
/// integers), plus the output size.
@usableFromInline
struct AffineSampling: Sendable {
    @usableFromInline var a, b, c, d, e, f: Double
    @usableFromInline var outWidth: Int
    @usableFromInline var outHeight: Int

    @usableFromInline
    init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double, outWidth: Int, outHeight: Int) {
        (self.a, self.b, self.c, self.d, self.e, self.f) = (a, b, c, d, e, f)
        self.outWidth = outWidth
        self.outHeight = outHeight
    }

    /// The sampling of `skimage.transform.rotate(image, angle, resize=resize)`: the rotation
    /// is about ((width−1)/2, (height−1)/2), counter-clockwise as displayed for positive
    /// angles; with `resize` the output grows to hold all four input corners, its size
    /// rounded half to even (`numpy.around`).
    @usableFromInline
    static func rotation(degrees: Double, width: Int, height: Int, resize: Bool) -> AffineSampling {
        let theta = degrees * Double.pi / 180
        let cosT = cos(theta)
        let sinT = sin(theta)
        let cx = Double(width) / 2 - 0.5
        let cy = Double(height) / 2 - 0.5
        var shiftX = 0.0
        var shiftY = 0.0
        var outWidth = width
        var outHeight = height
        if resize {
            // Input corners mapped into the output frame (the inverse rotation).
            let corners = [(0.0, 0.0), (0.0, Double(height - 1)), (Double(width - 1), Double(height - 1)), (Double(width - 1), 0.0)]
            let mapped = corners.map { (x, y) in
                (cosT * (x - cx) + sinT * (y - cy) + cx, -sinT * (x - cx) + cosT * (y - cy) + cy)
            }
            let minX = mapped.map(\.0).min()!, maxX = mapped.map(\.0).max()!
            let minY = mapped.map(\.1).min()!, maxY = mapped.map(\.1).max()!
            outWidth = max(1, Int((maxX - minX + 1).rounded(.toNearestOrEven)))
            outHeight = max(1, Int((maxY - minY + 1).rounded(.toNearestOrEven)))
            shiftX = minX
            shiftY = minY
        }
        // in = R(θ)·(out + shift − centre) + centre
        let ox = shiftX - cx
        let oy = shiftY - cy
        return AffineSampling(a: cosT, b: -sinT, c: cosT * ox - sinT * oy + cx,
                              d: sinT, e: cosT, f: sinT * ox + cosT * oy + cy,
                              outWidth: outWidth, outHeight: outHeight)
    }
}

/// The resampling kernels behind the rotations.
extension Image {
    /// Bilinear resampling through `map`; samples outside the image read `cval`. Matches
    /// scikit-image's `warp(order=1, mode='constant')` (its `bilinear_interpolation`).
    @inlinable
    func warpBilinear(_ map: AffineSampling, cval: Double) -> Image {
        let w = width, h = height, ch = channels
        let fill = Float(cval)
        return withUnsafeSamples { source in
            Image.generate(width: map.outWidth, height: map.outHeight, channels: ch,
                           costPerRow: map.outWidth &* ch &* 8) { rows, output in
                let src = source.baseAddress!
                let dst = output.baseAddress!
                let outStride = map.outWidth &* ch
                for y in rows {
                    let yd = Double(y)
                    let rowX = map.b * yd + map.c
                    let rowY = map.e * yd + map.f
                    let o = dst + y &* outStride
                    for x in 0..<map.outWidth {
                        let xd = Double(x)
                        let sx = map.a * xd + rowX
                        let sy = map.d * xd + rowY
                        let fx = sx.rounded(.down)
                        let fy = sy.rounded(.down)
                        let dx = Float(sx - fx)
                        let dy = Float(sy - fy)
                        // Entirely outside (also catches NaN and huge values before Int conversion).
                        guard fx >= -1, fy >= -1, fx < Double(w), fy < Double(h) else {
                            for k in 0..<ch { o[x &* ch &+ k] = Sample(clamping: fill) }
                            continue
                        }
                        let x0 = Int(fx), y0 = Int(fy)
                        let wx0 = 1 - dx, wy0 = 1 - dy
                        if x0 >= 0 && y0 >= 0 && x0 &+ 1 < w && y0 &+ 1 < h {
                            let p = src + (y0 &* w &+ x0) &* ch
                            let q = p + w &* ch
                            for k in 0..<ch {
                                let top = wx0 * p[k].floatValue + dx * p[k &+ ch].floatValue
                                let bottom = wx0 * q[k].floatValue + dx * q[k &+ ch].floatValue
                                o[x &* ch &+ k] = Sample(clamping: wy0 * top + dy * bottom)
                            }
                        } else {
                            let inX0 = x0 >= 0, inX1 = x0 &+ 1 < w, inY0 = y0 >= 0, inY1 = y0 &+ 1 < h
                            for k in 0..<ch {
                                @inline(__always) func at(_ xx: Int, _ yy: Int) -> Float {
                                    src[(yy &* w &+ xx) &* ch &+ k].floatValue
                                }
                                let tl = inX0 && inY0 ? at(x0, y0) : fill
                                let tr = inX1 && inY0 ? at(x0 &+ 1, y0) : fill
                                let bl = inX0 && inY1 ? at(x0, y0 &+ 1) : fill
                                let br = inX1 && inY1 ? at(x0 &+ 1, y0 &+ 1) : fill
                                let top = wx0 * tl + dx * tr
                                let bottom = wx0 * bl + dx * br
                                o[x &* ch &+ k] = Sample(clamping: wy0 * top + dy * bottom)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Nearest-neighbour resampling through `map` (coordinates rounded half away from
    /// zero, as scikit-image's order 0); samples outside read `fill`. Values are copied,
    /// never mixed, so label ids stay exact.
    @inlinable
    func warpNearest(_ map: AffineSampling, fill: Sample) -> Image {
        let w = width, h = height, ch = channels
        return withUnsafeSamples { source in
            Image.generate(width: map.outWidth, height: map.outHeight, channels: ch,
                           costPerRow: map.outWidth &* ch &* 4) { rows, output in
                let src = source.baseAddress!
                let dst = output.baseAddress!
                let outStride = map.outWidth &* ch
                for y in rows {
                    let yd = Double(y)
                    let rowX = map.b * yd + map.c
                    let rowY = map.e * yd + map.f
                    let o = dst + y &* outStride
                    for x in 0..<map.outWidth {
                        let xd = Double(x)
                        let sx = (map.a * xd + rowX).rounded()
                        let sy = (map.d * xd + rowY).rounded()
                        if sx >= 0 && sy >= 0 && sx < Double(w) && sy < Double(h) {
                            let p = src + (Int(sy) &* w &+ Int(sx)) &* ch
                            for k in 0..<ch { o[x &* ch &+ k] = p[k] }
                        } else {
                            for k in 0..<ch { o[x &* ch &+ k] = fill }
                        }
                    }
                }
            }
        }
    }
}

extension Image {
    /// The image rotated by `angle` degrees counter-clockwise (as displayed) about its
    /// centre, with bilinear interpolation.
    ///
    /// Matches `skimage.transform.rotate(img, angle, resize=resize, order=1,
    /// mode='constant', cval=cval, preserve_range=True)`: the centre is
    /// ((width−1)/2, (height−1)/2) in pixel-centre coordinates, and output pixels whose
    /// source falls outside blend towards `cval` over the last half pixel. Integer samples
    /// are rounded half away from zero and clamped. (`cv2.getRotationMatrix2D` uses the
    /// centre (width/2, height/2) unless given ((w−1)/2, (h−1)/2).)
    ///
    /// - Parameters:
    ///   - angle: degrees; positive turns counter-clockwise.
    ///   - resize: false keeps the size (corners are cut off); true enlarges the output to
    ///     hold the whole rotated image.
    ///   - cval: the value of pixels from outside the input, in sample units (255 is white
    ///     for `UInt8`, 1 for `Float`).
    /// - Returns: an image of the same sample type and channels.
    /// - Throws: ``PixelEngineError`` (`rotate`) for an empty image or a non-finite angle.
    ///
    /// ```swift
    /// let tilted = try img.rotate(angle: 30, resize: true)
    /// ```
    @inlinable
    public func rotate(angle: Double, resize: Bool = false, cval: Double = 0) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "rotate")
        guard angle.isFinite else { throw PixelEngineError("rotate", "angle must be finite, got \(angle)") }
        guard cval.isFinite else { throw PixelEngineError("rotate", "cval must be finite, got \(cval)") }
        let map = AffineSampling.rotation(degrees: angle, width: width, height: height, resize: resize)
        try GeometryCheck.outputSize(width: map.outWidth, height: map.outHeight, "rotate")
        return warpBilinear(map, cval: cval)
    }

    /// Nearest-neighbour rotation: the same geometry as ``rotate(angle:resize:cval:)``, but
    /// samples are copied, never mixed (scikit-image `order=0`).
    ///
    /// ```swift
    /// let tilted = try idImage.rotateNearest(angle: 30)
    /// ```
    @inlinable
    public func rotateNearest(angle: Double, resize: Bool = false, cval: Sample = .zero) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "rotate")
        guard angle.isFinite else { throw PixelEngineError("rotate", "angle must be finite, got \(angle)") }
        let map = AffineSampling.rotation(degrees: angle, width: width, height: height, resize: resize)
        try GeometryCheck.outputSize(width: map.outWidth, height: map.outHeight, "rotate")
        return warpNearest(map, fill: cval)
    }
}

extension Mask {
    /// The mask rotated by `angle` degrees counter-clockwise, nearest neighbour; pixels
    /// from outside are false. See ``Image/rotate(angle:resize:cval:)`` for the geometry.
    ///
    /// ```swift
    /// let tilted = try mask.rotate(angle: 45, resize: true)
    /// ```
    public func rotate(angle: Double, resize: Bool = false) throws(PixelEngineError) -> Mask {
        Mask(uncheckedBits: try bits.rotateNearest(angle: angle, resize: resize))
    }
}

extension LabelMap {
    /// The label map rotated by `angle` degrees counter-clockwise, nearest neighbour (ids
    /// stay exact); pixels from outside are background. See
    /// ``Image/rotate(angle:resize:cval:)`` for the geometry.
    ///
    /// ```swift
    /// let tilted = try labels.rotate(angle: 45)
    /// ```
    public func rotate(angle: Double, resize: Bool = false) throws(PixelEngineError) -> LabelMap {
        LabelMap(ids: try ids.rotateNearest(angle: angle, resize: resize))
    }
}

extension ClassMap {
    /// The class map rotated by `angle` degrees counter-clockwise, nearest neighbour;
    /// pixels from outside are class 0. See ``Image/rotate(angle:resize:cval:)``.
    ///
    /// ```swift
    /// let tilted = try classes.rotate(angle: 10)
    /// ```
    public func rotate(angle: Double, resize: Bool = false) throws(PixelEngineError) -> ClassMap {
        withIndices(try indices.rotateNearest(angle: angle, resize: resize))
    }
}
