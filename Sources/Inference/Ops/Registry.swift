/// Every operator of the default ONNX domain the engine runs, by `op_type`.
///
/// A model using another operator is refused at load time, naming the node and listing
/// these names.
public enum OperatorRegistry {
    /// The factories, by operator name.
    public static let factories: [String: OperatorFactory] = [:]

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
