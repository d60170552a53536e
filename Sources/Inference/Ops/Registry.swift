/// Every operator of the default ONNX domain the engine runs, by `op_type`.
///
/// A model using another operator is refused at load time, naming the node and listing
/// these names.
public enum OperatorRegistry {
    /// The factories, by operator name.
    public static let factories: [String: OperatorFactory] = {
        var table: [String: OperatorFactory] = [
            // Element-wise arithmetic, comparison and logic with numpy broadcasting.
            "Add": { try Arithmetic($0, .add) },
            "Sub": { try Arithmetic($0, .sub) },
            "Mul": { try Arithmetic($0, .mul) },
            "Div": { try Arithmetic($0, .div) },
            "Mod": { try Arithmetic($0, .mod(fmod: false)) },
            "Pow": { try Arithmetic($0, .pow) },
            "Max": { try Variadic($0, .max) },
            "Min": { try Variadic($0, .min) },
            "Sum": { try Variadic($0, .sum) },
            "Mean": { try Variadic($0, .mean) },
            "Equal": { try Comparison($0, .equal) },
            "Less": { try Comparison($0, .less) },
            "Greater": { try Comparison($0, .greater) },
            "LessOrEqual": { try Comparison($0, .lessOrEqual) },
            "GreaterOrEqual": { try Comparison($0, .greaterOrEqual) },
            "And": { try Logical($0, .and) },
            "Or": { try Logical($0, .or) },
            "Xor": { try Logical($0, .xor) },
            "Not": { try Logical($0, .not) },
            "Where": { try Where($0) },
            // Activations and normalisation.
            "Clip": { try Clip($0) },
            "PRelu": { try PRelu($0) },
            "Softmax": { try Softmax($0, logarithm: false) },
            "LogSoftmax": { try Softmax($0, logarithm: true) },
            "LayerNormalization": { try LayerNormalization($0) },
            // Shapes and data movement.
            "Concat": { try Concat($0) },
            "Split": { try Split($0) },
            "Slice": { try SliceOperator($0) },
            "Pad": { try Pad($0) },
            "Reshape": { try Reshape($0) },
            "Flatten": { try Flatten($0) },
            "Squeeze": { try Squeeze($0, unsqueeze: false) },
            "Unsqueeze": { try Squeeze($0, unsqueeze: true) },
            "Transpose": { try Transpose($0) },
            "Expand": { try Expand($0) },
            "Tile": { try Tile($0) },
            "Gather": { try Gather($0) },
            "Shape": { try Shape($0, size: false) },
            "Size": { try Shape($0, size: true) },
            "Constant": { try Constant($0) },
            "ConstantOfShape": { try ConstantOfShape($0) },
            "Identity": { try Identity($0, dropout: false) },
            "Dropout": { try Identity($0, dropout: true) },
            "Cast": { try Cast($0) },
            "Range": { try RangeOperator($0) },
            "Resize": { try Resize($0, upsample: false) },
            "Upsample": { try Resize($0, upsample: true) },
            // Reductions.
            "ArgMax": { try ArgMax($0, minimum: false) },
            "ArgMin": { try ArgMax($0, minimum: true) },
            // Convolutions, products, normalisation and pooling.
            "Conv": { try Conv($0) },
            "ConvTranspose": { try ConvTranspose($0) },
            "Gemm": { try Gemm($0) },
            "MatMul": { try MatMul($0) },
            "BatchNormalization": { try BatchNormalization($0) },
            "MaxPool": { try MaxPool($0) },
            "AveragePool": { try AveragePool($0) },
            "GlobalAveragePool": { try GlobalAveragePool($0) },
            "GlobalMaxPool": { try GlobalMaxPool($0) },
        ]
        for name in Unary.names { table[name] = { try Unary($0) } }
        for function in Reduce.Function.allCases { table[function.rawValue] = { try Reduce($0, function) } }
        return table
    }()

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
