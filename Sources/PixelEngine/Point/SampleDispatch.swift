/// Runtime dispatch from a generic `Image<Sample>` to concrete kernels.
///
/// Public point operations are generic over ``PixelSample`` but their kernels are written
/// (and specialised) per concrete type; this tag carries the image across that boundary
/// without copying its pixels.
@usableFromInline
enum TypedImage {
    case uint8(Image<UInt8>)
    case uint16(Image<UInt16>)
    case uint32(Image<UInt32>)
    case float32(Image<Float>)

    @usableFromInline
    init<S: PixelSample>(_ image: Image<S>) {
        switch S.sampleType {
        case .uint8: self = .uint8(image.reinterpreted(as: UInt8.self))
        case .uint16: self = .uint16(image.reinterpreted(as: UInt16.self))
        case .uint32: self = .uint32(image.reinterpreted(as: UInt32.self))
        case .float32: self = .float32(image.reinterpreted(as: Float.self))
        }
    }
}

extension Image {
    /// The same image seen as `Image<T>`; `T` must be `Sample` (checked).
    @usableFromInline
    func reinterpreted<T: PixelSample>(as _: T.Type) -> Image<T> {
        precondition(T.self == Sample.self, "reinterpreted: \(Sample.self) is not \(T.self)")
        return unsafeBitCast(self, to: Image<T>.self)
    }

    /// The typed image as `Image<Sample>` again.
    @usableFromInline
    static func from<T: PixelSample>(_ image: Image<T>) -> Image<Sample> {
        image.reinterpreted(as: Sample.self)
    }
}

/// Rounds to the nearest integer, ties to even (numpy's `rint`), for |x| < 2²².
///
/// Adding and subtracting 1.5·2²³ leaves the float rounding unit at 1, so the hardware's
/// default round-to-nearest-even does the rounding; unlike `rounded(.toNearestOrEven)` it
/// needs no SSE4.1 and vectorises.
@inlinable @inline(__always)
func rintSmall(_ x: Float) -> Float {
    (x + 12_582_912) - 12_582_912
}

/// `rint(x)` as an integer, for 0 ≤ x < 2²²: the rounded value is read from the mantissa
/// of `x + 1.5·2²³` instead of converting, because Swift's float→integer conversion checks
/// its range and the check stops loops from vectorising.
@inlinable @inline(__always)
func rintToUInt32(_ x: Float) -> UInt32 {
    (x + 12_582_912).bitPattern & 0x3F_FFFF
}

/// As ``rintSmall(_:)`` for doubles with |x| < 2⁵¹.
@inlinable @inline(__always)
func rintSmall(_ x: Double) -> Double {
    (x + 6_755_399_441_055_744) - 6_755_399_441_055_744
}

extension Image where Sample == UInt8 {
    /// Maps every sample through a 256-entry table, in parallel.
    @inlinable
    func applyingTable<Out: PixelSample>(_ table: [Out]) -> Image<Out> {
        precondition(table.count == 256, "applyingTable: \(table.count) entries")
        return table.withUnsafeBufferPointer { lut in
            let lutBase = lut.baseAddress!
            return mapRows { _, input, output in
                for i in 0..<input.count { output[i] = lutBase[Int(input[i])] }
            }
        }
    }
}

extension Image where Sample == UInt16 {
    /// Maps every sample through a 65536-entry table, in parallel.
    @inlinable
    func applyingTable<Out: PixelSample>(_ table: [Out]) -> Image<Out> {
        precondition(table.count == 65536, "applyingTable: \(table.count) entries")
        return table.withUnsafeBufferPointer { lut in
            let lutBase = lut.baseAddress!
            return mapRows { _, input, output in
                for i in 0..<input.count { output[i] = lutBase[Int(input[i])] }
            }
        }
    }
}
