#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An element type arithmetic and comparison kernels compute on: every ``ElementType`` but
/// `bool`.
///
/// Integer arithmetic wraps (as ONNX Runtime and numpy do) and integer division by zero
/// gives 0 instead of trapping: a model must not be able to crash the process.
protocol NumericElement: TensorElement, Comparable {
    /// Zero of the type.
    static var zeroValue: Self { get }
    /// True for float32 and float64.
    static var isFloatingPoint: Bool { get }
    /// The smallest and largest finite values (for reductions' starting points).
    static var lowest: Self { get }
    static var highest: Self { get }
    static func add(_ a: Self, _ b: Self) -> Self
    static func subtract(_ a: Self, _ b: Self) -> Self
    static func multiply(_ a: Self, _ b: Self) -> Self
    static func divide(_ a: Self, _ b: Self) -> Self
    /// `fmod` true: the remainder has the sign of the dividend (C `fmod`); false: the sign
    /// of the divisor (Python `%`).
    static func remainder(_ a: Self, _ b: Self, fmod: Bool) -> Self
    /// The value as a Double (exact but for integers beyond 2⁵³).
    var doubleValue: Double { get }
    /// A value from a Double: integers round toward zero and saturate, NaN becomes 0.
    init(convertingDouble value: Double)
    /// True for a float NaN.
    var isNaNValue: Bool { get }
    /// An integer's two's-complement bits widened to 64 (casts between integers wrap).
    var integerBits: Int64 { get }
    /// An integer from the low bits of `integerBits`; floats convert the value.
    init(integerBits: Int64)
}

extension NumericElement where Self: FixedWidthInteger {
    static var zeroValue: Self { 0 }
    static var isFloatingPoint: Bool { false }
    static var lowest: Self { .min }
    static var highest: Self { .max }
    static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
    static func subtract(_ a: Self, _ b: Self) -> Self { a &- b }
    static func multiply(_ a: Self, _ b: Self) -> Self { a &* b }
    static func divide(_ a: Self, _ b: Self) -> Self {
        b == 0 ? 0 : a.dividedReportingOverflow(by: b).partialValue
    }
    static func remainder(_ a: Self, _ b: Self, fmod: Bool) -> Self {
        if b == 0 { return 0 }
        var r = a.remainderReportingOverflow(dividingBy: b).partialValue
        if !fmod && r != 0 && ((r < 0) != (b < 0)) { r = r &+ b }
        return r
    }
    var doubleValue: Double { Double(self) }
    init(convertingDouble value: Double) {
        if value.isNaN { self = 0 }
        else if value >= Double(Self.max) { self = .max }
        else if value <= Double(Self.min) { self = .min }
        else { self = Self(value) }
    }
    var isNaNValue: Bool { false }
    var integerBits: Int64 { Int64(truncatingIfNeeded: self) }
    init(integerBits: Int64) { self.init(truncatingIfNeeded: integerBits) }
}

extension NumericElement where Self: BinaryFloatingPoint {
    static var zeroValue: Self { 0 }
    static var isFloatingPoint: Bool { true }
    static var lowest: Self { -.infinity }
    static var highest: Self { .infinity }
    static func add(_ a: Self, _ b: Self) -> Self { a + b }
    static func subtract(_ a: Self, _ b: Self) -> Self { a - b }
    static func multiply(_ a: Self, _ b: Self) -> Self { a * b }
    static func divide(_ a: Self, _ b: Self) -> Self { a / b }
    static func remainder(_ a: Self, _ b: Self, fmod: Bool) -> Self {
        var r = a.truncatingRemainder(dividingBy: b)
        if !fmod && r != 0 && ((r < 0) != (b < 0)) { r += b }
        return r
    }
    var isNaNValue: Bool { isNaN }
    var integerBits: Int64 { Int64(convertingDouble: Double(self)) }
    init(integerBits: Int64) { self.init(integerBits) }
}

extension Float: NumericElement {
    var doubleValue: Double { Double(self) }
    init(convertingDouble value: Double) { self = Float(value) }
}
extension Double: NumericElement {
    var doubleValue: Double { self }
    init(convertingDouble value: Double) { self = value }
}
extension Int8: NumericElement {}
extension Int16: NumericElement {}
extension Int32: NumericElement {}
extension Int64: NumericElement {}
extension UInt8: NumericElement {}
extension UInt16: NumericElement {}
extension UInt32: NumericElement {}
extension UInt64: NumericElement {}

