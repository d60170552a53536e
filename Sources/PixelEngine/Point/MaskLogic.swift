/// Pixel-wise logic on masks.
extension Mask {
    /// Pixels inside both masks.
    ///
    /// - Parameter other: a mask of the same size.
    /// - Returns: a mask of the same size.
    /// - Throws: ``PixelEngineError`` when the sizes differ.
    ///
    /// ```swift
    /// let both = try bright.and(large)   // or: try bright .& large
    /// ```
    public func and(_ other: Mask) throws(PixelEngineError) -> Mask {
        try Validate.sameSize(bits, other.bits, "and")
        return Mask(uncheckedBits: bits.zipBands(other.bits) { x, y, o, n in for i in 0..<n { o[i] = x[i] & y[i] } })
    }

    /// Pixels inside either mask.
    ///
    /// ```swift
    /// let either = try a.or(b)
    /// ```
    public func or(_ other: Mask) throws(PixelEngineError) -> Mask {
        try Validate.sameSize(bits, other.bits, "or")
        return Mask(uncheckedBits: bits.zipBands(other.bits) { x, y, o, n in for i in 0..<n { o[i] = x[i] | y[i] } })
    }

    /// Pixels inside exactly one of the masks.
    ///
    /// ```swift
    /// let changed = try before.xor(after)
    /// ```
    public func xor(_ other: Mask) throws(PixelEngineError) -> Mask {
        try Validate.sameSize(bits, other.bits, "xor")
        return Mask(uncheckedBits: bits.zipBands(other.bits) { x, y, o, n in for i in 0..<n { o[i] = x[i] ^ y[i] } })
    }

    /// The complement: pixels outside this mask.
    ///
    /// ```swift
    /// let background = foreground.not()
    /// ```
    public func not() -> Mask {
        Mask(uncheckedBits: bits.mapBands { x, o, n in for i in 0..<n { o[i] = x[i] ^ 1 } })
    }

    /// ``and(_:)``.
    public static func .& (lhs: Mask, rhs: Mask) throws(PixelEngineError) -> Mask { try lhs.and(rhs) }
    /// ``or(_:)``.
    public static func .| (lhs: Mask, rhs: Mask) throws(PixelEngineError) -> Mask { try lhs.or(rhs) }
    /// ``xor(_:)``.
    public static func .^ (lhs: Mask, rhs: Mask) throws(PixelEngineError) -> Mask { try lhs.xor(rhs) }
    /// ``not()``.
    public static prefix func .! (mask: Mask) -> Mask { mask.not() }
}
