/// Squeeze and Unsqueeze: remove axes of extent 1 (all of them when no axes are given), or
/// insert them at the given positions of the output. The axes are an attribute before
/// opset 13 and a constant input from 13; negative axes count from the end (of the input for
/// Squeeze, of the output for Unsqueeze).
struct Squeeze: Operator {
    let node: Node
    let unsqueeze: Bool
    let attributeAxes: [Int]?

    init(_ node: Node, unsqueeze: Bool) throws {
        try node.checkAttributes(node.opsetVersion < 13 ? ["axes"] : [])
        self.node = node
        self.unsqueeze = unsqueeze
        attributeAxes = try node.ints("axes")
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "data")
        let axes = try attributeAxes ?? node.constantIntegers(inputs, 1, "axes")
        return [TensorType(x.elementType, try reshaped(x.shape, axes))]
    }

    private func reshaped(_ shape: [Int], _ given: [Int]?) throws -> [Int] {
        if unsqueeze {
            guard let given else { throw node.error(.invalidModel, "axes are required") }
            let rank = shape.count + given.count
            let axes = Set(try node.axes(given, rank: rank))
            var rest = shape.makeIterator()
            return (0..<rank).map { axes.contains($0) ? 1 : rest.next()! }
        }
        guard let given, !given.isEmpty else { return shape.filter { $0 != 1 } }
        let axes = Set(try node.axes(given, rank: shape.count))
        for axis in axes where shape[axis] != 1 {
            throw node.error(.invalidModel, "axis \(axis) of \(shape) has extent \(shape[axis]), not 1, and cannot be squeezed")
        }
        return shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        copyBytes(node.tensor(inputs, 0), into: outputs[0])
    }
}
