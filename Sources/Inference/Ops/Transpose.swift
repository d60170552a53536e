/// Transpose: output axis `i` is input axis `perm[i]` (default: the axes reversed).
struct Transpose: Operator {
    let node: Node
    let perm: [Int]?

    init(_ node: Node) throws {
        try node.checkAttributes(["perm"])
        self.node = node
        perm = try node.ints("perm")
    }

    private func permutation(rank: Int) throws -> [Int] {
        let p = perm ?? Array((0..<rank).reversed())
        guard p.count == rank, Set(p) == Set(0..<rank) else {
            throw node.error(.invalidModel, "perm \(p) is not a permutation of the \(rank) input axes")
        }
        return p
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "data")
        let p = try permutation(rank: x.shape.count)
        return [TensorType(x.elementType, p.map { x.shape[$0] })]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0), out = outputs[0]
        let p = try permutation(rank: x.rank)
        let strides = contiguousStrides(x.shape)
        stridedCopy(x, plan: BroadcastPlan(output: out.shape, strides: [p.map { strides[$0] }]), into: out)
    }
}
