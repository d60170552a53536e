/// ONNX `Gemm` (opsets 11–18) on float32 matrices: `Y = alpha · A' · B' + beta · C`, where
/// `A'` is `A` or `Aᵀ` (`transA`), `B'` likewise, and the optional `C` broadcasts
/// (numpy-style, towards `Y`) to `M×N`.
struct Gemm: Operator {
    let node: Node
    let alpha: Float, beta: Float
    let transA: Bool, transB: Bool

    init(_ node: Node) throws {
        try node.checkAttributes(["alpha", "beta", "transA", "transB"])
        alpha = try node.float("alpha", default: 1)
        beta = try node.float("beta", default: 1)
        transA = try node.int("transA", default: 0) != 0
        transB = try node.int("transB", default: 0) != 0
        self.node = node
    }

    /// M, N, K from the shapes, checked.
    func sizes(_ a: [Int], _ b: [Int], _ c: [Int]?) throws -> (m: Int, n: Int, k: Int) {
        guard a.count == 2, b.count == 2 else {
            throw node.error(.invalidModel, "A \(a) and B \(b) must both be matrices")
        }
        let m = transA ? a[1] : a[0], k = transA ? a[0] : a[1]
        let kb = transB ? b[1] : b[0], n = transB ? b[0] : b[1]
        guard k == kb else {
            throw node.error(.invalidModel, "A' is \(m)×\(k) but B' is \(kb)×\(n): the inner sizes differ (check transA/transB)")
        }
        if let c {
            let padded = Array(repeating: 1, count: max(0, 2 - c.count)) + c
            guard c.count <= 2, padded[0] == 1 || padded[0] == m, padded[1] == 1 || padded[1] == n else {
                throw node.error(.invalidModel, "C has shape \(c), which does not broadcast to \(m)×\(n)")
            }
        }
        return (m, n, k)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard (2...3).contains(inputs.count), let a = inputs[0], let b = inputs[1] else {
            throw node.error(.invalidModel, "Gemm needs inputs A and B (and an optional C)")
        }
        try requireFloat(a, "input A", node)
        try requireFloat(b, "input B", node)
        let c = inputs.count > 2 ? inputs[2] : nil
        if let c { try requireFloat(c, "input C", node) }
        let (m, n, _) = try sizes(a.shape, b.shape, c?.shape)
        return [TensorType(.float32, [m, n])]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let a = inputs[0]!, b = inputs[1]!
        let c = inputs.count > 2 ? inputs[2] : nil
        let (m, n, k) = try sizes(a.shape, b.shape, c?.shape)
        withExtendedLifetime((inputs, outputs)) {
            let y = outputs[0].mutableFloatPointer
            var gemmBeta: Float = 0
            if let c, beta != 0 {
                let cs = Array(repeating: 1, count: 2 - c.shape.count) + c.shape
                let cp = c.floatPointer
                let rowStep = cs[0] == 1 ? 0 : cs[1], colStep = cs[1] == 1 ? 0 : 1
                for i in 0..<m {
                    for j in 0..<n { y[i * n + j] = beta * cp[i * rowStep + j * colStep] }
                }
                gemmBeta = 1
            }
            MatrixProduct.parallel(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                          a: a.floatPointer, lda: a.shape[1], b: b.floatPointer, ldb: b.shape[1],
                          beta: gemmBeta, c: y, ldc: n)
        }
    }
}
