import PixelEngine

/// Gather: slices of `data` along `axis` picked by int32/int64 `indices` (negative indices
/// count from the end). The output shape is `data.shape[..<axis] + indices.shape +
/// data.shape[(axis+1)...]`. An index outside the axis is an error naming it.
struct Gather: Operator {
    let node: Node
    let axis: Int

    init(_ node: Node) throws {
        try node.checkAttributes(["axis"])
        self.node = node
        axis = try node.int("axis", default: 0)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let data = try node.required(inputs, 0, "data"), indices = try node.required(inputs, 1, "indices")
        try node.check(indices.elementType, in: [.int32, .int64], "indices")
        let a = try node.axis(axis, rank: data.shape.count)
        if let constant = indices.constant {
            try checkIndices(constant.integers, extent: data.shape[a])
        }
        return [TensorType(data.elementType, Array(data.shape[..<a]) + indices.shape + Array(data.shape[(a + 1)...]))]
    }

    private func checkIndices(_ indices: [Int], extent: Int) throws {
        for i in indices where i < -extent || i >= extent {
            throw node.error(.invalidModel, "index \(i) is outside the axis of extent \(extent)")
        }
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let data = node.tensor(inputs, 0), out = outputs[0]
        let a = try node.axis(axis, rank: data.rank)
        let extent = data.shape[a]
        let indices = node.tensor(inputs, 1).integers
        try checkIndices(indices, extent: extent)
        let outer = product(data.shape[..<a])
        let blockBytes = product(data.shape[(a + 1)...]) * data.elementType.byteSize
        guard blockBytes > 0, !indices.isEmpty else { return }
        let src = data.storage.base, dst = out.storage.base
        let n = indices.count
        parallelRows(outer * n, costPerRow: blockBytes / 4) { units in
            for u in units {
                let o = u / n, k = u % n
                let i = indices[k] < 0 ? indices[k] + extent : indices[k]
                (dst + u * blockBytes).copyMemory(from: src + (o * extent + i) * blockBytes, byteCount: blockBytes)
            }
        }
    }
}
