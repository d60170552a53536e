/// Estimates of arithmetic work, for summaries: multiply-adds × 2 of the operators that
/// dominate vision networks (Conv, ConvTranspose, Gemm, MatMul); others count as zero.
enum CostModel {
    /// The FLOPs of `node` given the shapes of its inputs and outputs.
    static func flops(_ node: Node, inputs: [ValueInfo?], outputs: [TensorType]) -> Int {
        guard node.domain.isEmpty, let out = outputs.first else { return 0 }
        let outCount = out.shape.reduce(1, *)
        func shape(_ i: Int) -> [Int]? { i < inputs.count ? inputs[i]?.shape : nil }
        switch node.opType {
        case "Conv":
            guard let w = shape(1), w.count >= 2 else { return 0 }
            return 2 * outCount * w.dropFirst().reduce(1, *)
        case "ConvTranspose":
            guard let x = shape(0), let w = shape(1), w.count >= 2 else { return 0 }
            return 2 * x.reduce(1, *) * w.dropFirst().reduce(1, *)
        case "Gemm":
            guard let a = shape(0), a.count == 2 else { return 0 }
            let transA = (try? node.int("transA", default: 0)) ?? 0
            return 2 * outCount * (transA != 0 ? a[0] : a[1])
        case "MatMul":
            guard let a = shape(0), let k = a.last else { return 0 }
            return 2 * outCount * k
        default:
            return 0
        }
    }
}
