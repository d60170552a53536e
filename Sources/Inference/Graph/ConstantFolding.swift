/// Running nodes at plan time when their inputs are known, so that the shape arithmetic
/// TorchScript exports emit (`Shape → Gather → Concat → Reshape`) disappears from the run.
enum ConstantFolding {
    /// Operators whose output differs between runs even for equal inputs: never folded.
    static let nondeterministic: Set<String> = [
        "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Bernoulli", "Multinomial",
    ]

    /// Whether `node` may be folded when every input is constant.
    static func mayFold(_ node: Node) -> Bool {
        !nondeterministic.contains(node.opType)
    }

    /// The value of `Shape(input)` for an input whose shape is known, even when its elements
    /// are not: the `start`/`end` attributes (opset 15) select a range of axes.
    static func shape(of node: Node, input: ValueInfo) throws -> Tensor {
        let rank = input.shape.count
        func clamp(_ axis: Int) -> Int {
            let a = axis < 0 ? axis + rank : axis
            return min(max(a, 0), rank)
        }
        let start = clamp(try node.int("start", default: 0))
        let end = clamp(try node.int("end", default: rank))
        let extents = start < end ? Array(input.shape[start..<end]) : []
        return Tensor(shape: [extents.count], int64s: extents.map { Int64($0) })
    }

    /// Runs `kernel` on constant inputs and returns outputs of their own.
    static func evaluate(_ kernel: any Operator, node: Node, inputs: [ValueInfo?], types: [TensorType]) throws -> [Tensor] {
        let outputs = types.map { Tensor(zeros: $0.elementType, shape: $0.shape) }
        try kernel.run(inputs.map { $0?.constant }, outputs, ExecutionContext())
        return outputs
    }
}
