extension Image {
    /// The rectangle of `width`×`height` pixels whose top-left corner is (`x`, `y`).
    ///
    /// - Parameters:
    ///   - x, y: the top-left corner, in pixels from the image's top-left.
    ///   - width, height: the size of the rectangle, each > 0.
    /// - Returns: a `width`×`height` image of the same sample type and channel count, holding
    ///   exactly the samples of the rectangle (like `img[y:y+height, x:x+width]` in NumPy).
    /// - Throws: ``PixelEngineError`` (`crop`) when the size is not positive or the rectangle
    ///   does not lie entirely inside the image.
    ///
    /// ```swift
    /// let corner = try img.crop(x: 0, y: 0, width: 64, height: 64)
    /// ```
    @inlinable
    public func crop(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) throws(PixelEngineError) -> Image {
        try GeometryCheck.cropRect(x: x, y: y, width: cropWidth, height: cropHeight, imageWidth: width, imageHeight: height)
        let c = channels
        let inStride = rowStride
        let outStride = cropWidth &* c
        return withUnsafeSamples { source in
            Image.generate(width: cropWidth, height: cropHeight, channels: c) { rows, output in
                let src = source.baseAddress!
                let dst = output.baseAddress!
                for r in rows {
                    (dst + r &* outStride).initialize(from: src + ((y &+ r) &* inStride &+ x &* c), count: outStride)
                }
            }
        }
    }
}

extension Mask {
    /// The mask inside a rectangle; see ``Image/crop(x:y:width:height:)``.
    ///
    /// ```swift
    /// let part = try mask.crop(x: 10, y: 10, width: 32, height: 32)
    /// ```
    public func crop(x: Int, y: Int, width: Int, height: Int) throws(PixelEngineError) -> Mask {
        Mask(uncheckedBits: try bits.crop(x: x, y: y, width: width, height: height))
    }
}

extension LabelMap {
    /// The ids inside a rectangle (unchanged, not relabelled); see ``Image/crop(x:y:width:height:)``.
    ///
    /// ```swift
    /// let part = try labels.crop(x: 10, y: 10, width: 32, height: 32)
    /// ```
    public func crop(x: Int, y: Int, width: Int, height: Int) throws(PixelEngineError) -> LabelMap {
        LabelMap(ids: try ids.crop(x: x, y: y, width: width, height: height))
    }
}

extension ClassMap {
    /// The class indices inside a rectangle, with the same classes; see
    /// ``Image/crop(x:y:width:height:)``.
    ///
    /// ```swift
    /// let part = try classes.crop(x: 10, y: 10, width: 32, height: 32)
    /// ```
    public func crop(x: Int, y: Int, width: Int, height: Int) throws(PixelEngineError) -> ClassMap {
        try ClassMap(indices: try indices.crop(x: x, y: y, width: width, height: height), classes: classes)
    }
}

/// Argument checks shared by the geometry operations.
@usableFromInline
enum GeometryCheck {
    @usableFromInline
    static func cropRect(x: Int, y: Int, width: Int, height: Int, imageWidth: Int, imageHeight: Int) throws(PixelEngineError) {
        guard width > 0, height > 0 else {
            throw PixelEngineError("crop", "width and height must be > 0, got \(width)x\(height)")
        }
        guard x >= 0, y >= 0, x <= imageWidth - width, y <= imageHeight - height else {
            throw PixelEngineError("crop", "rectangle at x \(x), y \(y) of \(width)x\(height) is outside the \(imageWidth)x\(imageHeight) image; x must be in 0...\(max(0, imageWidth - width)) and y in 0...\(max(0, imageHeight - height))")
        }
    }

    /// Parses a nonnegative size parameter.
    @usableFromInline
    static func nonNegative(_ value: Int, _ name: String, _ operation: String) throws(PixelEngineError) {
        if value < 0 { throw PixelEngineError(operation, "\(name) must be >= 0, got \(value)") }
    }

    /// The most pixels an output may have: 2²⁸, the default limit of PNG reading.
    @usableFromInline
    static let maxOutputPixels = 1 << 28

    /// An output size that is positive and at most ``maxOutputPixels`` pixels.
    @usableFromInline
    static func outputSize(width: Int, height: Int, _ operation: String) throws(PixelEngineError) {
        guard width > 0, height > 0 else {
            throw PixelEngineError(operation, "output size must be > 0, got \(width)x\(height)")
        }
        guard width <= maxOutputPixels, height <= maxOutputPixels, width * height <= maxOutputPixels else {
            throw PixelEngineError(operation, "output size \(width)x\(height) is over the limit of \(maxOutputPixels) pixels")
        }
    }
}
