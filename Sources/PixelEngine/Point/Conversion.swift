/// Sample-type conversion with scikit-image's conventions (`img_as_float32`,
/// `img_as_ubyte`, `img_as_uint`).
extension Image {
    /// This image with samples of type `T`, rescaled between the types' nominal ranges.
    ///
    /// The rules are scikit-image's (`skimage.util.img_as_*`), bit for bit:
    /// - integer → `Float`: `v * (1/max)` in single precision (255 → 1.0);
    /// - `Float` → integer: `rint(v * max)` in single precision (ties to even), clipped to
    ///   the integer range. scikit-image refuses floats outside [-1, 1]; here everything is
    ///   clipped to [0, 1] first, and NaN becomes 0;
    /// - narrower → wider integers: multiply by 257 (8 → 16 bit), 16843009 (8 → 32),
    ///   65537 (16 → 32), so white stays white;
    /// - wider → narrower integers: drop the low bits (`v >> 8` for 16 → 8), as scikit-image
    ///   does when the data use the wider range. scikit-image skips the scaling when every
    ///   value already fits the narrower type (with a warning); that data-dependent rule is
    ///   deliberately not copied: 256 in 16-bit is always 1 in 8-bit.
    ///
    /// - Parameter type: the target sample type.
    /// - Returns: an image of the same size and channel count.
    ///
    /// ```swift
    /// let f = gray8.converted(to: Float.self)   // 0...1
    /// let back = f.converted(to: UInt8.self)    // == gray8
    /// ```
    public func converted<T: PixelSample>(to type: T.Type) -> Image<T> {
        if T.self == Sample.self { return reinterpreted(as: T.self) }
        switch TypedImage(self) {
        case .uint8(let image):
            switch T.sampleType {
            case .float32:
                let scale = Float(1.0 / 255.0)
                return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = Float(x[i]) * scale } })
            case .uint16: return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = UInt16(x[i]) &* 257 } })
            case .uint32: return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = UInt32(x[i]) &* 16_843_009 } })
            case .uint8: preconditionFailure("converted: unreachable")
            }
        case .uint16(let image):
            switch T.sampleType {
            case .float32:
                let scale = Float(1.0 / 65535.0)
                return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = Float(x[i]) * scale } })
            case .uint8: return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = UInt8(truncatingIfNeeded: x[i] &>> 8) } })
            case .uint32: return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = UInt32(x[i]) &* 65537 } })
            case .uint16: preconditionFailure("converted: unreachable")
            }
        case .uint32(let image):
            switch T.sampleType {
            case .float32:
                let scale = Float(1.0 / 4_294_967_295.0)
                return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = Float(x[i]) * scale } })
            case .uint8: return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = UInt8(truncatingIfNeeded: x[i] &>> 24) } })
            case .uint16: return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = UInt16(truncatingIfNeeded: x[i] &>> 16) } })
            case .uint32: preconditionFailure("converted: unreachable")
            }
        case .float32(let image):
            switch T.sampleType {
            case .uint8: return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = Self.floatToUInt8(x[i]) } })
            case .uint16: return Image<T>.from(image.mapBands { x, o, n in for i in 0..<n { o[i] = Self.floatToUInt16(x[i]) } })
            case .uint32:
                return Image<T>.from(image.map { v -> UInt32 in
                    // float32 rounds 2³²−1 to 2³², as scikit-image, which multiplies in float32 too.
                    let x = (v * 4_294_967_296).rounded(.toNearestOrEven)
                    return x > 0 ? (x < 4_294_967_296 ? UInt32(x) : .max) : 0
                })
            case .float32: preconditionFailure("converted: unreachable")
            }
        }
    }

    @inlinable @inline(__always)
    static func floatToUInt8(_ v: Float) -> UInt8 {
        let x = v * 255
        let c: Float = x > 0 ? (x < 255 ? x : 255) : 0
        return UInt8(truncatingIfNeeded: rintToUInt32(c))
    }

    @inlinable @inline(__always)
    static func floatToUInt16(_ v: Float) -> UInt16 {
        let x = v * 65535
        let c: Float = x > 0 ? (x < 65535 ? x : 65535) : 0
        return UInt16(truncatingIfNeeded: rintToUInt32(c))
    }
}

extension AnyImage {
    /// This image with samples of `type`, converted as ``Image/converted(to:)`` does.
    ///
    /// - Parameter type: `.uint8`, `.uint16` or `.float32` (`.uint32` is for label ids and
    ///   is refused with a ``PixelEngineError``).
    /// - Returns: an image of the same size and channel count.
    ///
    /// ```swift
    /// let f = try AnyImage.uint8(gray8).converted(to: .float32)
    /// ```
    public func converted(to type: SampleType) throws(PixelEngineError) -> AnyImage {
        func convert<S: PixelSample>(_ image: Image<S>) throws(PixelEngineError) -> AnyImage {
            switch type {
            case .uint8: return .uint8(image.converted(to: UInt8.self))
            case .uint16: return .uint16(image.converted(to: UInt16.self))
            case .float32: return .float32(image.converted(to: Float.self))
            case .uint32:
                throw PixelEngineError("convert", "uint32 holds label ids, not pictures; convert to uint8, uint16 or float32")
            }
        }
        switch self {
        case .uint8(let i): return try convert(i)
        case .uint16(let i): return try convert(i)
        case .float32(let i): return try convert(i)
        }
    }

    /// The image as `Float` samples in 0...1 (``Image/converted(to:)``).
    ///
    /// ```swift
    /// let f: Image<Float> = AnyImage.uint8(gray8).floatImage
    /// ```
    public var floatImage: Image<Float> {
        switch self {
        case .uint8(let i): i.converted(to: Float.self)
        case .uint16(let i): i.converted(to: Float.self)
        case .float32(let i): i
        }
    }
}
