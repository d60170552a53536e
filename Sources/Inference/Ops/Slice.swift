/// Slice: a strided window of the input. `starts`, `ends`, `axes` (default all) and `steps`
/// (default 1) are attributes before opset 10 and inputs from 10. Negative starts/ends count
/// from the end of the axis, values beyond the axis are clamped, and a negative step walks
/// backwards (numpy semantics).
struct SliceOperator: Operator {
    let node: Node
    /// starts, ends, axes of the attribute form (opset < 10).
    let attributeParameters: (starts: [Int], ends: [Int], axes: [Int]?)?

    init(_ node: Node) throws {
        self.node = node
        if node.opsetVersion < 10 {
            try node.checkAttributes(["starts", "ends", "axes"])
            guard let starts = try node.ints("starts"), let ends = try node.ints("ends") else {
                throw node.error(.invalidModel, "the attributes 'starts' and 'ends' are required")
            }
            attributeParameters = (starts, ends, try node.ints("axes"))
        } else {
            try node.checkAttributes([])
            attributeParameters = nil
        }
    }

    /// Per input axis: the first index, the step and the number of elements taken.
    private func window(shape: [Int], starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?) throws -> [(start: Int, step: Int, count: Int)] {
        let rank = shape.count
        let axes = try node.axes(axes ?? Array(0..<starts.count), rank: rank)
        let steps = steps ?? [Int](repeating: 1, count: starts.count)
        guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count else {
            throw node.error(.invalidModel, "starts \(starts), ends \(ends), axes \(axes) and steps \(steps) must have the same length")
        }
        var result = shape.map { (start: 0, step: 1, count: $0) }
        for (i, axis) in axes.enumerated() {
            let dim = shape[axis], step = steps[i]
            guard step != 0 else { throw node.error(.invalidModel, "steps must not be 0 (axis \(axis))") }
            var start = starts[i], end = ends[i]
            if start < 0 { start = start.addingReportingOverflow(dim).partialValue }
            if end < 0 { end = end.addingReportingOverflow(dim).partialValue }
            let count: Int
            if step > 0 {
                start = min(max(start, 0), dim)
                end = min(max(end, 0), dim)
                count = end > start ? (end - start + step - 1) / step : 0
            } else {
                start = min(max(start, 0), dim - 1)
                end = min(max(end, -1), dim - 1)
                count = start > end ? (start - end - step - 1) / -step : 0
            }
            result[axis] = (max(start, 0), step, count)
        }
        return result
    }

    private func window(_ inputs: [ValueInfo?]) throws -> (ValueInfo, [(start: Int, step: Int, count: Int)]) {
        let x = try node.required(inputs, 0, "data")
        if let p = attributeParameters {
            return (x, try window(shape: x.shape, starts: p.starts, ends: p.ends, axes: p.axes, steps: nil))
        }
        guard let starts = try node.constantIntegers(inputs, 1, "starts"),
              let ends = try node.constantIntegers(inputs, 2, "ends") else {
            throw node.error(.invalidModel, "the inputs 'starts' and 'ends' are required")
        }
        return (x, try window(shape: x.shape, starts: starts, ends: ends,
                              axes: try node.constantIntegers(inputs, 3, "axes"),
                              steps: try node.constantIntegers(inputs, 4, "steps")))
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let (x, w) = try window(inputs)
        return [TensorType(x.elementType, w.map(\.count))]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0)
        let w: [(start: Int, step: Int, count: Int)]
        if let p = attributeParameters {
            w = try window(shape: x.shape, starts: p.starts, ends: p.ends, axes: p.axes, steps: nil)
        } else {
            w = try window(shape: x.shape, starts: node.integers(inputs, 1) ?? [], ends: node.integers(inputs, 2) ?? [],
                           axes: node.integers(inputs, 3), steps: node.integers(inputs, 4))
        }
        let strides = contiguousStrides(x.shape)
        let out = outputs[0]
        guard out.count > 0 else { return }
        let base = zip(w, strides).reduce(0) { $0 + $1.0.start * $1.1 }
        let plan = BroadcastPlan(output: out.shape, strides: [zip(w, strides).map { $0.step * $1 }])
        stridedCopy(x, base: base, plan: plan, into: out)
    }
}
