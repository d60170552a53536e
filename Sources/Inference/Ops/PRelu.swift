/// PRelu: `x < 0 ? slope * x : x`, the slope broadcast to X's shape (a per-channel slope of
/// shape `[C, 1, 1]` is the usual case). Floats.
struct PRelu: Operator {
    let node: Node

    init(_ node: Node) throws {
        try node.checkAttributes([])
        self.node = node
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "X"), slope = try node.required(inputs, 1, "slope")
        try node.check(x.elementType, in: ElementType.floats, "X")
        guard slope.elementType == x.elementType else {
            throw node.error(.invalidModel, "slope is \(slope.elementType) but X is \(x.elementType)")
        }
        guard broadcasts(slope.shape, to: x.shape) else {
            throw node.error(.invalidModel, "slope of shape \(slope.shape) does not broadcast to X's shape \(x.shape)")
        }
        return [TensorType(x.elementType, x.shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0), slope = node.tensor(inputs, 1)
        _ = try visitFloat(x.elementType, Kernel(x: x, slope: slope, y: outputs[0]))
    }

    private struct Kernel: FloatVisitor {
        let x: Tensor, slope: Tensor, y: Tensor
        func visit<T: FloatElement>(_: T.Type) {
            broadcastBinary(LeakyFunction<T>(), x, slope, into: y)
        }
    }
}

struct LeakyFunction<T: FloatElement>: BinaryFunctor {
    func callAsFunction(_ x: T, _ slope: T) -> T { x < 0 ? slope * x : x }
}
