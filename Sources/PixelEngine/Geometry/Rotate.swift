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
        if Sample.self == UInt8.self, map.fitsFixedPoint(width: width, height: height) {
            let bytes = unsafeBitCast(self, to: Image<UInt8>.self).warpBilinearBytes(map, cval: cval)
            return unsafeBitCast(bytes, to: Image.self)
        }
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
                        // Entirely outside (also catches NaN and huge values before Int conversion).
                        guard sx > -1, sy > -1, sx < Double(w), sy < Double(h) else {
                            for k in 0..<ch { o[x &* ch &+ k] = Sample(clamping: fill) }
                            continue
                        }
                        // floor via truncation of a positive value: `rounded(.down)` is a libm
                        // call on baseline x86-64.
                        let x0 = Int(sx + 1) &- 1, y0 = Int(sy + 1) &- 1
                        let dx = Float(sx - Double(x0))
                        let dy = Float(sy - Double(y0))
                        let wx0 = 1 - dx, wy0 = 1 - dy
                        if x0 >= 0 && y0 >= 0 && x0 &+ 1 < w && y0 &+ 1 < h {
                            if ch == 1 {
                                let p = src + (y0 &* w &+ x0)
                                let top = wx0 * p[0].floatValue + dx * p[1].floatValue
                                let bottom = wx0 * p[w].floatValue + dx * p[w &+ 1].floatValue
                                o[x] = Sample(clamping: wy0 * top + dy * bottom)
                                continue
                            }
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

extension AffineSampling {
    /// True when every coordinate the map produces fits the 32.32 fixed point of the byte
    /// kernel with room to spare.
    @usableFromInline
    func fitsFixedPoint(width: Int, height: Int) -> Bool {
        let limit = Double(1 << 28)
        let corners = [(0.0, 0.0), (Double(outWidth), 0.0), (0.0, Double(outHeight)), (Double(outWidth), Double(outHeight))]
        return corners.allSatisfy { (x, y) in
            let sx = a * x + b * y + c, sy = d * x + e * y + f
            return abs(sx) < limit && abs(sy) < limit
        } && width < 1 << 28 && height < 1 << 28
    }
}

extension Image where Sample == UInt8 {
    /// The 8-bit bilinear warp: source positions step along each row in 32.32 fixed point,
    /// interior pixels blend with 15-bit weights in integers (within 0.02 of the exact
    /// value before rounding); pixels near or past the border take the exact path of
    /// ``warpBilinear(_:cval:)``.
    @inlinable
    func warpBilinearBytes(_ map: AffineSampling, cval: Double) -> Image<UInt8> {
        let w = width, h = height, ch = channels
        let fill = Float(cval)
        let fillByte = UInt8(clamping: fill)
        let one: Double = 4_294_967_296
        let stepX = Int64((map.a * one).rounded()), stepY = Int64((map.d * one).rounded())
        return withUnsafeSamples { source in
            Image<UInt8>.generate(width: map.outWidth, height: map.outHeight, channels: ch,
                                  costPerRow: map.outWidth &* ch &* 8) { rows, output in
                let src = source.baseAddress!
                let dst = output.baseAddress!
                let outStride = map.outWidth &* ch
                let rowLength = w &* ch
                // Tiles of 16 rows × 128 columns: the source pixels a tile reads fit in L1,
                // where whole rows walk diagonally across the source and miss the cache.
                for band in stride(from: rows.lowerBound, to: rows.upperBound, by: 16) {
                for tile in stride(from: 0, to: map.outWidth, by: 128) {
                for y in band..<min(band &+ 16, rows.upperBound) {
                    let yd = Double(y), td = Double(tile)
                    let fx0 = Int64(((map.a * td + map.b * yd + map.c) * one).rounded())
                    let fy0 = Int64(((map.d * td + map.e * yd + map.f) * one).rounded())
                    let o = dst + y &* outStride
                    @inline(__always) func position(_ x: Int) -> (Int64, Int64) {
                        let steps = Int64(x &- tile)
                        return (fx0 &+ steps &* stepX, fy0 &+ steps &* stepY)
                    }
                    @inline(__always) func isInterior(_ x: Int) -> Bool {
                        let (fx, fy) = position(x)
                        let x0 = Int(truncatingIfNeeded: fx >> 32), y0 = Int(truncatingIfNeeded: fy >> 32)
                        return UInt(bitPattern: x0) < UInt(bitPattern: w &- 1) && UInt(bitPattern: y0) < UInt(bitPattern: h &- 1)
                    }
                    // Pixels outside or on the border band: fill, or exact weights with
                    // outside samples reading `cval`.
                    func edgePixel(_ x: Int) {
                        let (fx, fy) = position(x)
                        let x0 = Int(truncatingIfNeeded: fx >> 32), y0 = Int(truncatingIfNeeded: fy >> 32)
                        if x0 < -1 || y0 < -1 || x0 >= w || y0 >= h {
                            for k in 0..<ch { o[x &* ch &+ k] = fillByte }
                            return
                        }
                        let sx = Double(fx) / one, sy = Double(fy) / one
                        let dx = Float(sx - Double(x0)), dy = Float(sy - Double(y0))
                        let inX0 = x0 >= 0, inX1 = x0 &+ 1 < w, inY0 = y0 >= 0, inY1 = y0 &+ 1 < h
                        for k in 0..<ch {
                            @inline(__always) func at(_ xx: Int, _ yy: Int) -> Float {
                                Float(src[(yy &* w &+ xx) &* ch &+ k])
                            }
                            let tl = inX0 && inY0 ? at(x0, y0) : fill
                            let tr = inX1 && inY0 ? at(x0 &+ 1, y0) : fill
                            let bl = inX0 && inY1 ? at(x0, y0 &+ 1) : fill
                            let br = inX1 && inY1 ? at(x0 &+ 1, y0 &+ 1) : fill
                            let top = (1 - dx) * tl + dx * tr
                            let bottom = (1 - dx) * bl + dx * br
                            o[x &* ch &+ k] = UInt8(clamping: (1 - dy) * top + dy * bottom)
                        }
                    }
                    // A line meets the convex interior in one run: peel the edges from both
                    // ends, then the run needs no bounds checks.
                    var lo = tile, hi = min(tile &+ 128, map.outWidth)
                    while lo < hi && !isInterior(lo) { edgePixel(lo); lo &+= 1 }
                    while hi > lo && !isInterior(hi &- 1) { edgePixel(hi &- 1); hi &-= 1 }
                    guard lo < hi else { continue }
                    var (fx, fy) = position(lo)
                    if ch == 1 {
                        for x in lo..<hi {
                            let x0 = Int(truncatingIfNeeded: fx >> 32), y0 = Int(truncatingIfNeeded: fy >> 32)
                            let ax = Int(truncatingIfNeeded: (fx >> 17) & 0x7FFF), ay = Int(truncatingIfNeeded: (fy >> 17) & 0x7FFF)
                            let p = src + (y0 &* w &+ x0)
                            let top = Int(p[0]) &* (0x8000 &- ax) &+ Int(p[1]) &* ax
                            let bottom = Int(p[w]) &* (0x8000 &- ax) &+ Int(p[w &+ 1]) &* ax
                            o[x] = UInt8(truncatingIfNeeded: (top &* (0x8000 &- ay) &+ bottom &* ay &+ (1 << 29)) >> 30)
                            fx &+= stepX
                            fy &+= stepY
                        }
                        continue
                    }
                    for x in lo..<hi {
                        let x0 = Int(truncatingIfNeeded: fx >> 32), y0 = Int(truncatingIfNeeded: fy >> 32)
                        let ax = Int(truncatingIfNeeded: (fx >> 17) & 0x7FFF), ay = Int(truncatingIfNeeded: (fy >> 17) & 0x7FFF)
                        let bx = 0x8000 &- ax, by = 0x8000 &- ay
                        let p = src + (y0 &* w &+ x0) &* ch
                        for k in 0..<ch {
                            let top = Int(p[k]) &* bx &+ Int(p[k &+ ch]) &* ax
                            let bottom = Int(p[k &+ rowLength]) &* bx &+ Int(p[k &+ rowLength &+ ch]) &* ax
                            o[x &* ch &+ k] = UInt8(truncatingIfNeeded: (top &* by &+ bottom &* ay &+ (1 << 29)) >> 30)
                        }
                        fx &+= stepX
                        fy &+= stepY
                    }
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
    /// are rounded half away from zero and clamped; `UInt8` interiors use 15-bit fixed-point
    /// weights, within 0.02 of the exact value before rounding (so within 1 of
    /// `numpy.rint` of scikit-image's result, and almost always equal). (`cv2.getRotationMatrix2D` uses the
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
