/// A per-sample arithmetic operation of ``Image/arithmetic(_:_:)-(_,Image)``.
public enum ArithmeticOperation: String, Sendable, CaseIterable, CustomStringConvertible {
    case add, subtract, multiply, divide, minimum, maximum, absoluteDifference

    public var description: String { rawValue }
}

/// Per-sample arithmetic between two images or an image and a number.
///
/// Integer results saturate to the type's range, like OpenCV's `cv2.add`, `cv2.subtract`,
/// `cv2.multiply`, `cv2.divide` (not numpy, which wraps around): 200 + 100 = 255,
/// 10 − 20 = 0. Products and quotients are rounded to the nearest integer, ties to even (as
/// OpenCV), and an integer divided by zero is 0 (as OpenCV). Float images follow IEEE
/// arithmetic (x / 0 = ±inf). Numbers are applied to every channel.
extension Image {
    /// `self ∘ other`, sample by sample.
    ///
    /// - Parameters:
    ///   - operation: the operation.
    ///   - other: an image of the same size and channel count.
    /// - Returns: an image of the same type, size and channel count.
    /// - Throws: ``PixelEngineError`` when the sizes or channel counts differ.
    ///
    /// ```swift
    /// let sum = try a.arithmetic(.add, b)   // or: try a + b
    /// ```
    public func arithmetic(_ operation: ArithmeticOperation, _ other: Image) throws(PixelEngineError) -> Image {
        try Validate.sameShape(self, other, operation.rawValue)
        switch (TypedImage(self), TypedImage(other)) {
        case (.uint8(let a), .uint8(let b)): return .from(a.saturatingArithmetic(operation, b))
        case (.uint16(let a), .uint16(let b)): return .from(a.saturatingArithmetic(operation, b))
        case (.uint32(let a), .uint32(let b)): return .from(a.saturatingArithmetic(operation, b))
        case (.float32(let a), .float32(let b)):
            let result: Image<Float>
            switch operation {
            case .add: result = a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = x[i] + y[i] } }
            case .subtract: result = a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = x[i] - y[i] } }
            case .multiply: result = a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = x[i] * y[i] } }
            case .divide: result = a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = x[i] / y[i] } }
            case .minimum: result = a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = Swift.min(x[i], y[i]) } }
            case .maximum: result = a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = Swift.max(x[i], y[i]) } }
            case .absoluteDifference: result = a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = abs(x[i] - y[i]) } }
            }
            return .from(result)
        default: preconditionFailure("arithmetic: unreachable")
        }
    }

    /// `self ∘ value`, for every sample.
    ///
    /// For integer images the exact result of `sample ∘ value` is rounded half to even and
    /// saturated (8-bit images go through a 256-entry table).
    ///
    /// - Parameters:
    ///   - operation: the operation.
    ///   - value: the number, in the sample's units (255 is white for 8-bit); not NaN.
    /// - Returns: an image of the same type, size and channel count.
    /// - Throws: ``PixelEngineError`` when `value` is NaN.
    ///
    /// ```swift
    /// let brighter = try gray8.arithmetic(.add, 40)   // or: try gray8 + 40
    /// ```
    public func arithmetic(_ operation: ArithmeticOperation, _ value: Double) throws(PixelEngineError) -> Image {
        guard !value.isNaN else { throw PixelEngineError(operation.rawValue, "the number is NaN") }
        if case .float32(let image) = TypedImage(self) {
            // numpy: float32 ∘ Python float stays in float32.
            let k = Float(value)
            let result: Image<Float>
            switch operation {
            case .add: result = image.mapBands { x, o, n in for i in 0..<n { o[i] = x[i] + k } }
            case .subtract: result = image.mapBands { x, o, n in for i in 0..<n { o[i] = x[i] - k } }
            case .multiply: result = image.mapBands { x, o, n in for i in 0..<n { o[i] = x[i] * k } }
            case .divide: result = image.mapBands { x, o, n in for i in 0..<n { o[i] = x[i] / k } }
            case .minimum: result = image.mapBands { x, o, n in for i in 0..<n { o[i] = Swift.min(x[i], k) } }
            case .maximum: result = image.mapBands { x, o, n in for i in 0..<n { o[i] = Swift.max(x[i], k) } }
            case .absoluteDifference: result = image.mapBands { x, o, n in for i in 0..<n { o[i] = abs(x[i] - k) } }
            }
            return .from(result)
        }
        return scalarMap { v in Self.apply(operation, v, value) }
    }

    /// `value ∘ self` for the operations where the order matters (subtract, divide); the
    /// others are the same as ``arithmetic(_:_:)-(_,Double)``.
    ///
    /// ```swift
    /// let negative = try 255 - gray8
    /// ```
    public func arithmetic(_ value: Double, _ operation: ArithmeticOperation) throws(PixelEngineError) -> Image {
        guard !value.isNaN else { throw PixelEngineError(operation.rawValue, "the number is NaN") }
        return scalarMap { v in Self.apply(operation, value, v) }
    }

    /// `x ∘ y` in double; integer division by zero is 0 (applied by the caller's saturation).
    @inlinable @inline(__always)
    static func apply(_ operation: ArithmeticOperation, _ x: Double, _ y: Double) -> Double {
        switch operation {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return !Sample.isFloatingPoint && y == 0 ? 0 : x / y
        case .minimum: return Swift.min(x, y)
        case .maximum: return Swift.max(x, y)
        case .absoluteDifference: return abs(x - y)
        }
    }

    /// Applies a double-valued function to each sample: round half to even and saturate for
    /// integers, single precision for float.
    @usableFromInline
    func scalarMap(_ f: (Double) -> Double) -> Image {
        func saturate<T: PixelSample>(_ r: Double, _: T.Type) -> T {
            T(clamping: r.isNaN ? 0 : r.rounded(.toNearestOrEven))
        }
        switch TypedImage(self) {
        case .uint8(let image):
            return .from(image.applyingTable((0..<256).map { saturate(f(Double($0)), UInt8.self) }))
        case .uint16(let image) where image.pixelCount * image.channels > 65536:
            return .from(image.applyingTable((0..<65536).map { saturate(f(Double($0)), UInt16.self) }))
        case .uint16(let image): return .from(image.map { saturate(f(Double($0)), UInt16.self) })
        case .uint32(let image): return .from(image.map { saturate(f(Double($0)), UInt32.self) })
        case .float32(let image): return .from(image.map { Float(f(Double($0))) })
        }
    }

    /// Saturating sum (``arithmetic(_:_:)-(_,Image)``, `.add`).
    public static func + (lhs: Image, rhs: Image) throws(PixelEngineError) -> Image { try lhs.arithmetic(.add, rhs) }
    /// Saturating difference.
    public static func - (lhs: Image, rhs: Image) throws(PixelEngineError) -> Image { try lhs.arithmetic(.subtract, rhs) }
    /// Saturating, rounded product.
    public static func * (lhs: Image, rhs: Image) throws(PixelEngineError) -> Image { try lhs.arithmetic(.multiply, rhs) }
    /// Rounded quotient (integer x / 0 = 0).
    public static func / (lhs: Image, rhs: Image) throws(PixelEngineError) -> Image { try lhs.arithmetic(.divide, rhs) }
    /// Every sample plus a number, saturated.
    public static func + (lhs: Image, rhs: Double) throws(PixelEngineError) -> Image { try lhs.arithmetic(.add, rhs) }
    /// A number plus every sample, saturated.
    public static func + (lhs: Double, rhs: Image) throws(PixelEngineError) -> Image { try rhs.arithmetic(.add, lhs) }
    /// Every sample minus a number, saturated.
    public static func - (lhs: Image, rhs: Double) throws(PixelEngineError) -> Image { try lhs.arithmetic(.subtract, rhs) }
    /// A number minus every sample, saturated.
    public static func - (lhs: Double, rhs: Image) throws(PixelEngineError) -> Image { try rhs.arithmetic(lhs, .subtract) }
    /// Every sample times a number, rounded and saturated.
    public static func * (lhs: Image, rhs: Double) throws(PixelEngineError) -> Image { try lhs.arithmetic(.multiply, rhs) }
    /// A number times every sample, rounded and saturated.
    public static func * (lhs: Double, rhs: Image) throws(PixelEngineError) -> Image { try rhs.arithmetic(.multiply, lhs) }
    /// Every sample divided by a number, rounded and saturated.
    public static func / (lhs: Image, rhs: Double) throws(PixelEngineError) -> Image { try lhs.arithmetic(.divide, rhs) }
    /// A number divided by every sample, rounded and saturated.
    public static func / (lhs: Double, rhs: Image) throws(PixelEngineError) -> Image { try rhs.arithmetic(lhs, .divide) }
}

