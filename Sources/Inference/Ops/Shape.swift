/// Shape: the input's extents as a 1-D int64 tensor, optionally only `shape[start..<end]`
/// (opset 15; negative values count from the end, out-of-range values are clamped).
/// Size: the element count as an int64 scalar.
struct Shape: Operator {
    let node: Node
    let size: Bool
    let start: Int
    let end: Int?

    init(_ node: Node, size: Bool) throws {
        try node.checkAttributes(size ? [] : ["start", "end"])
        self.node = node
        self.size = size
        start = try node.int("start", default: 0)
        end = node.attributes["end"] == nil ? nil : try node.int("end", default: 0)
    }

    /// The extents this node reports.
    private func extents(_ shape: [Int]) -> [Int] {
        let rank = shape.count
        func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + rank : v, 0), rank) }
        let s = clamp(start), e = clamp(end ?? rank)
        return s < e ? Array(shape[s..<e]) : []
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "data")
        return [size ? TensorType(.int64, []) : TensorType(.int64, [extents(x.shape).count])]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0)
        let values = size ? [x.count] : extents(x.shape)
        let p = outputs[0].pointer(Int64.self)
        for (i, v) in values.enumerated() { p[i] = Int64(v) }
    }
}
