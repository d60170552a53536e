import PixelEngine

/// The plane reductions of GlobalAveragePool and GlobalMaxPool: `N×C×D1…` → `N×C×1…`.
enum GlobalPooling {
    /// Checks X (float, at least N×C) and gives the output type: the spatial axes become 1.
    static func infer(_ inputs: [ValueInfo?], _ node: Node) throws -> [TensorType] {
        guard inputs.count == 1, let x = inputs[0] else { throw node.error(.invalidModel, "\(node.opType) needs one input X") }
        try requireFloat(x, "input X", node)
        guard x.shape.count >= 2 else {
            throw node.error(.invalidModel, "input X has shape \(x.shape); \(node.opType) needs N×C×D1…")
        }
        return [TensorType(.float32, Array(x.shape.prefix(2)) + Array(repeating: 1, count: x.shape.count - 2))]
    }

    /// Reduces each plane of `x` to one value of `outputs[0]`.
    static func run(_ x: Tensor, _ y: Tensor, max: Bool) {
        let planes = x.shape[0] * x.shape[1]
        let size = x.shape.dropFirst(2).reduce(1, *)
        withExtendedLifetime((x, y)) {
            let src = x.floatPointer, dst = y.mutableFloatPointer
            parallelRows(planes, costPerRow: size) { range in
                for plane in range {
                    let p = UnsafeRawPointer(src + plane * size)
                    var i = 0
                    if max {
                        var acc = SIMD8<Float>(repeating: -.infinity)
                        var nan = false
                        while i &+ 8 <= size {
                            let v = p.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
                            acc = acc.replacing(with: v, where: v .> acc)
                            nan = nan || any(v .!= v)
                            i &+= 8
                        }
                        var best = acc.max()
                        while i < size {
                            let v = p.load(fromByteOffset: i &* 4, as: Float.self)
                            if v > best { best = v }
                            nan = nan || v.isNaN
                            i &+= 1
                        }
                        dst[plane] = nan ? .nan : best
                    } else {
                        var acc = SIMD8<Float>(repeating: 0)
                        while i &+ 8 <= size {
                            acc += p.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
                            i &+= 8
                        }
                        var sum = acc.sum()
                        while i < size {
                            sum += p.load(fromByteOffset: i &* 4, as: Float.self)
                            i &+= 1
                        }
                        dst[plane] = size > 0 ? sum / Float(size) : .nan
                    }
                }
            }
        }
    }
}
