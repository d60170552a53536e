extension Image {
    /// The photographic negative (`skimage.util.invert`).
    ///
    /// Integer samples become `max - v` (255 − v, 65535 − v); float samples become `1 - v`
    /// (so values outside 0...1 stay outside, mirrored about 0.5). Every channel, alpha
    /// included, is inverted, as in scikit-image.
    ///
    /// - Returns: an image of the same type, size and channel count.
    ///
    /// ```swift
    /// let negative = gray8.inverted()   // 0 ↔ 255
    /// ```
    @inlinable
    public func inverted() -> Image {
        if Sample.isFloatingPoint {
            return reinterpreted(as: Float.self).mapBands { x, o, n in for i in 0..<n { o[i] = 1 - x[i] } }.reinterpreted(as: Sample.self)
        }
        switch Sample.sampleType {
        case .uint8: return reinterpreted(as: UInt8.self).mapBands { x, o, n in for i in 0..<n { o[i] = ~x[i] } }.reinterpreted(as: Sample.self)
        case .uint16: return reinterpreted(as: UInt16.self).mapBands { x, o, n in for i in 0..<n { o[i] = ~x[i] } }.reinterpreted(as: Sample.self)
        case .uint32: return reinterpreted(as: UInt32.self).mapBands { x, o, n in for i in 0..<n { o[i] = ~x[i] } }.reinterpreted(as: Sample.self)
        case .float32: preconditionFailure("inverted: unreachable")
        }
    }
}
