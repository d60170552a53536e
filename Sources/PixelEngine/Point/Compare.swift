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
        case .uint16(let image): return image.compareKernel(op, value)
        case .uint32(let image): return image.compareKernel(op, value)
        case .float32(let image): return image.compareKernel(op, value)
        }
    }

    /// The comparison with the operator hoisted out of the loop, for a concrete sample type.
    @inlinable
    func compareKernel(_ op: ComparisonOperator, _ value: Double) -> Mask {
        switch op {
        case .less: Mask(uncheckedBits: mapBands { x, o, n in for i in 0..<n { o[i] = x[i].doubleValue < value ? 1 : 0 } })
        case .lessOrEqual: Mask(uncheckedBits: mapBands { x, o, n in for i in 0..<n { o[i] = x[i].doubleValue <= value ? 1 : 0 } })
        case .greater: Mask(uncheckedBits: mapBands { x, o, n in for i in 0..<n { o[i] = x[i].doubleValue > value ? 1 : 0 } })
        case .greaterOrEqual: Mask(uncheckedBits: mapBands { x, o, n in for i in 0..<n { o[i] = x[i].doubleValue >= value ? 1 : 0 } })
        case .equal: Mask(uncheckedBits: mapBands { x, o, n in for i in 0..<n { o[i] = x[i].doubleValue == value ? 1 : 0 } })
        case .notEqual: Mask(uncheckedBits: mapBands { x, o, n in for i in 0..<n { o[i] = x[i].doubleValue != value ? 1 : 0 } })
        }
    }

    @inlinable
    func compareKernel(_ op: ComparisonOperator, _ other: Image) -> Mask {
        switch op {
        case .less: Mask(uncheckedBits: zipBands(other) { x, y, o, n in for i in 0..<n { o[i] = x[i] < y[i] ? 1 : 0 } })
        case .lessOrEqual: Mask(uncheckedBits: zipBands(other) { x, y, o, n in for i in 0..<n { o[i] = x[i] <= y[i] ? 1 : 0 } })
        case .greater: Mask(uncheckedBits: zipBands(other) { x, y, o, n in for i in 0..<n { o[i] = x[i] > y[i] ? 1 : 0 } })
        case .greaterOrEqual: Mask(uncheckedBits: zipBands(other) { x, y, o, n in for i in 0..<n { o[i] = x[i] >= y[i] ? 1 : 0 } })
        case .equal: Mask(uncheckedBits: zipBands(other) { x, y, o, n in for i in 0..<n { o[i] = x[i] == y[i] ? 1 : 0 } })
        case .notEqual: Mask(uncheckedBits: zipBands(other) { x, y, o, n in for i in 0..<n { o[i] = x[i] != y[i] ? 1 : 0 } })
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
        switch (TypedImage(self), TypedImage(other)) {
        case (.uint8(let a), .uint8(let b)): return a.compareKernel(op, b)
        case (.uint16(let a), .uint16(let b)): return a.compareKernel(op, b)
        case (.uint32(let a), .uint32(let b)): return a.compareKernel(op, b)
        case (.float32(let a), .float32(let b)): return a.compareKernel(op, b)
        default: preconditionFailure("compare: unreachable")
        }
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
