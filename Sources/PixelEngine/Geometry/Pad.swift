extension Image {
    /// The image with rows and columns added on each side, filled according to `mode`.
    ///
    /// Equivalent to `numpy.pad(img, ((top, bottom), (left, right), (0, 0)), mode)` with the
    /// mode names mapped as: `.constant(v)` = `'constant'` with `constant_values=v` (rounded
    /// and clamped to the sample type), `.nearest` = `'edge'`, `.mirror` = `'reflect'`,
    /// `.reflect` = `'symmetric'`, `.wrap` = `'wrap'`. Pads wider than the image repeat the
    /// pattern, as NumPy does.
    ///
    /// - Parameters:
    ///   - top, bottom, left, right: rows/columns to add on each side, each >= 0.
    ///   - mode: how to fill; the default is zeros.
    /// - Returns: an image of `(width + left + right)`×`(height + top + bottom)` with the same
    ///   sample type and channels, the original at (`left`, `top`).
    /// - Throws: ``PixelEngineError`` (`pad`) for a negative amount, an empty image with a
    ///   mode other than `.constant`, or an output too large.
    ///
    /// ```swift
    /// let framed = try img.pad(top: 8, bottom: 8, left: 8, right: 8, mode: .mirror)
    /// ```
    @inlinable
    public func pad(top: Int, bottom: Int, left: Int, right: Int, mode: BorderMode = .constant(0)) throws(PixelEngineError) -> Image {
        for (value, name) in [(top, "top"), (bottom, "bottom"), (left, "left"), (right, "right")] {
            try GeometryCheck.nonNegative(value, name, "pad")
            if value > GeometryCheck.maxOutputPixels {
                throw PixelEngineError("pad", "\(name) of \(value) is over the limit of \(GeometryCheck.maxOutputPixels) pixels")
            }
        }
        let outWidth = width + left + right
        let outHeight = height + top + bottom
        try GeometryCheck.outputSize(width: outWidth, height: outHeight, "pad")
        var fill = Sample.zero
        if case .constant(let value) = mode {
            fill = Sample(clamping: value)
        } else if isEmpty {
            throw PixelEngineError("pad", "mode \(mode) needs a non-empty image, got \(width)x\(height); use .constant")
        }
        // Source column of each output column, or -1 for the constant.
        let columns = (0..<outWidth).map { mode.sourceIndex($0 - left, count: width) ?? -1 }
        let rowSources = (0..<outHeight).map { mode.sourceIndex($0 - top, count: height) ?? -1 }
        let c = channels
        let inStride = rowStride
        let outStride = outWidth &* c
        return withUnsafeSamples { source in
            columns.withUnsafeBufferPointer { cols in
                Image.generate(width: outWidth, height: outHeight, channels: c) { rows, output in
                    let dst = output.baseAddress!
                    for y in rows {
                        let out = dst + y &* outStride
                        let sy = rowSources[y]
                        if sy < 0 {
                            out.initialize(repeating: fill, count: outStride)
                            continue
                        }
                        let src = source.baseAddress! + sy &* inStride
                        for x in 0..<outWidth {
                            let sx = cols[x]
                            let o = out + x &* c
                            if sx < 0 {
                                for k in 0..<c { o[k] = fill }
                            } else {
                                for k in 0..<c { o[k] = src[sx &* c &+ k] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The image with `amount` pixels added on every side; see ``pad(top:bottom:left:right:mode:)``.
    ///
    /// ```swift
    /// let framed = try img.pad(4, mode: .nearest)
    /// ```
    @inlinable
    public func pad(_ amount: Int, mode: BorderMode = .constant(0)) throws(PixelEngineError) -> Image {
        try pad(top: amount, bottom: amount, left: amount, right: amount, mode: mode)
    }
}

extension Mask {
    /// The mask padded on each side; `.constant(v)` fills with `v != 0`. See
    /// ``Image/pad(top:bottom:left:right:mode:)``.
    ///
    /// ```swift
    /// let bigger = try mask.pad(top: 1, bottom: 1, left: 1, right: 1)
    /// ```
    public func pad(top: Int, bottom: Int, left: Int, right: Int, mode: BorderMode = .constant(0)) throws(PixelEngineError) -> Mask {
        var m = mode
        if case .constant(let v) = mode { m = .constant(v != 0 ? 1 : 0) }
        return Mask(uncheckedBits: try bits.pad(top: top, bottom: bottom, left: left, right: right, mode: m))
    }
}

extension LabelMap {
    /// The label map padded on each side; `.constant(v)` fills with id `v` (default 0,
    /// background). See ``Image/pad(top:bottom:left:right:mode:)``.
    ///
    /// ```swift
    /// let bigger = try labels.pad(top: 1, bottom: 1, left: 1, right: 1)
    /// ```
    public func pad(top: Int, bottom: Int, left: Int, right: Int, mode: BorderMode = .constant(0)) throws(PixelEngineError) -> LabelMap {
        LabelMap(ids: try ids.pad(top: top, bottom: bottom, left: left, right: right, mode: mode))
    }
}

extension ClassMap {
    /// The class map padded on each side; `.constant(v)` fills with class `v`, which must
    /// exist. See ``Image/pad(top:bottom:left:right:mode:)``.
    ///
    /// ```swift
    /// let bigger = try classes.pad(top: 1, bottom: 1, left: 1, right: 1)
    /// ```
    public func pad(top: Int, bottom: Int, left: Int, right: Int, mode: BorderMode = .constant(0)) throws(PixelEngineError) -> ClassMap {
        if case .constant(let v) = mode, !(v.rounded() >= 0 && v.rounded() < Float(classes.count)) {
            throw PixelEngineError("pad", "fill class \(v) is not one of the \(classes.count) classes")
        }
        return try ClassMap(indices: try indices.pad(top: top, bottom: bottom, left: left, right: right, mode: mode), classes: classes)
    }
}
