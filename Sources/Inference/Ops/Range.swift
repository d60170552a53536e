/// Range: `start, start + delta, …` up to (excluding) `limit`, from three constant scalars
/// of one numeric type; `max(ceil((limit - start) / delta), 0)` elements.
struct RangeOperator: Operator {
    let node: Node

    init(_ node: Node) throws {
        try node.checkAttributes([])
        self.node = node
    }

    private func count(start: Double, limit: Double, delta: Double) throws -> Int {
        guard delta != 0 else { throw node.error(.invalidModel, "delta must not be 0") }
        let n = ((limit - start) / delta).rounded(.up)
        guard n < 1e12 else { throw node.error(.invalidModel, "the range \(start)..<\(limit) by \(delta) has too many elements") }
        return max(Int(n), 0)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let infos = try (0..<3).map { try node.required(inputs, $0, ["start", "limit", "delta"][$0]) }
        let type = infos[0].elementType
        try node.check(type, in: ElementType.numeric)
        var values: [Double] = []
        for (info, what) in zip(infos, ["start", "limit", "delta"]) {
            guard info.elementType == type, info.shape.reduce(1, *) == 1 else {
                throw node.error(.invalidModel, "\(what) must be a \(type) scalar, not \(info.elementType) \(info.shape)")
            }
            guard let value = info.constant?.doubles()?.first else {
                throw node.error(.invalidModel, "\(what) must be a constant to know the output length")
            }
            values.append(value)
        }
        return [TensorType(type, [try count(start: values[0], limit: values[1], delta: values[2])])]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let tensors = (0..<3).map { node.tensor(inputs, $0) }
        _ = try visitNumeric(outputs[0].elementType, Kernel(start: tensors[0], delta: tensors[2], out: outputs[0]))
    }

    private struct Kernel: NumericVisitor {
        let start: Tensor, delta: Tensor, out: Tensor
        func visit<T: NumericElement>(_: T.Type) {
            let s = start.pointer(T.self)[0], d = delta.pointer(T.self)[0]
            let p = out.pointer(T.self)
            var value = s
            // Accumulating like the reference (start + i * delta computed step by step).
            for i in 0..<out.count {
                p[i] = value
                value = T.add(value, d)
            }
        }
    }
}
