/// Split: one input cut along `axis` into as many outputs as the node has. The sizes come
/// from the `split` attribute (before opset 13) or input (from 13); without them the parts
/// are equal, or with `num_outputs` (opset 18) as equal as possible with a smaller last one.
struct Split: Operator {
    let node: Node
    let axis: Int
    let attributeSplit: [Int]?

    init(_ node: Node) throws {
        try node.checkAttributes(node.opsetVersion >= 18 ? ["axis", "num_outputs"] : node.opsetVersion >= 13 ? ["axis"] : ["axis", "split"])
        self.node = node
        axis = try node.int("axis", default: 0)
        attributeSplit = try node.ints("split")
        if let n = try node.ints("num_outputs")?.first, n != node.outputs.count {
            throw node.error(.invalidModel, "num_outputs is \(n) but the node has \(node.outputs.count) outputs")
        }
    }

    /// The extent of each output along the axis.
    private func sizes(extent: Int, given: [Int]?) throws -> [Int] {
        let count = node.outputs.count
        if let given {
            guard given.count == count, given.allSatisfy({ $0 >= 0 }), given.reduce(0, +) == extent else {
                throw node.error(.invalidModel, "split \(given) must have \(count) non-negative sizes adding up to the axis extent \(extent)")
            }
            return given
        }
        guard count > 0 else { throw node.error(.invalidModel, "has no outputs") }
        if node.opsetVersion >= 18 {
            let part = (extent + count - 1) / count
            return (0..<count).map { max(0, min(part, extent - $0 * part)) }
        }
        guard extent % count == 0 else {
            throw node.error(.invalidModel, "axis extent \(extent) does not split into \(count) equal parts; give 'split' sizes")
        }
        return [Int](repeating: extent / count, count: count)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "input")
        let a = try node.axis(axis, rank: x.shape.count)
        let given = try attributeSplit ?? node.constantIntegers(inputs, 1, "split")
        return try sizes(extent: x.shape[a], given: given).map { size in
            var shape = x.shape
            shape[a] = size
            return TensorType(x.elementType, shape)
        }
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0)
        let a = try node.axis(axis, rank: x.rank)
        let parts = try sizes(extent: x.shape[a], given: attributeSplit ?? node.integers(inputs, 1))
        let outer = product(x.shape[..<a])
        let innerBytes = product(x.shape[(a + 1)...]) * x.elementType.byteSize
        let rowBytes = x.shape[a] * innerBytes
        var start = 0
        for (index, size) in parts.enumerated() {
            let bytes = size * innerBytes
            if index < outputs.count && bytes > 0 {
                let dst = outputs[index].storage.base
                for o in 0..<outer {
                    (dst + o * bytes).copyMemory(from: x.storage.base + o * rowBytes + start, byteCount: bytes)
                }
            }
            start += bytes
        }
    }
}
