/// Reshape: the input's elements with a new shape from the constant `shape` input. A 0
/// copies the input's extent at that position (unless `allowzero` is 1, opset 14, when it
/// means an empty axis) and one −1 is inferred from the element count.
struct Reshape: Operator {
    let node: Node
    let allowZero: Bool

    init(_ node: Node) throws {
        try node.checkAttributes(node.opsetVersion >= 14 ? ["allowzero"] : [])
        self.node = node
        allowZero = try node.int("allowzero", default: 0) == 1
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "data")
        guard let requested = try node.constantIntegers(inputs, 1, "shape") else {
            throw node.error(.invalidModel, "the input 'shape' is required")
        }
        return [TensorType(x.elementType, try reshapedExtents(x.shape, requested))]
    }

    /// The output shape for `requested`, resolving 0 and −1.
    func reshapedExtents(_ shape: [Int], _ requested: [Int]) throws -> [Int] {
        var result = requested
        var inferred: Int?
        for (i, extent) in requested.enumerated() {
            if extent == 0 && !allowZero {
                guard i < shape.count else {
                    throw node.error(.invalidModel, "shape \(requested) copies axis \(i) (0) but the input \(shape) has only \(shape.count) axes")
                }
                result[i] = shape[i]
            } else if extent == -1 {
                guard inferred == nil else { throw node.error(.invalidModel, "shape \(requested) has more than one -1") }
                inferred = i
            } else if extent < 0 {
                throw node.error(.invalidModel, "shape \(requested) has the negative extent \(extent)")
            }
        }
        let count = shape.reduce(1, *)
        if let i = inferred {
            let known = result.enumerated().reduce(1) { $1.offset == i ? $0 : $0 * $1.element }
            guard known > 0, count % known == 0 else {
                throw node.error(.invalidModel, "cannot reshape \(shape) (\(count) elements) to \(requested)")
            }
            result[i] = count / known
        }
        guard result.reduce(1, *) == count else {
            throw node.error(.invalidModel, "cannot reshape \(shape) (\(count) elements) to \(requested) (\(result.reduce(1, *)) elements)")
        }
        return result
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        copyBytes(node.tensor(inputs, 0), into: outputs[0])
    }
}
