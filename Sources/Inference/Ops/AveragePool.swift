/// ONNX `AveragePool` (opsets 1–18) on float32 tensors with one to three spatial axes:
/// `kernel_shape`, `strides`, `pads`, `ceil_mode`, `auto_pad`, `count_include_pad`.
/// Without `count_include_pad` a window averages the input values it covers; with it,
/// padding counts as zeros up to the padded input's edge (not beyond, where `ceil_mode`
/// windows may reach).
struct AveragePool: Operator {
    let node: Node
    let window: WindowAttributes
    let ceilMode: Bool
    let countIncludePad: Bool

    init(_ node: Node) throws {
        try node.checkAttributes(WindowAttributes.names.subtracting(["dilations"]).union(["ceil_mode", "count_include_pad"]))
        window = try WindowAttributes(node)
        guard window.kernelShape != nil else { throw node.error(.invalidModel, "kernel_shape is required") }
        ceilMode = try node.int("ceil_mode", default: 0) != 0
        countIncludePad = try node.int("count_include_pad", default: 0) != 0
        self.node = node
    }

    func geometry(_ x: [Int]) throws -> WindowGeometry {
        let kernel = window.kernelShape!
        guard x.count == kernel.count + 2, (1...3).contains(kernel.count) else {
            throw node.error(.invalidModel, "input X has shape \(x); kernel_shape \(kernel) needs N×C and \(kernel.count) spatial axes (1 to 3)")
        }
        return try window.geometry(node: node, input: Array(x.dropFirst(2)), kernel: kernel, ceilMode: ceilMode)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard inputs.count == 1, let x = inputs[0] else { throw node.error(.invalidModel, "AveragePool needs one input X") }
        try requireFloat(x, "input X", node)
        return [TensorType(.float32, Array(x.shape.prefix(2)) + (try geometry(x.shape).outputExtents))]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = inputs[0]!
        let g = try geometry(x.shape)
        withExtendedLifetime((x, outputs)) {
            Pooling.run(x: x.floatPointer, y: outputs[0].mutableFloatPointer, planes: x.shape[0] * x.shape[1], g,
                        mode: .average(countIncludePad: countIncludePad))
        }
    }
}
