/// How ``Image/resize(width:height:interpolation:)`` computes new pixels.
public enum Interpolation: String, Sendable, Hashable, CaseIterable {
    /// The source pixel whose area contains the output pixel centre: values are copied,
    /// never mixed (labels stay exact). `cv2.INTER_NEAREST_EXACT`, PIL `NEAREST`.
    case nearest
    /// Linear in x and y between the four nearest source pixel centres, half-pixel centre
    /// convention: `cv2.INTER_LINEAR` (8-bit: OpenCV's 11-bit fixed-point weights),
    /// `skimage.transform.resize(order=1, mode='edge', anti_aliasing=False)`.
    case bilinear
    /// The average over the area each output pixel covers: `cv2.INTER_AREA`. Use it to
    /// shrink; when an axis grows it behaves as OpenCV's area-mode linear.
    case area
}

extension Image {
    /// The image resampled to `width`×`height`.
    ///
    /// Pixel centres sit at half-integers in both grids: output pixel `x` samples the input
    /// at `(x + 0.5) · inWidth / width − 0.5`, as OpenCV and scikit-image do, so the image
    /// content does not shift. Edges repeat (the sampling position is clamped).
    ///
    /// - Parameters:
    ///   - width, height: the output size, each > 0.
    ///   - interpolation: `.bilinear` (default), `.nearest` or `.area`. For `UInt8`,
    ///     `.bilinear` and `.area` follow OpenCV's integer arithmetic: exact for 2× and other
    ///     integer shrink factors; otherwise equal to `cv2.resize` but for a few samples at
    ///     row ends, where OpenCV's scalar tail rounds differently from its vector body (±1).
    ///     Other sample types compute in `Float` and round.
    /// - Returns: a `width`×`height` image of the same sample type and channels.
    /// - Throws: ``PixelEngineError`` (`resize`) for an empty image or a non-positive or
    ///   huge output size.
    ///
    /// ```swift
    /// let half = try img.resize(width: img.width / 2, height: img.height / 2, interpolation: .area)
    /// ```
    @inlinable
    public func resize(width outWidth: Int, height outHeight: Int,
                       interpolation: Interpolation = .bilinear) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "resize")
        try GeometryCheck.outputSize(width: outWidth, height: outHeight, "resize")
        if outWidth == width && outHeight == height { return self }
        switch interpolation {
        case .nearest:
            return resizeNearest(width: outWidth, height: outHeight)
        case .bilinear:
            if width == 2 &* outWidth && height == 2 &* outHeight { return halve() }
            return resizeLinear(width: outWidth, height: outHeight, areaMode: false)
        case .area:
            let shrinksX = width >= outWidth, shrinksY = height >= outHeight
            guard shrinksX && shrinksY else {
                return resizeLinear(width: outWidth, height: outHeight, areaMode: true)
            }
            if width % outWidth == 0 && height % outHeight == 0 {
                if width == 2 &* outWidth && height == 2 &* outHeight { return halve() }
                return shrinkInteger(factorX: width / outWidth, factorY: height / outHeight)
            }
            return shrinkArea(width: outWidth, height: outHeight)
        }
    }

    /// Nearest neighbour with the half-pixel rule: source index `⌊(x + ½) · in / out⌋`,
    /// computed exactly in integers.
    @inlinable
    func resizeNearest(width outWidth: Int, height outHeight: Int) -> Image {
        let w = width, h = height, ch = channels
        let columns = (0..<outWidth).map { x in min(((2 &* x &+ 1) &* w) / (2 &* outWidth), w &- 1) &* ch }
        return withUnsafeSamples { source in
            columns.withUnsafeBufferPointer { cols in
                Image.generate(width: outWidth, height: outHeight, channels: ch) { rows, output in
                    let src = source.baseAddress!
                    let dst = output.baseAddress!
                    for y in rows {
                        let sy = min(((2 &* y &+ 1) &* h) / (2 &* outHeight), h &- 1)
                        let s = src + sy &* w &* ch
                        let o = dst + y &* outWidth &* ch
                        if ch == 1 {
                            for x in 0..<outWidth { o[x] = s[cols[x]] }
                        } else {
                            for x in 0..<outWidth {
                                for k in 0..<ch { o[x &* ch &+ k] = s[cols[x] &+ k] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Exact 2× shrink: each output sample is the mean of a 2×2 block; `UInt8` rounds as
    /// OpenCV, `(a + b + c + d + 2) >> 2`.
    @inlinable
    func halve() -> Image {
        let outWidth = width / 2, outHeight = height / 2, ch = channels
        let inStride = rowStride
        let outStride = outWidth &* ch
        return withUnsafeSamples { source in
            Image.generate(width: outWidth, height: outHeight, channels: ch, costPerRow: inStride &* 2) { rows, output in
                let src = source.baseAddress!
                let dst = output.baseAddress!
                for y in rows {
                    let r0 = src + (2 &* y) &* inStride
                    let r1 = r0 + inStride
                    let o = dst + y &* outStride
                    if Sample.self == UInt8.self {
                        ResizeKernels.halveRowUInt8(UnsafeRawPointer(r0), UnsafeRawPointer(r1),
                                                    UnsafeMutableRawPointer(o), width: outWidth, channels: ch)
                    } else {
                        for x in 0..<outWidth {
                            for k in 0..<ch {
                                let i = 2 &* x &* ch &+ k
                                let sum = r0[i].floatValue + r0[i &+ ch].floatValue + r1[i].floatValue + r1[i &+ ch].floatValue
                                o[x &* ch &+ k] = Sample(clamping: sum * 0.25)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Shrink by whole factors: the mean of each `factorX`×`factorY` block. `UInt8`
    /// rounds as OpenCV's `INTER_AREA` (`sum · (1/area)` in `Float`, half to even).
    @inlinable
    func shrinkInteger(factorX: Int, factorY: Int) -> Image {
        let outWidth = width / factorX, outHeight = height / factorY, ch = channels
        let inStride = rowStride
        let outStride = outWidth &* ch
        let scale = 1 / Float(factorX &* factorY)
        return withUnsafeSamples { source in
            Image.generate(width: outWidth, height: outHeight, channels: ch, costPerRow: inStride &* factorY) { rows, output in
                let src = source.baseAddress!
                let dst = output.baseAddress!
                var sums = [Float](repeating: 0, count: outStride)
                sums.withUnsafeMutableBufferPointer { acc in
                    for y in rows {
                        for i in 0..<outStride { acc[i] = 0 }
                        for r in 0..<factorY {
                            let s = src + (y &* factorY &+ r) &* inStride
                            for x in 0..<outWidth {
                                for j in 0..<factorX {
                                    let p = s + (x &* factorX &+ j) &* ch
                                    for k in 0..<ch { acc[x &* ch &+ k] += p[k].floatValue }
                                }
                            }
                        }
                        let o = dst + y &* outStride
                        for i in 0..<outStride {
                            let v = acc[i] * scale
                            o[i] = Sample.isFloatingPoint ? Sample(clamping: v) : Sample(clamping: v.rounded(.toNearestOrEven))
                        }
                    }
                }
            }
        }
    }

    /// Shrink by any factors ≥ 1: each output pixel is the area-weighted mean of the source
    /// pixels its footprint overlaps (OpenCV's `computeResizeAreaTab`).
    @inlinable
    func shrinkArea(width outWidth: Int, height outHeight: Int) -> Image {
        let ch = channels
        let inStride = rowStride
        let outStride = outWidth &* ch
        let xTab = ResizeKernels.areaTable(source: width, destination: outWidth)
        let yTab = ResizeKernels.areaTable(source: height, destination: outHeight)
        return withUnsafeSamples { source in
            Image.generate(width: outWidth, height: outHeight, channels: ch, costPerRow: inStride &* 2) { rows, output in
                let src = source.baseAddress!
                let dst = output.baseAddress!
                var buffers = [Float](repeating: 0, count: 2 &* outStride)
                buffers.withUnsafeMutableBufferPointer { buf in
                    let acc = buf.baseAddress!
                    let line = acc + outStride
                    for y in rows {
                        for i in 0..<outStride { acc[i] = 0 }
                        for (sy, beta) in yTab.entries[yTab.start[y]..<yTab.start[y &+ 1]] {
                            for i in 0..<outStride { line[i] = 0 }
                            let s = src + sy &* inStride
                            for x in 0..<outWidth {
                                for (sx, alpha) in xTab.entries[xTab.start[x]..<xTab.start[x &+ 1]] {
                                    let p = s + sx &* ch
                                    for k in 0..<ch { line[x &* ch &+ k] += p[k].floatValue * alpha }
                                }
                            }
                            for i in 0..<outStride { acc[i] += line[i] * beta }
                        }
                        let o = dst + y &* outStride
                        for i in 0..<outStride {
                            o[i] = Sample.isFloatingPoint ? Sample(clamping: acc[i]) : Sample(clamping: acc[i].rounded(.toNearestOrEven))
                        }
                    }
                }
            }
        }
    }

    /// Separable linear interpolation with OpenCV's coefficient tables. `UInt8` uses
    /// 11-bit fixed-point weights and the rounding of OpenCV's vectorised vertical pass;
    /// other types compute in `Float`.
    @inlinable
    func resizeLinear(width outWidth: Int, height outHeight: Int, areaMode: Bool) -> Image {
        let ch = channels
        let inStride = rowStride
        let outStride = outWidth &* ch
        let xs = ResizeKernels.linearTable(source: width, destination: outWidth, areaMode: areaMode)
        let ys = ResizeKernels.linearTable(source: height, destination: outHeight, areaMode: areaMode)
        // Per output sample: the offsets of its two source samples in a row.
        var left = [Int](repeating: 0, count: outStride)
        var right = [Int](repeating: 0, count: outStride)
        var fixedX = [Int32](repeating: 0, count: outStride)
        var weightX = [Float](repeating: 0, count: outStride)
        for x in 0..<outWidth {
            for k in 0..<ch {
                left[x &* ch &+ k] = xs.index[x] &* ch &+ k
                right[x &* ch &+ k] = min(xs.index[x] &+ 1, width &- 1) &* ch &+ k
                fixedX[x &* ch &+ k] = Int32(ResizeKernels.fixedWeight(xs.fraction[x]))
                weightX[x &* ch &+ k] = xs.fraction[x]
            }
        }
        let isByte = Sample.self == UInt8.self
        let lastRow = height &- 1
        return withUnsafeSamples { source in
            left.withUnsafeBufferPointer { left in
            right.withUnsafeBufferPointer { right in
            fixedX.withUnsafeBufferPointer { fixedX in
            weightX.withUnsafeBufferPointer { weightX in
            Image.generate(width: outWidth, height: outHeight, channels: ch, costPerRow: outStride &* 4) { rows, output in
                let src = source.baseAddress!
                let dst = output.baseAddress!
                // Horizontally resampled source rows, cached as the output rows advance.
                var rowsInts = [Int32](repeating: 0, count: isByte ? 2 &* outStride : 0)
                var rowsFloats = [Float](repeating: 0, count: isByte ? 0 : 2 &* outStride)
                var cached = (-1, -1)
                rowsInts.withUnsafeMutableBufferPointer { ints in
                rowsFloats.withUnsafeMutableBufferPointer { floats in
                    func fill(_ slot: Int, _ sy: Int) {
                        let s = src + sy &* inStride
                        if isByte {
                            let bytes = UnsafeRawPointer(s).assumingMemoryBound(to: UInt8.self)
                            let d = ints.baseAddress! + slot &* outStride
                            for i in 0..<outStride {
                                let a1 = fixedX[i]
                                d[i] = Int32(bytes[left[i]]) &* (2048 &- a1) &+ Int32(bytes[right[i]]) &* a1
                            }
                        } else {
                            let d = floats.baseAddress! + slot &* outStride
                            for i in 0..<outStride {
                                let f = weightX[i]
                                d[i] = s[left[i]].floatValue * (1 - f) + s[right[i]].floatValue * f
                            }
                        }
                    }
                    for y in rows {
                        let y0 = ys.index[y]
                        let y1 = min(y0 &+ 1, lastRow)
                        if cached.0 != y0 {
                            if cached.1 == y0 {
                                // Move slot 1 into slot 0.
                                if isByte {
                                    ints.baseAddress!.update(from: ints.baseAddress! + outStride, count: outStride)
                                } else {
                                    floats.baseAddress!.update(from: floats.baseAddress! + outStride, count: outStride)
                                }
                            } else {
                                fill(0, y0)
                            }
                            cached.0 = y0
                            cached.1 = -1
                        }
                        if cached.1 != y1 {
                            fill(1, y1)
                            cached.1 = y1
                        }
                        let o = dst + y &* outStride
                        if isByte {
                            let b1 = Int32(ResizeKernels.fixedWeight(ys.fraction[y]))
                            let b0 = 2048 &- b1
                            let d0 = ints.baseAddress!, d1 = d0 + outStride
                            let out = UnsafeMutableRawPointer(o).assumingMemoryBound(to: UInt8.self)
                            for i in 0..<outStride {
                                // OpenCV's vectorised VResizeLinear for 8-bit (16-bit multiply-high).
                                let top: Int32 = ((d0[i] >> 4) &* b0) >> 16
                                let bottom: Int32 = ((d1[i] >> 4) &* b1) >> 16
                                let v = Int64((top &+ bottom &+ 2) >> 2)
                                out[i] = UInt8(truncatingIfNeeded: min(max(v, 0), 255))
                            }
                        } else {
                            let f = ys.fraction[y]
                            let d0 = floats.baseAddress!, d1 = d0 + outStride
                            for i in 0..<outStride {
                                o[i] = Sample(clamping: d0[i] * (1 - f) + d1[i] * f)
                            }
                        }
                    }
                }
                }
            }
            }
            }
            }
            }
        }
    }
}

/// Coefficient tables and the byte kernels of ``Image/resize(width:height:interpolation:)``.
@usableFromInline
enum ResizeKernels {
    /// Per output index: the first source index and the weight of the next one.
    @usableFromInline
    struct LinearTable: Sendable {
        @usableFromInline var index: [Int]
        @usableFromInline var fraction: [Float]
    }

    /// OpenCV's `resize` coefficients: `fx = (dx + ½)·scale − ½` (as `Float`), split into
    /// floor and fraction, clamped at both ends. In area mode (growing with `INTER_AREA`)
    /// `fx = (dx + 1) − (⌊dx·scale⌋ + 1)/scale`, kept only when positive.
    @usableFromInline
    static func linearTable(source: Int, destination: Int, areaMode: Bool) -> LinearTable {
        let inverseScale = Double(destination) / Double(source)
        let scale = 1 / inverseScale
        var index = [Int](repeating: 0, count: destination)
        var fraction = [Float](repeating: 0, count: destination)
        for dx in 0..<destination {
            var sx: Int
            var fx: Float
            if areaMode {
                sx = Int((Double(dx) * scale).rounded(.down))
                fx = Float(Double(dx + 1) - Double(sx + 1) * inverseScale)
                fx = fx <= 0 ? 0 : fx - fx.rounded(.down)
            } else {
                let position = Float((Double(dx) + 0.5) * scale - 0.5)
                sx = Int(position.rounded(.down))
                fx = position - Float(sx)
            }
            if sx < 0 { fx = 0; sx = 0 }
            if sx >= source - 1 { fx = 0; sx = source - 1 }
            index[dx] = sx
            fraction[dx] = fx
        }
        return LinearTable(index: index, fraction: fraction)
    }

    /// `fraction` as an 11-bit fixed-point weight, rounded as OpenCV's `saturate_cast<short>`.
    @inlinable
    static func fixedWeight(_ fraction: Float) -> Int {
        Int((fraction * 2048).rounded(.toNearestOrEven))
    }

    /// Sparse area weights: output index `i` covers `entries[start[i]..<start[i+1]]`.
    @usableFromInline
    struct AreaTable: Sendable {
        @usableFromInline var entries: [(Int, Float)]
        @usableFromInline var start: [Int]
    }

    /// OpenCV's `computeResizeAreaTab`: the source pixels an output pixel's footprint
    /// overlaps, each weighted by the overlapped fraction of the footprint.
    @usableFromInline
    static func areaTable(source: Int, destination: Int) -> AreaTable {
        let scale = Double(source) / Double(destination)
        var entries: [(Int, Float)] = []
        var start = [0]
        for dx in 0..<destination {
            let fsx1 = Double(dx) * scale
            let fsx2 = fsx1 + scale
            let cellWidth = min(scale, Double(source) - fsx1)
            var sx1 = Int(fsx1.rounded(.up))
            var sx2 = Int(fsx2.rounded(.down))
            sx2 = min(sx2, source - 1)
            sx1 = min(sx1, sx2)
            if Double(sx1) - fsx1 > 1e-3 {
                entries.append((sx1 - 1, Float((Double(sx1) - fsx1) / cellWidth)))
            }
            for sx in sx1..<max(sx1, sx2) {
                entries.append((sx, Float(1 / cellWidth)))
            }
            if fsx2 - Double(sx2) > 1e-3 {
                entries.append((sx2, Float(min(min(fsx2 - Double(sx2), 1), cellWidth) / cellWidth)))
            }
            start.append(entries.count)
        }
        return AreaTable(entries: entries, start: start)
    }

    /// One output row of an exact 2× shrink of 8-bit samples: `(a + b + c + d + 2) >> 2`
    /// per channel. Gray rows go 16 pixels at a time: each pair of horizontal neighbours is
    /// read as one 16-bit lane and split into its two bytes, whatever the byte order.
    @inlinable
    static func halveRowUInt8(_ row0: UnsafeRawPointer, _ row1: UnsafeRawPointer,
                              _ out: UnsafeMutableRawPointer, width: Int, channels: Int) {
        let r0 = row0.assumingMemoryBound(to: UInt8.self)
        let r1 = row1.assumingMemoryBound(to: UInt8.self)
        let o = out.assumingMemoryBound(to: UInt8.self)
        if channels == 1 {
            var x = 0
            let low = SIMD16<UInt16>(repeating: 0xFF)
            let two = SIMD16<UInt16>(repeating: 2)
            while x &+ 16 <= width {
                let a = row0.loadUnaligned(fromByteOffset: x &* 2, as: SIMD16<UInt16>.self)
                let b = row1.loadUnaligned(fromByteOffset: x &* 2, as: SIMD16<UInt16>.self)
                let sum = (a & low) &+ (a &>> 8) &+ (b & low) &+ (b &>> 8) &+ two
                out.storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: sum &>> 2), toByteOffset: x, as: SIMD16<UInt8>.self)
                x &+= 16
            }
            while x < width {
                let i = 2 &* x
                let sum = UInt16(r0[i]) &+ UInt16(r0[i &+ 1]) &+ UInt16(r1[i]) &+ UInt16(r1[i &+ 1]) &+ 2
                o[x] = UInt8(truncatingIfNeeded: sum &>> 2)
                x &+= 1
            }
            return
        }
        for x in 0..<width {
            let i = 2 &* x &* channels
            for k in 0..<channels {
                let sum = UInt16(r0[i &+ k]) &+ UInt16(r0[i &+ channels &+ k]) &+ UInt16(r1[i &+ k])
                    &+ UInt16(r1[i &+ channels &+ k]) &+ 2
                o[x &* channels &+ k] = UInt8(truncatingIfNeeded: sum &>> 2)
            }
        }
    }
}

extension Mask {
    /// The mask resized with nearest neighbour (so it stays a mask); see
    /// ``Image/resize(width:height:interpolation:)``.
    ///
    /// ```swift
    /// let big = try mask.resize(width: 512, height: 512)
    /// ```
    public func resize(width: Int, height: Int) throws(PixelEngineError) -> Mask {
        Mask(uncheckedBits: try bits.resize(width: width, height: height, interpolation: .nearest))
    }
}

extension LabelMap {
    /// The label map resized with nearest neighbour: every output id is an input id.
    /// See ``Image/resize(width:height:interpolation:)``.
    ///
    /// ```swift
    /// let big = try labels.resize(width: 512, height: 512)
    /// ```
    public func resize(width: Int, height: Int) throws(PixelEngineError) -> LabelMap {
        LabelMap(ids: try ids.resize(width: width, height: height, interpolation: .nearest))
    }
}

extension ClassMap {
    /// The class map resized with nearest neighbour. See
    /// ``Image/resize(width:height:interpolation:)``.
    ///
    /// ```swift
    /// let big = try classes.resize(width: 512, height: 512)
    /// ```
    public func resize(width: Int, height: Int) throws(PixelEngineError) -> ClassMap {
        withIndices(try indices.resize(width: width, height: height, interpolation: .nearest))
    }
}
