/// Identity: a copy of the input.
/// Dropout (inference): a copy of the input and, when asked for, a mask of all `true`.
/// Training mode (a constant true `training_mode` input, opset 12+) is refused unless the
/// ratio is 0, since inference has no random dropout.
struct Identity: Operator {
    let node: Node
    let dropout: Bool

    init(_ node: Node, dropout: Bool) throws {
        try node.checkAttributes(dropout ? (node.opsetVersion >= 12 ? ["seed"] : ["ratio", "is_test", "seed"]) : [])
        self.node = node
        self.dropout = dropout
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "input")
        guard dropout else { return [TensorType(x.elementType, x.shape)] }
        if inputs.count > 2, let training = inputs[2] {
            guard let mode = training.constant, mode.elementType == .bool else {
                throw node.error(.unsupportedAttribute, "training_mode must be a constant bool; only inference (false) is supported")
            }
            let ratio = inputs[1]?.constant?.doubles()?.first ?? 0.5
            if mode.rawPointer(as: Bool.self)[0] && ratio != 0 {
                throw node.error(.unsupportedAttribute, "training_mode true with ratio \(ratio) is not supported (inference only)")
            }
        }
        try node.check(x.elementType, in: ElementType.floats)
        return Array([TensorType(x.elementType, x.shape), TensorType(.bool, x.shape)].prefix(max(node.outputs.count, 1)))
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        copyBytes(node.tensor(inputs, 0), into: outputs[0])
        if dropout && outputs.count > 1 {
            fill(outputs[1], with: 1)
        }
    }
}
