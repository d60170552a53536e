/// Every operator of the default ONNX domain the engine runs, by `op_type`.
///
/// A model using another operator is refused at load time, naming the node and listing
/// these names.
public enum OperatorRegistry {
    /// The factories, by operator name.
    public static let factories: [String: OperatorFactory] = [
        // Compute-heavy operators (convops).
        "AveragePool": { try AveragePool($0) },
        "BatchNormalization": { try BatchNormalization($0) },
        "Conv": { try Conv($0) },
        "ConvTranspose": { try ConvTranspose($0) },
        "Gemm": { try Gemm($0) },
        "GlobalAveragePool": { try GlobalAveragePool($0) },
        "GlobalMaxPool": { try GlobalMaxPool($0) },
        "MatMul": { try MatMul($0) },
        "MaxPool": { try MaxPool($0) },
    ]

    /// The operator names, sorted.
    public static var supported: [String] { factories.keys.sorted() }

    /// The kernel for `node`, or a typed error naming the node and the supported operators.
    public static func make(_ node: Node) throws -> any Operator {
        guard node.domain.isEmpty || node.domain == "ai.onnx" else {
            throw node.error(.unsupportedOperator, "the domain '\(node.domain)' is not supported; only the default ONNX domain is")
        }
        guard let factory = factories[node.opType] else {
            throw node.error(.unsupportedOperator, "the operator '\(node.opType)' is not supported; supported: \(supported.joined(separator: ", "))")
        }
        return try factory(node)
    }
}
