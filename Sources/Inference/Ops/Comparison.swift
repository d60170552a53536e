/// Equal, Less, Greater, LessOrEqual and GreaterOrEqual: a bool tensor of the broadcast
/// shape of two inputs of one type (any numeric type; Equal also compares bools).
struct Comparison: Operator {
    enum Function: Sendable { case equal, less, greater, lessOrEqual, greaterOrEqual }

    let node: Node
    let function: Function

    init(_ node: Node, _ function: Function) throws {
        try node.checkAttributes([])
        self.node = node
        self.function = function
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let a = try node.required(inputs, 0, "A"), b = try node.required(inputs, 1, "B")
        try node.check(a.elementType, in: function == .equal ? ElementType.all : ElementType.numeric, "A")
        guard a.elementType == b.elementType else {
            throw node.error(.invalidModel, "A is \(a.elementType) but B is \(b.elementType); both must have the same type")
        }
        guard let shape = broadcastShapes([a.shape, b.shape]) else {
            throw node.error(.invalidModel, "shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        return [TensorType(.bool, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let a = node.tensor(inputs, 0), b = node.tensor(inputs, 1)
        let kernel = Kernel(function: function, a: a, b: b, out: outputs[0])
        if a.elementType == .bool {
            // Bools are stored as the bytes 0 and 1, so they compare as UInt8.
            kernel.visit(UInt8.self)
        } else {
            _ = try visitNumeric(a.elementType, kernel)
        }
    }

    private struct Kernel: NumericVisitor {
        let function: Function
        let a: Tensor, b: Tensor, out: Tensor

        func visit<T: NumericElement>(_: T.Type) {
            switch function {
            case .equal: broadcastBinary(Compare<T> { $0 == $1 }, a, b, into: out)
            case .less: broadcastBinary(Compare<T> { $0 < $1 }, a, b, into: out)
            case .greater: broadcastBinary(Compare<T> { $0 > $1 }, a, b, into: out)
            case .lessOrEqual: broadcastBinary(Compare<T> { $0 <= $1 }, a, b, into: out)
            case .greaterOrEqual: broadcastBinary(Compare<T> { $0 >= $1 }, a, b, into: out)
            }
        }
    }
}

struct Compare<T: NumericElement>: BinaryFunctor {
    let predicate: (T, T) -> Bool
    func callAsFunction(_ a: T, _ b: T) -> Bool { predicate(a, b) }
}
