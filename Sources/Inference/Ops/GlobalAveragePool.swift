/// ONNX `GlobalAveragePool` on float32 `N×C×D1…`: the mean of each plane, shape `N×C×1…`.
struct GlobalAveragePool: Operator {
    let node: Node

    init(_ node: Node) throws {
        try node.checkAttributes([])
        self.node = node
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] { try GlobalPooling.infer(inputs, node) }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        GlobalPooling.run(inputs[0]!, outputs[0], max: false)
    }
}
