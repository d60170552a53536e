/// Where: `condition ? X : Y` element by element, the three inputs broadcast together (numpy
/// rules); X and Y share any element type, which the output has.
struct Where: Operator {
    let node: Node

    init(_ node: Node) throws {
        try node.checkAttributes([])
        self.node = node
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let c = try node.required(inputs, 0, "condition")
        let x = try node.required(inputs, 1, "X"), y = try node.required(inputs, 2, "Y")
        try node.check(c.elementType, in: [.bool], "condition")
        guard x.elementType == y.elementType else {
            throw node.error(.invalidModel, "X is \(x.elementType) but Y is \(y.elementType); both must have the same type")
        }
        guard let shape = broadcastShapes([c.shape, x.shape, y.shape]) else {
            throw node.error(.invalidModel, "shapes \(c.shape), \(x.shape) and \(y.shape) do not broadcast")
        }
        return [TensorType(x.elementType, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let c = node.tensor(inputs, 0), x = node.tensor(inputs, 1), y = node.tensor(inputs, 2)
        switch x.elementType.byteSize {
        case 1: select(c, x, y, outputs[0], UInt8.self)
        case 2: select(c, x, y, outputs[0], UInt16.self)
        case 4: select(c, x, y, outputs[0], UInt32.self)
        default: select(c, x, y, outputs[0], UInt64.self)
        }
    }

    private func select<T>(_ c: Tensor, _ x: Tensor, _ y: Tensor, _ out: Tensor, _: T.Type) {
        let plan = BroadcastPlan(output: out.shape, operands: [c.shape, x.shape, y.shape])
        let pc = c.rawPointer(as: Bool.self), px = x.rawPointer(as: T.self), py = y.rawPointer(as: T.self)
        let po = out.rawPointer(as: T.self)
        let sc = plan.innerStride(0), sx = plan.innerStride(1), sy = plan.innerStride(2)
        plan.forEachRun { offsets, outOffset, n in
            let cc = pc + offsets.a, xx = px + offsets.b, yy = py + offsets.c, z = po + outOffset
            if sc == 1 && sx == 1 && sy == 1 {
                for i in 0..<n { z[i] = cc[i] ? xx[i] : yy[i] }
            } else {
                for i in 0..<n { z[i] = cc[i &* sc] ? xx[i &* sx] : yy[i &* sy] }
            }
        }
    }
}
