/// Memory that holds a tensor's elements: owned (allocated here, freed on deinit) or a
/// window into memory another object owns (an activation arena, a model's weights).
///
/// Storage is a class so that tensors share it without copying; a tensor never changes its
/// storage after its producer has written it (operators write only their outputs).
public final class TensorStorage: @unchecked Sendable {
    /// The first byte, aligned to 64 bytes when this storage allocated it.
    public let base: UnsafeMutableRawPointer
    /// The number of bytes available from `base`.
    public let byteCount: Int
    /// Keeps the memory `base` points into alive when this storage does not own it.
    private let owner: AnyObject?

    /// Allocates `byteCount` zeroed bytes, 64-byte aligned.
    public init(byteCount: Int) {
        self.byteCount = byteCount
        base = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(byteCount, 1))
        owner = nil
    }

    /// Allocates `byteCount` bytes, 64-byte aligned, without clearing them: for memory a
    /// producer overwrites entirely (activation arenas, decoded weights, results).
    public init(uninitializedByteCount byteCount: Int) {
        self.byteCount = byteCount
        base = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        owner = nil
    }

    /// A window of `byteCount` bytes at `base` inside memory that `owner` keeps alive.
    public init(borrowing base: UnsafeMutableRawPointer, byteCount: Int, owner: AnyObject) {
        self.base = base
        self.byteCount = byteCount
        self.owner = owner
    }

    deinit {
        if owner == nil { base.deallocate() }
    }
}

/// An n-dimensional array in row-major (C) order: an element type, a shape and storage.
///
/// A scalar has the shape `[]` and one element. Values are immutable once an operator has
/// produced them; kernels read inputs through `withUnsafeBufferPointer(of:)` and write their
/// preallocated outputs through `withUnsafeMutableBufferPointer(of:)`.
///
/// ```swift
/// let x = Tensor(shape: [1, 3, 2, 2], floats: Array(repeating: 0.5, count: 12))
/// let y = Tensor(shape: [2], int64s: [4, 5])
/// x.floats[0]   // 0.5
/// ```
public struct Tensor: Sendable {
    /// The element type.
    public let elementType: ElementType
    /// The extent of each axis; `[]` for a scalar.
    public let shape: [Int]
    /// Where the elements are.
    public let storage: TensorStorage

    /// The number of elements (the product of the shape; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }
    /// The number of axes.
    public var rank: Int { shape.count }
    /// The number of bytes the elements take.
    public var byteCount: Int { count * elementType.byteSize }

    /// A tensor over existing storage, which must hold at least `count` elements.
    public init(_ elementType: ElementType, shape: [Int], storage: TensorStorage) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        precondition(shape.reduce(1, *) * elementType.byteSize <= storage.byteCount,
                     "Tensor: storage of \(storage.byteCount) bytes cannot hold \(shape) \(elementType)")
        self.elementType = elementType
        self.shape = shape
        self.storage = storage
    }

    /// A zero-filled tensor of its own.
    public init(zeros elementType: ElementType, shape: [Int]) {
        self.init(elementType, shape: shape, storage: TensorStorage(byteCount: shape.reduce(1, *) * elementType.byteSize))
    }

    /// A tensor of its own whose elements are garbage until written.
    public init(uninitialized elementType: ElementType, shape: [Int]) {
        self.init(elementType, shape: shape, storage: TensorStorage(uninitializedByteCount: shape.reduce(1, *) * elementType.byteSize))
    }

    /// A tensor holding `elements`, whose count must equal the product of `shape`.
    public init<T: TensorElement>(shape: [Int], elements: [T]) {
        precondition(elements.count == shape.reduce(1, *), "Tensor: \(elements.count) elements for shape \(shape)")
        self.init(zeros: T.elementType, shape: shape)
        elements.withUnsafeBytes { storage.base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    /// A float32 tensor holding `floats`.
    public init(shape: [Int], floats: [Float]) { self.init(shape: shape, elements: floats) }
    /// An int64 tensor holding `int64s`.
    public init(shape: [Int], int64s: [Int64]) { self.init(shape: shape, elements: int64s) }

    /// The same elements seen with another shape of equal element count (no copy).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "Tensor.reshaped: \(shape) cannot become \(newShape)")
        return Tensor(elementType, shape: newShape, storage: storage)
    }

    /// Reads the elements as `T`, which must be the tensor's element type.
    @inlinable
    public func withUnsafeBufferPointer<T: TensorElement, R>(of _: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(T.elementType == elementType, "Tensor: read as \(T.elementType) but holds \(elementType)")
        return try body(UnsafeBufferPointer(start: storage.base.assumingMemoryBound(to: T.self), count: count))
    }

    /// Writes the elements as `T`. Only the operator producing this tensor may call it,
    /// before any other reader sees the tensor.
    @inlinable
    public func withUnsafeMutableBufferPointer<T: TensorElement, R>(of _: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(T.elementType == elementType, "Tensor: written as \(T.elementType) but holds \(elementType)")
        return try body(UnsafeMutableBufferPointer(start: storage.base.assumingMemoryBound(to: T.self), count: count))
    }

    /// A copy of the elements as a Swift array.
    public func elements<T: TensorElement>(as _: T.Type) -> [T] {
        withUnsafeBufferPointer(of: T.self) { Array($0) }
    }

    /// A copy of the float32 elements.
    public var floats: [Float] { elements(as: Float.self) }

    /// The elements of an integer tensor (int64 or int32) as `Int`s: shapes, axes, indices.
    public var integers: [Int] {
        switch elementType {
        case .int64: elements(as: Int64.self).map { Int($0) }
        case .int32: elements(as: Int32.self).map { Int($0) }
        default: preconditionFailure("Tensor.integers: \(elementType) is not an integer index type")
        }
    }

    /// A copy with storage of its own (for results that must outlive an arena).
    public func copied() -> Tensor {
        let copy = Tensor(zeros: elementType, shape: shape)
        copy.storage.base.copyMemory(from: storage.base, byteCount: byteCount)
        return copy
    }
}

/// Row-major strides of a shape, in elements.
@inlinable
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var s = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = s
        s *= shape[axis]
    }
    return strides
}