extension Image where Sample: FixedWidthInteger & UnsignedInteger {
    /// The integer kernels; an extension on the concrete sample type so that each call
    /// site specialises fully.
    @inlinable
    func saturatingArithmetic(_ operation: ArithmeticOperation, _ b: Image) -> Image {
        let a = self
        typealias T = Sample
        switch operation {
        case .add:
            return a.zipBands(b) { x, y, o, n in
                for i in 0..<n { let s = x[i] &+ y[i]; o[i] = s < x[i] ? T.max : s }
            }
        case .subtract:
            return a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = x[i] > y[i] ? x[i] &- y[i] : 0 } }
        case .multiply:
            return a.zipBands(b) { x, y, o, n in
                for i in 0..<n {
                    let (p, overflow) = x[i].multipliedReportingOverflow(by: y[i])
                    o[i] = overflow ? T.max : p
                }
            }
        case .divide:
            return a.zipBands(b) { x, y, o, n in
                for i in 0..<n {
                    guard y[i] != 0 else { o[i] = 0; continue }
                    let (q, r) = x[i].quotientAndRemainder(dividingBy: y[i])
                    // Round half to even: compare r with y - r (2r could overflow).
                    let half = y[i] &- r
                    o[i] = r > half || (r == half && q & 1 == 1) ? q &+ 1 : q
                }
            }
        case .minimum: return a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = Swift.min(x[i], y[i]) } }
        case .maximum: return a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = Swift.max(x[i], y[i]) } }
        case .absoluteDifference:
            return a.zipBands(b) { x, y, o, n in for i in 0..<n { o[i] = x[i] > y[i] ? x[i] &- y[i] : y[i] &- x[i] } }
        }
    }
}
