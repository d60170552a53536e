/// Flatten: the input seen as a matrix `[prod(shape[..<axis]), prod(shape[axis...])]`
/// (axis default 1; negative counts from the end, from opset 11).
struct Flatten: Operator {
    let node: Node
    let axis: Int

    init(_ node: Node) throws {
        try node.checkAttributes(["axis"])
        self.node = node
        axis = try node.int("axis", default: 1)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "input")
        let rank = x.shape.count
        guard axis >= -rank && axis <= rank else {
            throw node.error(.invalidModel, "axis \(axis) is out of range for rank \(rank) (use -\(rank)...\(rank))")
        }
        let a = axis < 0 ? axis + rank : axis
        return [TensorType(x.elementType, [product(x.shape[..<a]), product(x.shape[a...])])]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        copyBytes(node.tensor(inputs, 0), into: outputs[0])
    }
}