/// A computation generic over the numeric element type, chosen at run time from an
/// ``ElementType`` by ``visitNumeric(_:_:)``.
protocol NumericVisitor {
    associatedtype Result
    func visit<T: NumericElement>(_ type: T.Type) throws -> Result
}

/// Runs `visitor` with the Swift type of `type`; nil for `bool`, which is not numeric.
func visitNumeric<V: NumericVisitor>(_ type: ElementType, _ visitor: V) throws -> V.Result? {
    switch type {
    case .float32: try visitor.visit(Float.self)
    case .float64: try visitor.visit(Double.self)
    case .int8: try visitor.visit(Int8.self)
    case .int16: try visitor.visit(Int16.self)
    case .int32: try visitor.visit(Int32.self)
    case .int64: try visitor.visit(Int64.self)
    case .uint8: try visitor.visit(UInt8.self)
    case .uint16: try visitor.visit(UInt16.self)
    case .uint32: try visitor.visit(UInt32.self)
    case .uint64: try visitor.visit(UInt64.self)
    case .bool: nil
    }
}

/// A float element type, for kernels that need transcendental functions.
protocol FloatElement: NumericElement, BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: FloatElement {
    static func exp(_ x: Float) -> Float { expf(x) }
    static func log(_ x: Float) -> Float { logf(x) }
    static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    static func tanh(_ x: Float) -> Float { tanhf(x) }
    static func erf(_ x: Float) -> Float { erff(x) }
    static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

// The C library's double functions under names the static members below do not shadow.
private func cExp(_ x: Double) -> Double { exp(x) }
private func cLog(_ x: Double) -> Double { log(x) }
private func cTanh(_ x: Double) -> Double { tanh(x) }
private func cErf(_ x: Double) -> Double { erf(x) }
private func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

extension Double: FloatElement {
    static func exp(_ x: Double) -> Double { cExp(x) }
    static func log(_ x: Double) -> Double { cLog(x) }
    static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    static func tanh(_ x: Double) -> Double { cTanh(x) }
    static func erf(_ x: Double) -> Double { cErf(x) }
    static func pow(_ x: Double, _ y: Double) -> Double { cPow(x, y) }
}

/// A computation generic over float32/float64.
protocol FloatVisitor {
    associatedtype Result
    func visit<T: FloatElement>(_ type: T.Type) throws -> Result
}

/// Runs `visitor` with the Swift type of a float `type`; nil for other types.
func visitFloat<V: FloatVisitor>(_ type: ElementType, _ visitor: V) throws -> V.Result? {
    switch type {
    case .float32: try visitor.visit(Float.self)
    case .float64: try visitor.visit(Double.self)
    default: nil
    }
}

extension Tensor {
    /// The first element as `T`, for kernels that read the bytes of a same-sized type
    /// (data movement copies elements by size, whatever their type).
    func rawPointer<T>(as _: T.Type) -> UnsafeMutablePointer<T> {
        storage.base.assumingMemoryBound(to: T.self)
    }

    /// A typed pointer to the elements, checked against the element type.
    func pointer<T: TensorElement>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        precondition(T.elementType == elementType, "Tensor: read as \(T.elementType) but holds \(elementType)")
        return storage.base.assumingMemoryBound(to: T.self)
    }

    /// The elements of a float32/float64/integer tensor as Doubles (small constant inputs:
    /// scales, bounds, ranges).
    func doubles() -> [Double]? {
        struct Read: NumericVisitor {
            let tensor: Tensor
            func visit<T: NumericElement>(_: T.Type) -> [Double] {
                let p = tensor.pointer(T.self)
                return (0..<tensor.count).map { p[$0].doubleValue }
            }
        }
        if elementType == .bool { return rawPointer(as: UInt8.self).withMemoryRebound(to: UInt8.self, capacity: count) { p in (0..<count).map { Double(p[$0]) } } }
        return try? visitNumeric(elementType, Read(tensor: self))
    }
}
