/// And, Or and Xor of two bool tensors with numpy broadcasting, and Not of one.
struct Logical: Operator {
    enum Function: Sendable { case and, or, xor, not }

    let node: Node
    let function: Function

    init(_ node: Node, _ function: Function) throws {
        try node.checkAttributes([])
        self.node = node
        self.function = function
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let a = try node.required(inputs, 0, "A")
        try node.check(a.elementType, in: [.bool], "A")
        if function == .not { return [TensorType(.bool, a.shape)] }
        let b = try node.required(inputs, 1, "B")
        try node.check(b.elementType, in: [.bool], "B")
        guard let shape = broadcastShapes([a.shape, b.shape]) else {
            throw node.error(.invalidModel, "shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        return [TensorType(.bool, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let a = node.tensor(inputs, 0), out = outputs[0]
        switch function {
        case .not:
            let x = a.pointer(Bool.self), y = out.pointer(Bool.self)
            for i in 0..<out.count { y[i] = !x[i] }
        case .and: broadcastBinary(BoolFunction { $0 && $1 }, a, node.tensor(inputs, 1), into: out)
        case .or: broadcastBinary(BoolFunction { $0 || $1 }, a, node.tensor(inputs, 1), into: out)
        case .xor: broadcastBinary(BoolFunction { $0 != $1 }, a, node.tensor(inputs, 1), into: out)
        }
    }
}

struct BoolFunction: BinaryFunctor {
    let function: (Bool, Bool) -> Bool
    func callAsFunction(_ a: Bool, _ b: Bool) -> Bool { function(a, b) }
}
