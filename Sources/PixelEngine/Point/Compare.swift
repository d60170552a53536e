/// A comparison of ``Image/compare(_:_:)-(_,Double)``.
public enum ComparisonOperator: String, Sendable, CaseIterable, CustomStringConvertible {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

    public var description: String { rawValue }

    @inlinable @inline(__always)
    func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        case .equal: a == b
        case .notEqual: a != b
        }
    }
}

/// Comparisons of gray images, pixel by pixel, giving a ``Mask``.
///
/// Only one-channel images compare (a colour pixel has no single order): convert with
/// ``Image/grayscale()`` or pick a ``Image/channel(_:)`` first. NaN compares false except
/// with `!=`, as IEEE.
extension Image {
    /// The pixels where `sample <op> value` holds.
    ///
    /// - Parameters:
    ///   - op: the comparison.
    ///   - value: the number, in the sample's units.
    /// - Returns: a mask of the same size.
    /// - Throws: ``PixelEngineError`` unless the image has one channel.
    ///
    /// ```swift
    /// let bright = try gray8.compare(.greater, 128)   // or: try gray8 .> 128
    /// ```
    public func compare(_ op: ComparisonOperator, _ value: Double) throws(PixelEngineError) -> Mask {
        try Validate.channels(self, [1], "compare \(op)")
        switch TypedImage(self) {
        case .uint8(let image):
            return Mask(uncheckedBits: image.applyingTable((0..<256).map { op.holds(Double($0), value) ? 1 : 0 }))
        default:
            return Mask(uncheckedBits: map { op.holds($0.doubleValue, value) ? 1 : 0 })
        }
    }

    /// The pixels where `self <op> other` holds.
    ///
    /// - Parameters:
    ///   - op: the comparison.
    ///   - other: a one-channel image of the same size.
    /// - Returns: a mask of the same size.
    /// - Throws: ``PixelEngineError`` unless both have one channel and the same size.
    ///
    /// ```swift
    /// let grew = try after.compare(.greater, before)   // or: try after .> before
    /// ```
    public func compare(_ op: ComparisonOperator, _ other: Image) throws(PixelEngineError) -> Mask {
        try Validate.channels(self, [1], "compare \(op)")
        try Validate.sameShape(self, other, "compare \(op)")
        return Mask(uncheckedBits: zip(other) { op.holds($0, $1) ? 1 : 0 })
    }

    /// `self < value` (``compare(_:_:)-(_,Double)``).
    public static func .< (lhs: Image, rhs: Double) throws(PixelEngineError) -> Mask { try lhs.compare(.less, rhs) }
    /// `self <= value`.
    public static func .<= (lhs: Image, rhs: Double) throws(PixelEngineError) -> Mask { try lhs.compare(.lessOrEqual, rhs) }
    /// `self > value`.
    public static func .> (lhs: Image, rhs: Double) throws(PixelEngineError) -> Mask { try lhs.compare(.greater, rhs) }
    /// `self >= value`.
    public static func .>= (lhs: Image, rhs: Double) throws(PixelEngineError) -> Mask { try lhs.compare(.greaterOrEqual, rhs) }
    /// `self == value`.
    public static func .== (lhs: Image, rhs: Double) throws(PixelEngineError) -> Mask { try lhs.compare(.equal, rhs) }
    /// `self != value`.
    public static func .!= (lhs: Image, rhs: Double) throws(PixelEngineError) -> Mask { try lhs.compare(.notEqual, rhs) }
    /// `self < other`, pixel by pixel.
    public static func .< (lhs: Image, rhs: Image) throws(PixelEngineError) -> Mask { try lhs.compare(.less, rhs) }
    /// `self <= other`.
    public static func .<= (lhs: Image, rhs: Image) throws(PixelEngineError) -> Mask { try lhs.compare(.lessOrEqual, rhs) }
    /// `self > other`.
    public static func .> (lhs: Image, rhs: Image) throws(PixelEngineError) -> Mask { try lhs.compare(.greater, rhs) }
    /// `self >= other`.
    public static func .>= (lhs: Image, rhs: Image) throws(PixelEngineError) -> Mask { try lhs.compare(.greaterOrEqual, rhs) }
    /// `self == other`, pixel by pixel.
    public static func .== (lhs: Image, rhs: Image) throws(PixelEngineError) -> Mask { try lhs.compare(.equal, rhs) }
    /// `self != other`, pixel by pixel.
    public static func .!= (lhs: Image, rhs: Image) throws(PixelEngineError) -> Mask { try lhs.compare(.notEqual, rhs) }
}
