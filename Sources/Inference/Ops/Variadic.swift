/// Max, Min, Sum and Mean: one or more inputs of one numeric type combined element by
/// element with numpy broadcasting. Max and Min propagate NaN, as numpy's maximum does.
///
/// The output has the broadcast shape of all inputs; Mean divides the sum by the number
/// of inputs (integers truncate).
struct Variadic: Operator {
    enum Function: Sendable { case max, min, sum, mean }

    let node: Node
    let function: Function

    init(_ node: Node, _ function: Function) throws {
        try node.checkAttributes([])
        self.node = node
        self.function = function
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard !inputs.isEmpty else { throw node.error(.invalidModel, "needs at least one input") }
        let infos = try inputs.indices.map { try node.required(inputs, $0, "data_\($0)") }
        let type = infos[0].elementType
        try node.check(type, in: function == .sum || function == .mean ? ElementType.floats : ElementType.numeric)
        for info in infos where info.elementType != type {
            throw node.error(.invalidModel, "inputs mix \(type) and \(info.elementType)")
        }
        guard let shape = broadcastShapes(infos.map(\.shape)) else {
            throw node.error(.invalidModel, "shapes \(infos.map(\.shape)) do not broadcast")
        }
        return [TensorType(type, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let tensors = inputs.indices.map { node.tensor(inputs, $0) }
        let out = outputs[0]
        broadcastCopy(tensors[0], into: out)
        _ = try visitNumeric(out.elementType, Kernel(function: function, inputs: tensors, out: out))
    }

    private struct Kernel: NumericVisitor {
        let function: Function
        let inputs: [Tensor]
        let out: Tensor

        func visit<T: NumericElement>(_: T.Type) {
            // The output is its own first operand: each element is read, then written, at
            // the same offset, so accumulating in place is safe.
            for next in inputs.dropFirst() {
                switch function {
                case .max: broadcastBinary(Maximum<T>(), out, next, into: out)
                case .min: broadcastBinary(Minimum<T>(), out, next, into: out)
                case .sum, .mean: broadcastBinary(Add<T>(), out, next, into: out)
                }
            }
            if function == .mean && inputs.count > 1 {
                let p = out.pointer(T.self)
                let n = T(convertingDouble: Double(inputs.count))
                for i in 0..<out.count { p[i] = T.divide(p[i], n) }
            }
        }
    }
}

struct Maximum<T: NumericElement>: BinaryFunctor {
    func callAsFunction(_ a: T, _ b: T) -> T { a.isNaNValue || a > b ? a : b }
}
struct Minimum<T: NumericElement>: BinaryFunctor {
    func callAsFunction(_ a: T, _ b: T) -> T { a.isNaNValue || a < b ? a : b }
}
