/// Raw element pointers for kernels that hold several tensors at once, where nesting a
/// `withUnsafe…BufferPointer` closure per tensor would bury the loop. The caller keeps the
/// tensors alive (`withExtendedLifetime`) for as long as it uses the pointers.
extension Tensor {
    /// The float32 elements, read-only.
    @inline(__always)
    var floatPointer: UnsafePointer<Float> {
        precondition(elementType == .float32, "Tensor: read as float but holds \(elementType)")
        return UnsafePointer(storage.base.assumingMemoryBound(to: Float.self))
    }

    /// The float32 elements, for the operator that produces this tensor.
    @inline(__always)
    var mutableFloatPointer: UnsafeMutablePointer<Float> {
        precondition(elementType == .float32, "Tensor: written as float but holds \(elementType)")
        return storage.base.assumingMemoryBound(to: Float.self)
    }
}

/// Throws `.unsupportedAttribute` unless `info` is float32: the kernels of this folder
/// compute in float32 only, and the conformance harness counts the refusal as unsupported.
func requireFloat(_ info: ValueInfo, _ what: String, _ node: Node) throws {
    guard info.elementType == .float32 else {
        throw node.error(.unsupportedAttribute,
                         "\(what) has element type \(info.elementType); this operator supports float only (cast the model to float32)")
    }
}

/// `a / b` rounded towards minus infinity, for `b > 0`.
@inline(__always)
func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && a < 0) ? q - 1 : q
}

/// `a / b` rounded towards plus infinity, for `b > 0`.
@inline(__always)
func ceilDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && a > 0) ? q + 1 : q
}
