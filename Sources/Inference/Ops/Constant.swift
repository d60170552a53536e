/// Constant: the tensor of its `value` attribute, or a float/int scalar or 1-D list from
/// `value_float(s)` / `value_int(s)`. Sparse and string constants are not supported.
struct Constant: Operator {
    let node: Node
    let value: Tensor

    init(_ node: Node) throws {
        try node.checkAttributes(["value", "value_float", "value_floats", "value_int", "value_ints"])
        self.node = node
        guard node.attributes.count == 1, let (key, attribute) = node.attributes.first else {
            throw node.error(.invalidModel, "needs exactly one value attribute (value, value_float(s), value_int(s)), has \(node.attributes.keys.sorted())")
        }
        switch (key, attribute) {
        case ("value", .tensor(let t)): value = t
        case ("value_float", .float(let v)): value = Tensor(shape: [], floats: [v])
        case ("value_floats", .floats(let v)): value = Tensor(shape: [v.count], floats: v)
        case ("value_int", .int(let v)): value = Tensor(shape: [], int64s: [Int64(v)])
        case ("value_ints", .ints(let v)): value = Tensor(shape: [v.count], int64s: v.map(Int64.init))
        default: throw node.error(.invalidModel, "attribute '\(key)' has the wrong kind of value")
        }
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        [TensorType(value.elementType, value.shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        copyBytes(value, into: outputs[0])
    }
}

/// ConstantOfShape: a tensor of the shape given by a constant int64 input, every element the
/// one value of the `value` attribute (default float 0).
struct ConstantOfShape: Operator {
    let node: Node
    let value: Tensor

    init(_ node: Node) throws {
        try node.checkAttributes(["value"])
        self.node = node
        let v = try node.tensor("value") ?? Tensor(shape: [1], floats: [0])
        guard v.count == 1 else { throw node.error(.invalidModel, "value must have one element, has \(v.count)") }
        value = v
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard let shape = try node.constantIntegers(inputs, 0, "input") else {
            throw node.error(.invalidModel, "the input shape is required")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw node.error(.invalidModel, "shape \(shape) has a negative extent") }
        return [TensorType(value.elementType, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let out = outputs[0]
        let size = out.elementType.byteSize
        for i in 0..<out.count {
            (out.storage.base + i * size).copyMemory(from: value.storage.base, byteCount: size)
        }
    }
}
