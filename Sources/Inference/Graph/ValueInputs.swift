extension Graph {
    /// Operand positions whose *values* (not only shapes) decide an operator's output shape:
    /// a Reshape's target shape, a Slice's bounds, a Resize's scales or sizes.
    ///
    /// Exported vision networks compute these from constants, which shape inference folds.
    /// When a graph input feeds one directly (ONNX's node tests do this), a plan is made for
    /// the input's value as well as its shape.
    static let valueOperands: [String: Set<Int>] = [
        "Reshape": [1], "Expand": [1], "Tile": [1], "ConstantOfShape": [0], "Range": [0, 1, 2],
        "Pad": [1, 2, 3], "Slice": [1, 2, 3, 4], "Split": [1], "Squeeze": [1], "Unsqueeze": [1],
        "Resize": [1, 2, 3], "Upsample": [1], "TopK": [1], "OneHot": [1], "CenterCropPad": [1],
        "ReduceSum": [1], "ReduceMean": [1], "ReduceMax": [1], "ReduceMin": [1], "ReduceProd": [1],
        "ReduceL1": [1], "ReduceL2": [1], "ReduceLogSum": [1], "ReduceLogSumExp": [1], "ReduceSumSquare": [1],
    ]

    /// The graph inputs whose values decide output shapes (see ``valueOperands``).
    func valueDependentInputs() -> Set<String> {
        let inputNames = Set(inputs.map(\.name))
        var result = Set<String>()
        for node in nodes where node.domain.isEmpty {
            guard let positions = Self.valueOperands[node.opType] else { continue }
            for position in positions where position < node.inputs.count && inputNames.contains(node.inputs[position]) {
                result.insert(node.inputs[position])
            }
        }
        return result
    }
}
