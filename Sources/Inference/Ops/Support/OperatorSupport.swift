/// Checks shared by the operators' `infer` and `run`: inputs present, axes in range,
/// constant integer inputs read.
extension Node {
    /// Input `index`, which must be present.
    func required(_ inputs: [ValueInfo?], _ index: Int, _ what: String) throws -> ValueInfo {
        guard index < inputs.count, let info = inputs[index] else {
            throw error(.invalidModel, "input \(index + 1) (\(what)) is missing")
        }
        return info
    }

    /// Input `index` as a tensor at run time; the executor guarantees what `infer` checked.
    func tensor(_ inputs: [Tensor?], _ index: Int) -> Tensor {
        guard index < inputs.count, let tensor = inputs[index] else {
            preconditionFailure("\(label): input \(index + 1) missing at run time although infer required it")
        }
        return tensor
    }

    /// Input `index` at run time, or nil when omitted (absent, `""`, or with no elements
    /// where ONNX uses an empty tensor to mean "not given").
    func optionalTensor(_ inputs: [Tensor?], _ index: Int) -> Tensor? {
        index < inputs.count ? inputs[index] : nil
    }

    /// `axis` in `-rank..<rank` made non-negative.
    func axis(_ axis: Int, rank: Int, _ what: String = "axis") throws -> Int {
        guard axis >= -rank && axis < max(rank, 1) else {
            throw error(.invalidModel, "\(what) \(axis) is out of range for rank \(rank) (use -\(rank)...\(rank - 1))")
        }
        return axis < 0 ? axis + rank : axis
    }

    /// Distinct axes made non-negative.
    func axes(_ axes: [Int], rank: Int, _ what: String = "axes") throws -> [Int] {
        let result = try axes.map { try axis($0, rank: rank, what) }
        guard Set(result).count == result.count else {
            throw error(.invalidModel, "\(what) \(axes) repeat an axis")
        }
        return result
    }

    /// The integers of a constant int64/int32 input, needed to infer a shape (a Reshape's
    /// shape, a Slice's starts); nil when the input is omitted.
    func constantIntegers(_ inputs: [ValueInfo?], _ index: Int, _ what: String) throws -> [Int]? {
        guard index < inputs.count, let info = inputs[index] else { return nil }
        guard info.elementType == .int64 || info.elementType == .int32 else {
            throw error(.invalidModel, "\(what) must be int64 or int32, not \(info.elementType)")
        }
        guard let constant = info.constant else {
            throw error(.invalidModel, "\(what) must be a constant (an initializer or computable at load time) to know the output shape")
        }
        return constant.integers
    }

    /// The integers of an int64/int32 input at run time; nil when omitted.
    func integers(_ inputs: [Tensor?], _ index: Int) -> [Int]? {
        guard let tensor = optionalTensor(inputs, index) else { return nil }
        return tensor.integers
    }

    /// Refuses element types outside `allowed`, naming them.
    func check(_ type: ElementType, in allowed: Set<ElementType>, _ what: String = "input") throws {
        guard allowed.contains(type) else {
            let names = allowed.map(\.description).sorted().joined(separator: ", ")
            throw error(.unsupportedAttribute, "\(what) of element type \(type) is not supported (supported: \(names))")
        }
    }
}

extension ElementType {
    /// Every type but bool.
    static let numeric: Set<ElementType> = Set(allCases.filter { $0 != .bool })
    /// float32 and float64.
    static let floats: Set<ElementType> = [.float32, .float64]
    /// Signed integers and floats.
    static let signed: Set<ElementType> = [.float32, .float64, .int8, .int16, .int32, .int64]
    /// Every type.
    static let all: Set<ElementType> = Set(allCases)
}

/// The product of `shape[range]` (1 for an empty range).
func product(_ shape: ArraySlice<Int>) -> Int { shape.reduce(1, *) }

/// Copies all bytes of `input` into `out` (same element count and type).
func copyBytes(_ input: Tensor, into out: Tensor) {
    precondition(input.byteCount == out.byteCount, "copyBytes: \(input.shape) vs \(out.shape)")
    guard input.byteCount > 0 else { return }
    out.storage.base.copyMemory(from: input.storage.base, byteCount: input.byteCount)
}

/// Writes `value` (converted to the element type; nonzero is true for bool) to every
/// element of `out`.
func fill(_ out: Tensor, with value: Double) {
    struct Fill: NumericVisitor {
        let out: Tensor
        let value: Double
        func visit<T: NumericElement>(_: T.Type) {
            out.pointer(T.self).update(repeating: T(convertingDouble: value), count: out.count)
        }
    }
    if out.elementType == .bool {
        out.rawPointer(as: Bool.self).update(repeating: value != 0, count: out.count)
    } else {
        _ = try? visitNumeric(out.elementType, Fill(out: out, value: value))
    }
}
