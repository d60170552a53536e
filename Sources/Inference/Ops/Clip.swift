import PixelEngine

/// Clip: every element limited to `[min, max]`; before opset 11 the bounds are attributes,
/// from 11 optional scalar inputs. A missing bound does not limit; when min > max every
/// element becomes max. Any numeric type; NaN stays NaN.
struct Clip: Operator {
    let node: Node
    /// The attribute bounds of opsets before 11.
    let attributeBounds: (min: Float, max: Float)?

    init(_ node: Node) throws {
        self.node = node
        if node.opsetVersion < 11 {
            try node.checkAttributes(["min", "max"])
            attributeBounds = (try node.float("min", default: -.infinity), try node.float("max", default: .infinity))
        } else {
            try node.checkAttributes([])
            attributeBounds = nil
        }
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "input")
        try node.check(x.elementType, in: attributeBounds == nil ? ElementType.numeric : ElementType.floats, "input")
        for (index, what) in [(1, "min"), (2, "max")] where index < inputs.count {
            guard let bound = inputs[index] else { continue }
            guard bound.elementType == x.elementType, bound.shape.reduce(1, *) == 1 else {
                throw node.error(.invalidModel, "\(what) must be a one-element \(x.elementType) tensor, not \(bound.elementType) \(bound.shape)")
            }
        }
        return [TensorType(x.elementType, x.shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let kernel = Kernel(x: node.tensor(inputs, 0), low: node.optionalTensor(inputs, 1),
                            high: node.optionalTensor(inputs, 2), attributeBounds: attributeBounds, y: outputs[0])
        _ = try visitNumeric(kernel.x.elementType, kernel)
    }

    private struct Kernel: NumericVisitor {
        let x: Tensor, low: Tensor?, high: Tensor?
        let attributeBounds: (min: Float, max: Float)?
        let y: Tensor

        func visit<T: NumericElement>(_: T.Type) {
            var lo = low.map { $0.pointer(T.self)[0] } ?? T.lowest
            var hi = high.map { $0.pointer(T.self)[0] } ?? T.highest
            if let bounds = attributeBounds {
                lo = T(convertingDouble: Double(bounds.min))
                hi = T(convertingDouble: Double(bounds.max))
            }
            let px = x.pointer(T.self), py = y.pointer(T.self)
            parallelRows(x.count) { range in
                for i in range {
                    let v = px[i]
                    let raised = v < lo ? lo : v
                    py[i] = raised > hi ? hi : raised
                }
            }
        }
    }
}
