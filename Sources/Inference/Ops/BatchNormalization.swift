import PixelEngine

/// ONNX `BatchNormalization` in inference mode (opsets 9–15) on float32 `N×C×D1…`:
/// `y = (x − mean) · scale / √(var + epsilon) + B` per channel. Training mode
/// (`training_mode = 1`, or the running-statistics outputs) is refused: this engine only
/// runs trained models. The graph passes usually fold this operator into the Conv before
/// it; this kernel covers the rest.
struct BatchNormalization: Operator {
    let node: Node
    let epsilon: Float

    init(_ node: Node) throws {
        try node.checkAttributes(["epsilon", "momentum", "training_mode"])
        epsilon = try node.float("epsilon", default: 1e-5)
        if try node.int("training_mode", default: 0) != 0 {
            throw node.error(.unsupportedAttribute, "training_mode 1 is not supported; export the model in eval mode (model.eval()) for inference")
        }
        if node.outputs.dropFirst().contains(where: { !$0.isEmpty }) {
            throw node.error(.unsupportedAttribute, "the running mean/variance outputs exist only in training mode, which is not supported; export the model in eval mode")
        }
        self.node = node
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard inputs.count == 5, let x = inputs[0] else {
            throw node.error(.invalidModel, "BatchNormalization needs five inputs: X, scale, B, input_mean, input_var")
        }
        try requireFloat(x, "input X", node)
        guard x.shape.count >= 2 else { throw node.error(.invalidModel, "input X has shape \(x.shape); it needs N×C…") }
        for (i, name) in ["scale", "B", "input_mean", "input_var"].enumerated() {
            guard let p = inputs[i + 1] else { throw node.error(.invalidModel, "input \(name) is missing") }
            try requireFloat(p, name, node)
            guard p.shape == [x.shape[1]] else {
                throw node.error(.invalidModel, "\(name) has shape \(p.shape); it must be [\(x.shape[1])], one value per channel")
            }
        }
        return [TensorType(.float32, x.shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = inputs[0]!
        let channels = x.shape[1], planes = x.shape[0] * channels
        let size = x.shape.dropFirst(2).reduce(1, *)
        let scale = inputs[1]!.floats, bias = inputs[2]!.floats, mean = inputs[3]!.floats, variance = inputs[4]!.floats
        var a = [Float](repeating: 0, count: channels), b = a
        for c in 0..<channels {
            a[c] = scale[c] / (variance[c] + epsilon).squareRoot()
            b[c] = bias[c] - mean[c] * a[c]
        }
        withExtendedLifetime((x, outputs)) {
            let src = x.floatPointer, dst = outputs[0].mutableFloatPointer
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    parallelRows(planes, costPerRow: size) { range in
                        for plane in range {
                            let c = plane % channels
                            let p = UnsafeRawPointer(src + plane * size), q = UnsafeMutableRawPointer(dst + plane * size)
                            let av = SIMD8<Float>(repeating: a[c]), bv = SIMD8<Float>(repeating: b[c])
                            var i = 0
                            while i &+ 8 <= size {
                                let v = p.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
                                q.storeBytes(of: v * av + bv, toByteOffset: i &* 4, as: SIMD8<Float>.self)
                                i &+= 8
                            }
                            while i < size {
                                q.storeBytes(of: p.load(fromByteOffset: i &* 4, as: Float.self) * a[c] + b[c],
                                             toByteOffset: i &* 4, as: Float.self)
                                i &+= 1
                            }
                        }
                    }
                }
            }
        }
    }
}
