/// Tile: the input repeated `repeats[i]` times along each axis (a constant int64 input).
struct Tile: Operator {
    let node: Node

    init(_ node: Node) throws {
        try node.checkAttributes([])
        self.node = node
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "input")
        guard let repeats = try node.constantIntegers(inputs, 1, "repeats") else {
            throw node.error(.invalidModel, "the input 'repeats' is required")
        }
        guard repeats.count == x.shape.count, repeats.allSatisfy({ $0 >= 0 }) else {
            throw node.error(.invalidModel, "repeats \(repeats) must have one non-negative count per input axis (\(x.shape.count))")
        }
        return [TensorType(x.elementType, zip(x.shape, repeats).map(*))]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0), out = outputs[0]
        guard out.count > 0 else { return }
        // Output axis i seen as [repeats, extent]: the repeat index moves the input by 0.
        let repeats = zip(out.shape, x.shape).map { $1 == 0 ? 0 : $0 / $1 }
        let strides = contiguousStrides(x.shape)
        var shape: [Int] = [], inputStrides: [Int] = []
        for d in 0..<x.rank {
            shape += [repeats[d], x.shape[d]]
            inputStrides += [0, strides[d]]
        }
        let tiled = Tensor(out.elementType, shape: shape, storage: out.storage)
        stridedCopy(x, plan: BroadcastPlan(output: shape, strides: [inputStrides]), into: tiled)
    }
}
