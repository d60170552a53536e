import PixelEngine

/// Pad: grows (or, with negative pads, crops) each axis. `pads` lists the begin amounts of
/// every padded axis, then the end amounts. Before opset 11 pads and the constant `value`
/// are attributes; from 11 they are inputs, and from 18 an `axes` input says which axes the
/// pads refer to. Modes: `constant` (the value, default 0), `reflect` (mirror without
/// repeating the edge), `edge` (repeat the edge), `wrap` (periodic).
struct Pad: Operator {
    enum Mode: String, Sendable { case constant, reflect, edge, wrap }

    let node: Node
    let mode: Mode
    /// pads and value of the attribute form (opset < 11).
    let attributePads: [Int]?
    let attributeValue: Float

    init(_ node: Node) throws {
        self.node = node
        try node.checkAttributes(node.opsetVersion < 11 ? ["mode", "pads", "value"] : ["mode"])
        let name = try node.string("mode", default: "constant")
        guard let mode = Mode(rawValue: name) else {
            throw node.error(.unsupportedAttribute, "mode '\(name)' is not supported (supported: constant, reflect, edge, wrap)")
        }
        self.mode = mode
        if node.opsetVersion < 11 {
            guard let pads = try node.ints("pads") else { throw node.error(.invalidModel, "the attribute 'pads' is required") }
            attributePads = pads
        } else {
            attributePads = nil
        }
        attributeValue = try node.float("value", default: 0)
    }

    /// Begin and end amounts per axis.
    private func amounts(rank: Int, pads: [Int]?, axes: [Int]?) throws -> (begin: [Int], end: [Int]) {
        guard let pads else { throw node.error(.invalidModel, "the input 'pads' is required") }
        let axes = try node.axes(axes ?? Array(0..<rank), rank: rank)
        guard pads.count == 2 * axes.count else {
            throw node.error(.invalidModel, "pads \(pads) must have \(2 * axes.count) values (begin and end of \(axes.count) axes)")
        }
        var begin = [Int](repeating: 0, count: rank), end = begin
        for (i, axis) in axes.enumerated() {
            begin[axis] = pads[i]
            end[axis] = pads[axes.count + i]
        }
        return (begin, end)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "data")
        let (begin, end) = try amounts(rank: x.shape.count,
                                       pads: try attributePads ?? node.constantIntegers(inputs, 1, "pads"),
                                       axes: try node.constantIntegers(inputs, 3, "axes"))
        var shape = x.shape
        for d in 0..<shape.count {
            shape[d] += begin[d] + end[d]
            guard shape[d] >= 0 else {
                throw node.error(.invalidModel, "pads \(begin[d]), \(end[d]) crop more than the \(x.shape[d]) elements of axis \(d)")
            }
            if mode != .constant && x.shape[d] == 0 && shape[d] > 0 {
                throw node.error(.invalidModel, "\(mode.rawValue) padding cannot grow the empty axis \(d)")
            }
        }
        if 2 < inputs.count, let value = inputs[2], value.elementType != x.elementType {
            throw node.error(.invalidModel, "constant_value is \(value.elementType) but data is \(x.elementType)")
        }
        return [TensorType(x.elementType, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0), out = outputs[0]
        let (begin, _) = try amounts(rank: x.rank, pads: attributePads ?? node.integers(inputs, 1), axes: node.integers(inputs, 3))
        // The constant as the output's bytes: a one-element tensor filled with the value.
        let constant = Tensor(zeros: x.elementType, shape: [])
        if let value = node.optionalTensor(inputs, 2), value.count > 0 {
            constant.storage.base.copyMemory(from: value.storage.base, byteCount: x.elementType.byteSize)
        } else {
            fill(constant, with: Double(attributeValue))
        }
        // For each output axis, the input index each output index reads, or -1 for the constant.
        let maps: [[Int]] = (0..<out.rank).map { d in
            let n = x.shape[d]
            return (0..<out.shape[d]).map { o in
                let i = o - begin[d]
                if i >= 0 && i < n { return i }
                switch mode {
                case .constant: return -1
                case .edge: return i < 0 ? 0 : n - 1
                case .wrap: return ((i % n) + n) % n
                case .reflect:
                    if n == 1 { return 0 }
                    let period = 2 * (n - 1)
                    let r = ((i % period) + period) % period
                    return r < n ? r : period - r
                }
            }
        }
        switch x.elementType.byteSize {
        case 1: pad(x, out, maps, constant, UInt8.self)
        case 2: pad(x, out, maps, constant, UInt16.self)
        case 4: pad(x, out, maps, constant, UInt32.self)
        default: pad(x, out, maps, constant, UInt64.self)
        }
    }

    private func pad<T>(_ x: Tensor, _ out: Tensor, _ maps: [[Int]], _ constant: Tensor, _: T.Type) {
        guard out.count > 0 else { return }
        let value = constant.rawPointer(as: T.self)[0]
        let src = x.rawPointer(as: T.self), dst = out.rawPointer(as: T.self)
        let rank = out.rank
        if rank == 0 {
            dst[0] = src[0]
            return
        }
        let width = out.shape[rank - 1]
        let rows = out.count / width
        let strides = contiguousStrides(x.shape)
        let inner = maps[rank - 1]
        parallelRows(rows, costPerRow: width) { range in
            for row in range {
                // The input row this output row reads, or nil for a constant row.
                var rest = row, offset = 0, inside = true
                for d in stride(from: rank - 2, through: 0, by: -1) {
                    let o = rest % out.shape[d]
                    rest /= out.shape[d]
                    let i = maps[d][o]
                    if i < 0 { inside = false; break }
                    offset += i * strides[d]
                }
                let line = dst + row * width
                guard inside else {
                    line.update(repeating: value, count: width)
                    continue
                }
                let source = src + offset
                for o in 0..<width {
                    let i = inner[o]
                    line[o] = i < 0 ? value : source[i]
                }
            }
        }
    }
}
