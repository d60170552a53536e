/// A value that can be shown as an 8-bit RGB picture: images, masks, label and class maps.
/// Montages and overlays take any of them.
public protocol RGBDisplayable {
    /// The value as an 8-bit, 3-channel (RGB) image of the same width and height.
    func displayRGB() -> Image<UInt8>
}

extension Image: RGBDisplayable {
    /// The image as 8-bit RGB for display: samples are scaled from the type's nominal range
    /// (0…255, 0…65535, 0…2³²−1, 0.0…1.0; out-of-range floats clamp, NaN is black) and
    /// rounded; gray is repeated into R, G and B; alpha is dropped.
    ///
    /// ```swift
    /// let shown = floatImage.displayRGB()   // RGB uint8, same size
    /// ```
    @inlinable
    public func displayRGB() -> Image<UInt8> {
        let ch = channels
        return mapRows(outputChannels: 3) { (_, input: UnsafeBufferPointer<Sample>, output: UnsafeMutableBufferPointer<UInt8>) in
            let n = output.count / 3
            for x in 0..<n {
                if ch < 3 {
                    let v = DisplayScale.byte(input[x &* ch])
                    output[x &* 3] = v
                    output[x &* 3 &+ 1] = v
                    output[x &* 3 &+ 2] = v
                } else {
                    for k in 0..<3 { output[x &* 3 &+ k] = DisplayScale.byte(input[x &* ch &+ k]) }
                }
            }
        }
    }
}

/// Scaling of samples to display bytes.
@usableFromInline
enum DisplayScale {
    /// One sample scaled from its type's nominal range to 0…255, rounded.
    @inlinable @inline(__always)
    static func byte<S: PixelSample>(_ s: S) -> UInt8 {
        if S.self == UInt8.self { return unsafeBitCast(s, to: UInt8.self) }
        if S.self == UInt16.self {
            let v = UInt32(unsafeBitCast(s, to: UInt16.self))
            return UInt8(truncatingIfNeeded: (v &* 255 &+ 32767) / 65535)
        }
        if S.isFloatingPoint {
            let f = s.floatValue
            return f > 0 ? (f >= 1 ? 255 : UInt8(f * 255 + 0.5)) : 0
        }
        return UInt8(clamping: s.doubleValue / S.nominalMax.doubleValue * 255)
    }
}

extension Mask: RGBDisplayable {
    /// The mask as RGB: white inside, black outside.
    ///
    /// ```swift
    /// let shown = mask.displayRGB()
    /// ```
    public func displayRGB() -> Image<UInt8> { colorized() }

    /// The mask as RGB: `color` inside, `background` outside.
    ///
    /// - Returns: an RGB uint8 image of the mask's size.
    ///
    /// ```swift
    /// let shown = mask.colorized(color: RGB8(255, 200, 0))
    /// ```
    public func colorized(color: RGB8 = RGB8(255, 255, 255), background: RGB8 = RGB8(0, 0, 0)) -> Image<UInt8> {
        bits.mapRows(outputChannels: 3) { (_, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) in
            for x in 0..<input.count {
                let c = input[x] != 0 ? color : background
                output[x &* 3] = c.r
                output[x &* 3 &+ 1] = c.g
                output[x &* 3 &+ 2] = c.b
            }
        }
    }
}

extension LabelMap: RGBDisplayable {
    /// The label map in its stable palette; see ``colorized()``.
    public func displayRGB() -> Image<UInt8> { colorized() }
}

extension ClassMap: RGBDisplayable {
    /// The class map in its class colours; see ``colorized()``.
    public func displayRGB() -> Image<UInt8> { colorized() }
}

extension AnyImage: RGBDisplayable {
    /// The image as 8-bit RGB; see ``Image/displayRGB()``.
    public func displayRGB() -> Image<UInt8> {
        switch self {
        case .uint8(let i): i.displayRGB()
        case .uint16(let i): i.displayRGB()
        case .float32(let i): i.displayRGB()
        }
    }
}
