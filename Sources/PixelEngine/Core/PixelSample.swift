/// The storage type of one sample (one channel of one pixel).
///
/// Samples are 8-bit and 16-bit unsigned integers, 32-bit unsigned integers (used only for
/// instance ids in a ``LabelMap``) and 32-bit floats. Integer samples span their whole
/// range; float samples are nominally in 0...1 but may hold any finite value (intermediate
/// results such as gradients are negative).
public enum SampleType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case uint8
    case uint16
    case uint32
    case float32

    /// Bits per sample.
    public var bitDepth: Int {
        switch self {
        case .uint8: 8
        case .uint16: 16
        case .uint32, .float32: 32
        }
    }

    public var description: String { rawValue }
}

/// A type that can be a sample of an ``Image``.
///
/// Kernels are written once, generic over `PixelSample`, and marked `@inlinable` so that
/// they specialise for each concrete sample type at the call site.
public protocol PixelSample: BitwiseCopyable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The runtime tag of this sample type.
    static var sampleType: SampleType { get }
    /// The value of a black pixel.
    static var zero: Self { get }
    /// The value of a white pixel: 255, 65535, 2³²−1 or 1.0.
    static var nominalMax: Self { get }
    /// True for floating-point samples.
    static var isFloatingPoint: Bool { get }
    /// The sample as a `Float`, unscaled (255 stays 255).
    var floatValue: Float { get }
    /// The sample as a `Double`, unscaled.
    var doubleValue: Double { get }
    /// Rounds half away from zero and clamps to the representable range; NaN becomes 0.
    /// Float samples store the value unchanged.
    init(clamping value: Float)
    /// As ``init(clamping:)`` from a `Double`.
    init(clamping value: Double)
}

extension UInt8: PixelSample {
    public static var sampleType: SampleType { .uint8 }
    public static var nominalMax: UInt8 { .max }
    public static var isFloatingPoint: Bool { false }
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(clamping value: Float) {
        self = value >= 255 ? 255 : (value > 0 ? UInt8(value + 0.5) : 0)
    }
    @inlinable public init(clamping value: Double) {
        self = value >= 255 ? 255 : (value > 0 ? UInt8(value + 0.5) : 0)
    }
}

extension UInt16: PixelSample {
    public static var sampleType: SampleType { .uint16 }
    public static var nominalMax: UInt16 { .max }
    public static var isFloatingPoint: Bool { false }
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(clamping value: Float) {
        self = value >= 65535 ? 65535 : (value > 0 ? UInt16(value + 0.5) : 0)
    }
    @inlinable public init(clamping value: Double) {
        self = value >= 65535 ? 65535 : (value > 0 ? UInt16(value + 0.5) : 0)
    }
}

extension UInt32: PixelSample {
    public static var sampleType: SampleType { .uint32 }
    public static var nominalMax: UInt32 { .max }
    public static var isFloatingPoint: Bool { false }
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(clamping value: Float) {
        self.init(clamping: Double(value))
    }
    @inlinable public init(clamping value: Double) {
        self = value >= 4_294_967_295 ? .max : (value > 0 ? UInt32(value + 0.5) : 0)
    }
}

extension Float: PixelSample {
    public static var sampleType: SampleType { .float32 }
    public static var nominalMax: Float { 1 }
    public static var isFloatingPoint: Bool { true }
    @inlinable public var floatValue: Float { self }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(clamping value: Float) { self = value }
    @inlinable public init(clamping value: Double) { self = Float(value) }
}
