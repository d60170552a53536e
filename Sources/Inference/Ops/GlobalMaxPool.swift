/// ONNX `GlobalMaxPool` on float32 `N×C×D1…`: the maximum of each plane (NaN if the
/// plane holds one), shape `N×C×1…`.
struct GlobalMaxPool: Operator {
    let node: Node

    init(_ node: Node) throws {
        try node.checkAttributes([])
        self.node = node
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] { try GlobalPooling.infer(inputs, node) }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        GlobalPooling.run(inputs[0]!, outputs[0], max: true)
    }
}
