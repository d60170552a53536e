import PixelEngine

/// ArgMax and ArgMin: the int64 index of the largest (smallest) element along `axis`; the
/// first such index, or the last with `select_last_index`. With `keepdims` (default 1)
/// the axis stays with extent 1. Every numeric type.
struct ArgMax: Operator {
    let node: Node
    let minimum: Bool
    let axis: Int
    let keepDims: Bool
    let selectLast: Bool

    init(_ node: Node, minimum: Bool) throws {
        try node.checkAttributes(["axis", "keepdims", "select_last_index"])
        self.node = node
        self.minimum = minimum
        axis = try node.int("axis", default: 0)
        keepDims = try node.int("keepdims", default: 1) != 0
        selectLast = try node.int("select_last_index", default: 0) != 0
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "data")
        try node.check(x.elementType, in: ElementType.numeric, "data")
        let a = try node.axis(axis, rank: x.shape.count)
        guard x.shape[a] > 0 else { throw node.error(.invalidModel, "cannot take the arg\(minimum ? "min" : "max") of the empty axis \(a)") }
        var shape = x.shape
        if keepDims { shape[a] = 1 } else { shape.remove(at: a) }
        return [TensorType(.int64, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0)
        let a = try node.axis(axis, rank: x.rank)
        _ = try visitNumeric(x.elementType, Kernel(x: x, out: outputs[0], outer: product(x.shape[..<a]), extent: x.shape[a],
                                                   inner: product(x.shape[(a + 1)...]), minimum: minimum, selectLast: selectLast))
    }

    /// Scans `extent` elements spaced `inner` apart for every (outer, inner) position; blocks
    /// of neighbouring inner positions are scanned together so reads are contiguous.
    private struct Kernel: NumericVisitor {
        let x: Tensor, out: Tensor
        let outer: Int, extent: Int, inner: Int
        let minimum: Bool, selectLast: Bool

        func visit<T: NumericElement>(_: T.Type) {
            guard out.count > 0 else { return }
            let px = x.pointer(T.self), po = out.pointer(Int64.self)
            let block = min(inner, 1024)
            let blocks = (inner + block - 1) / block
            let (extent, inner, minimum, selectLast) = (self.extent, self.inner, self.minimum, self.selectLast)
            parallelRows(outer * blocks, costPerRow: extent * block) { units in
                var best = [T](repeating: T.zeroValue, count: block)
                for unit in units {
                    let o = unit / blocks, start = (unit % blocks) * block
                    let width = min(block, inner - start)
                    let src = px + o * extent * inner + start, dst = po + o * inner + start
                    for j in 0..<width { best[j] = src[j]; dst[j] = 0 }
                    for k in 1..<max(extent, 1) {
                        let row = src + k * inner
                        for j in 0..<width {
                            let v = row[j]
                            let better = minimum ? (selectLast ? v <= best[j] : v < best[j])
                                                 : (selectLast ? v >= best[j] : v > best[j])
                            if better { best[j] = v; dst[j] = Int64(k) }
                        }
                    }
                }
            }
        }
    }
}
