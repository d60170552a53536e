import PixelEngine

/// LayerNormalization (opset 17) of float32 tensors: each slice `X[i0, …, i(axis-1), :, …]`
/// is normalised to zero mean and unit variance, then scaled and shifted:
/// `Y = (X - mean) / sqrt(var + epsilon) * Scale + B`.
///
/// Scale and B broadcast to `shape[axis...]`. The optional outputs Mean and InvStdDev have
/// the shape of X with the normalised axes set to 1. Statistics accumulate in double.
struct LayerNormalization: Operator {
    let node: Node
    let axis: Int
    let epsilon: Float

    init(_ node: Node) throws {
        try node.checkAttributes(["axis", "epsilon", "stash_type"])
        self.node = node
        axis = try node.int("axis", default: -1)
        epsilon = try node.float("epsilon", default: 1e-5)
        let stash = try node.int("stash_type", default: 1)
        guard stash == 1 else {
            throw node.error(.unsupportedAttribute, "stash_type \(stash) is not supported (supported: 1, float)")
        }
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "X"), scale = try node.required(inputs, 1, "Scale")
        try node.check(x.elementType, in: [.float32], "X")
        let a = try node.axis(axis, rank: x.shape.count)
        let normalized = Array(x.shape[a...])
        for (info, what) in [(scale, "Scale"), (inputs.count > 2 ? inputs[2] : nil, "B")] {
            guard let info else { continue }
            guard info.elementType == .float32, broadcasts(info.shape, to: normalized) else {
                throw node.error(.invalidModel, "\(what) (\(info.elementType) \(info.shape)) must be float and broadcast to the normalised shape \(normalized)")
            }
        }
        let statistics = Array(x.shape[..<a]) + [Int](repeating: 1, count: x.shape.count - a)
        let all = [TensorType(.float32, x.shape), TensorType(.float32, statistics), TensorType(.float32, statistics)]
        return Array(all.prefix(max(node.outputs.count, 1)))
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0)
        let a = try node.axis(axis, rank: x.rank)
        let normalized = Array(x.shape[a...])
        let n = product(normalized[...]), rows = product(x.shape[..<a])
        // Scale and bias expanded to one value per normalised element.
        let scale = Tensor(zeros: .float32, shape: normalized)
        broadcastCopy(node.tensor(inputs, 1), into: scale)
        let bias = Tensor(zeros: .float32, shape: normalized)
        if let b = node.optionalTensor(inputs, 2) { broadcastCopy(b, into: bias) }
        let px = x.pointer(Float.self), py = outputs[0].pointer(Float.self)
        let ps = scale.pointer(Float.self), pb = bias.pointer(Float.self)
        let meanOut = outputs.count > 1 ? outputs[1].pointer(Float.self) : nil
        let invOut = outputs.count > 2 ? outputs[2].pointer(Float.self) : nil
        let epsilon = Double(self.epsilon)
        guard n > 0 else { return }
        parallelRows(rows, costPerRow: n * 4) { range in
            for r in range {
                let src = px + r * n, dst = py + r * n
                var sum = 0.0
                for j in 0..<n { sum += Double(src[j]) }
                let mean = sum / Double(n)
                var squares = 0.0
                for j in 0..<n {
                    let d = Double(src[j]) - mean
                    squares += d * d
                }
                let inv = 1 / (squares / Double(n) + epsilon).squareRoot()
                let m = Float(mean), s = Float(inv)
                for j in 0..<n { dst[j] = (src[j] - m) * s * ps[j] + pb[j] }
                meanOut?[r] = m
                invOut?[r] = s
            }
        }
    }
}
