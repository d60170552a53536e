/// Expand: the input broadcast with a constant `shape` (numpy rules both ways, so a 1 in
/// `shape` keeps the input's extent).
struct Expand: Operator {
    let node: Node

    init(_ node: Node) throws {
        try node.checkAttributes([])
        self.node = node
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "input")
        guard let shape = try node.constantIntegers(inputs, 1, "shape") else {
            throw node.error(.invalidModel, "the input 'shape' is required")
        }
        guard let result = broadcastShapes([x.shape, shape]) else {
            throw node.error(.invalidModel, "input shape \(x.shape) does not broadcast with \(shape)")
        }
        return [TensorType(x.elementType, result)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        broadcastCopy(node.tensor(inputs, 0), into: outputs[0])
    }
}
