import PixelEngine

/// Softmax and LogSoftmax of float tensors.
///
/// From opset 13 the normalisation runs along `axis` (default −1); before 13 the input is
/// seen as a matrix `[prod(shape[..<axis]), prod(shape[axis...])]` (default axis 1) and each
/// row is normalised. Computed as `exp(x - max)` so large inputs do not overflow.
struct Softmax: Operator {
    let node: Node
    let axis: Int
    let logarithm: Bool

    init(_ node: Node, logarithm: Bool) throws {
        try node.checkAttributes(["axis"])
        self.node = node
        self.logarithm = logarithm
        axis = try node.int("axis", default: node.opsetVersion >= 13 ? -1 : 1)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "input")
        try node.check(x.elementType, in: ElementType.floats)
        _ = try node.axis(axis, rank: x.shape.count)
        return [TensorType(x.elementType, x.shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0)
        let a = try node.axis(axis, rank: x.rank)
        let outer = product(x.shape[..<a])
        let extent: Int, inner: Int
        if node.opsetVersion >= 13 {
            extent = x.rank == 0 ? 1 : x.shape[a]
            inner = x.rank == 0 ? 1 : product(x.shape[(a + 1)...])
        } else {
            extent = product(x.shape[a...])
            inner = 1
        }
        _ = try visitFloat(x.elementType, Kernel(x: x, y: outputs[0], outer: outer, extent: extent, inner: inner, logarithm: logarithm))
    }

    /// Normalises `outer × inner` independent lines of `extent` elements spaced `inner` apart.
    /// Lines that share an outer index are processed together, a block of neighbours along
    /// the inner axis at a time, so the loops run over contiguous memory.
    private struct Kernel: FloatVisitor {
        let x: Tensor, y: Tensor
        let outer: Int, extent: Int, inner: Int
        let logarithm: Bool

        func visit<T: FloatElement>(_: T.Type) {
            guard x.count > 0 else { return }
            let px = x.pointer(T.self), py = y.pointer(T.self)
            let block = min(inner, 256)
            let blocks = (inner + block - 1) / block
            let (extent, inner, logarithm) = (self.extent, self.inner, self.logarithm)
            parallelRows(outer * blocks, costPerRow: extent * block * 20) { units in
                var maxima = [T](repeating: 0, count: block)
                var sums = [T](repeating: 0, count: block)
                for unit in units {
                    let o = unit / blocks, start = (unit % blocks) * block
                    let width = min(block, inner - start)
                    let base = o * extent * inner + start
                    let src = px + base, dst = py + base
                    for j in 0..<width { maxima[j] = -T.infinity; sums[j] = 0 }
                    for k in 0..<extent {
                        let row = src + k * inner
                        for j in 0..<width where row[j] > maxima[j] { maxima[j] = row[j] }
                    }
                    for k in 0..<extent {
                        let row = src + k * inner, out = dst + k * inner
                        for j in 0..<width {
                            let e = T.exp(row[j] - maxima[j])
                            out[j] = e
                            sums[j] += e
                        }
                    }
                    if logarithm {
                        for j in 0..<width { sums[j] = maxima[j] + T.log(sums[j]) }
                        for k in 0..<extent {
                            let row = src + k * inner, out = dst + k * inner
                            for j in 0..<width { out[j] = row[j] - sums[j] }
                        }
                    } else {
                        for j in 0..<width { sums[j] = 1 / sums[j] }
                        for k in 0..<extent {
                            let out = dst + k * inner
                            for j in 0..<width { out[j] *= sums[j] }
                        }
                    }
                }
            }
        }
    }
}
