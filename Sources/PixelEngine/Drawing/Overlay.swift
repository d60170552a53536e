extension Image {
    /// The image with each labelled object tinted in its ``LabelPalette`` colour.
    ///
    /// The image is first shown as 8-bit RGB (``displayRGB()``). Where the id is nonzero,
    /// `out = (base·(256 − a) + colour·a + 128) >> 8` per channel with `a = round(alpha·256)`;
    /// background pixels are left exactly as they were. (The idea of
    /// `skimage.color.label2rgb(kind='overlay')`, but the picture keeps its colours.)
    ///
    /// - Parameters:
    ///   - labels: the objects; same width and height as the image.
    ///   - alpha: the opacity of the colours, 0…1.
    /// - Returns: an RGB uint8 image of the same size.
    /// - Throws: ``PixelEngineError`` (`overlay`) when sizes differ or alpha is outside 0…1.
    ///
    /// ```swift
    /// let shown = try img.overlay(labels, alpha: 0.4)
    /// ```
    @inlinable
    public func overlay(_ labels: LabelMap, alpha: Double = 0.5) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.sameSize(self, labels.ids, "overlay")
        let a = try OverlayBlend.weight(alpha)
        return OverlayBlend.blend(displayRGB(), labels.ids, weight: a) { id in
            id == 0 ? nil : LabelPalette.color(for: id)
        }
    }

    /// The image with each non-background class (index ≠ 0) tinted in its class colour;
    /// the formula of ``overlay(_:alpha:)-(LabelMap,_)``.
    ///
    /// - Returns: an RGB uint8 image of the same size.
    /// - Throws: ``PixelEngineError`` (`overlay`) when sizes differ or alpha is outside 0…1.
    ///
    /// ```swift
    /// let shown = try img.overlay(classMap, alpha: 0.5)
    /// ```
    @inlinable
    public func overlay(_ classes: ClassMap, alpha: Double = 0.5) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.sameSize(self, classes.indices, "overlay")
        let a = try OverlayBlend.weight(alpha)
        let colors = classes.classes.map(\.color)
        return OverlayBlend.blend(displayRGB(), classes.indices, weight: a) { index in
            index == 0 ? nil : colors[Int(index)]
        }
    }

    /// The image tinted with `color` where the mask is set; the formula of
    /// ``overlay(_:alpha:)-(LabelMap,_)``.
    ///
    /// - Returns: an RGB uint8 image of the same size.
    /// - Throws: ``PixelEngineError`` (`overlay`) when sizes differ or alpha is outside 0…1.
    ///
    /// ```swift
    /// let shown = try img.overlay(mask, color: RGB8(255, 0, 0), alpha: 0.35)
    /// ```
    @inlinable
    public func overlay(_ mask: Mask, color: RGB8 = RGB8(255, 0, 0), alpha: Double = 0.5) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.sameSize(self, mask.bits, "overlay")
        let a = try OverlayBlend.weight(alpha)
        return OverlayBlend.blend(displayRGB(), mask.bits, weight: a) { bit in bit == 0 ? nil : color }
    }
}

/// The blending kernel shared by the overlays.
@usableFromInline
enum OverlayBlend {
    /// `alpha` as a weight out of 256.
    @usableFromInline
    static func weight(_ alpha: Double) throws(PixelEngineError) -> Int {
        guard alpha >= 0 && alpha <= 1 else {
            throw PixelEngineError("overlay", "alpha must be in 0...1, got \(alpha)")
        }
        return Int((alpha * 256).rounded())
    }

    /// Blends `colorOf(key)` into `base` (RGB) wherever it is non-nil.
    @inlinable
    static func blend<K: PixelSample>(_ base: Image<UInt8>, _ keys: Image<K>, weight a: Int,
                                      colorOf: (K) -> RGB8?) -> Image<UInt8> {
        let keep = UInt32(256 &- a)
        let take = UInt32(a)
        return keys.withUnsafeSamples { keyBuffer in
            base.mapRows { (y: Int, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) in
                let w = input.count / 3
                let row = keyBuffer.baseAddress! + y &* w
                var lastKey = K.zero
                var last = colorOf(K.zero)
                for x in 0..<w {
                    let key = row[x]
                    if key != lastKey {
                        lastKey = key
                        last = colorOf(key)
                    }
                    let i = x &* 3
                    guard let c = last else {
                        output[i] = input[i]; output[i &+ 1] = input[i &+ 1]; output[i &+ 2] = input[i &+ 2]
                        continue
                    }
                    output[i] = UInt8(truncatingIfNeeded: (UInt32(input[i]) &* keep &+ UInt32(c.r) &* take &+ 128) >> 8)
                    output[i &+ 1] = UInt8(truncatingIfNeeded: (UInt32(input[i &+ 1]) &* keep &+ UInt32(c.g) &* take &+ 128) >> 8)
                    output[i &+ 2] = UInt8(truncatingIfNeeded: (UInt32(input[i &+ 2]) &* keep &+ UInt32(c.b) &* take &+ 128) >> 8)
                }
            }
        }
    }
}
