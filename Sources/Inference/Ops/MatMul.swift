import PixelEngine

/// ONNX `MatMul` (opsets 1–18) on float32 tensors with numpy semantics: the last two axes
/// multiply, a 1-D operand is promoted to a row (A) or a column (B) and that axis dropped
/// from the result, and the leading (batch) axes broadcast.
struct MatMul: Operator {
    let node: Node

    init(_ node: Node) throws {
        try node.checkAttributes([])
        self.node = node
    }

    struct Plan {
        var m: Int, n: Int, k: Int
        var batch: [Int]
        var aBatch: [Int], bBatch: [Int]   // each padded to batch.count, 1 where broadcast
        var outputShape: [Int]
    }

    func plan(_ a: [Int], _ b: [Int]) throws -> Plan {
        guard !a.isEmpty, !b.isEmpty else { throw node.error(.invalidModel, "MatMul needs operands of rank ≥ 1, not scalars") }
        let a2 = a.count == 1 ? [1] + a : a, b2 = b.count == 1 ? b + [1] : b
        let m = a2[a2.count - 2], k = a2[a2.count - 1], kb = b2[b2.count - 2], n = b2[b2.count - 1]
        guard k == kb else {
            throw node.error(.invalidModel, "A \(a) and B \(b): A's last axis (\(k)) must equal B's second-last (\(kb))")
        }
        let ab = Array(a2.dropLast(2)), bb = Array(b2.dropLast(2))
        let rank = max(ab.count, bb.count)
        let ap = Array(repeating: 1, count: rank - ab.count) + ab, bp = Array(repeating: 1, count: rank - bb.count) + bb
        var batch: [Int] = []
        for i in 0..<rank {
            guard ap[i] == bp[i] || ap[i] == 1 || bp[i] == 1 else {
                throw node.error(.invalidModel, "A \(a) and B \(b): batch axes \(ab) and \(bb) do not broadcast")
            }
            batch.append(ap[i] == 1 ? bp[i] : ap[i])
        }
        var shape = batch
        if a.count > 1 { shape.append(m) }
        if b.count > 1 { shape.append(n) }
        return Plan(m: m, n: n, k: k, batch: batch, aBatch: ap, bBatch: bp, outputShape: shape)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard inputs.count == 2, let a = inputs[0], let b = inputs[1] else {
            throw node.error(.invalidModel, "MatMul needs inputs A and B")
        }
        try requireFloat(a, "input A", node)
        try requireFloat(b, "input B", node)
        return [TensorType(.float32, try plan(a.shape, b.shape).outputShape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let at = inputs[0]!, bt = inputs[1]!
        let p = try plan(at.shape, bt.shape)
        let m = p.m, n = p.n, k = p.k
        let count = p.batch.reduce(1, *)
        guard count > 0, m > 0, n > 0 else { return }
        withExtendedLifetime((inputs, outputs)) {
            let a = at.floatPointer, b = bt.floatPointer, y = outputs[0].mutableFloatPointer
            if p.bBatch.allSatisfy({ $0 == 1 }) && p.aBatch == p.batch {
                // A's batches are contiguous rows over one B: a single product.
                MatrixProduct.parallel(m: count * m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: y, ldc: n)
                return
            }
            let aStrides = Self.batchStrides(p.aBatch, matrix: m * k), bStrides = Self.batchStrides(p.bBatch, matrix: k * n)
            let batch = p.batch
            func offsets(_ index: Int) -> (Int, Int) {
                var rest = index, ao = 0, bo = 0
                for axis in stride(from: batch.count - 1, through: 0, by: -1) {
                    let i = rest % batch[axis]
                    rest /= batch[axis]
                    ao += i * aStrides[axis]
                    bo += i * bStrides[axis]
                }
                return (ao, bo)
            }
            if count == 1 {
                let (ao, bo) = offsets(0)
                MatrixProduct.parallel(m: m, n: n, k: k, a: a + ao, lda: k, b: b + bo, ldb: n, c: y, ldc: n)
                return
            }
            parallelRows(count, costPerRow: m * n * k) { range in
                for index in range {
                    let (ao, bo) = offsets(index)
                    MatrixProduct.serial(m: m, n: n, k: k, a: a + ao, lda: k, b: b + bo, ldb: n, c: y + index * m * n, ldc: n)
                }
            }
        }
    }

    /// Element strides of the batch axes of an operand (0 on broadcast axes).
    static func batchStrides(_ dims: [Int], matrix: Int) -> [Int] {
        var strides = [Int](repeating: 0, count: dims.count)
        var s = matrix
        for axis in stride(from: dims.count - 1, through: 0, by: -1) {
            strides[axis] = dims[axis] == 1 ? 0 : s
            s *= dims[axis]
        }
        return strides
    }
}
