import Foundation
@testable import Inference

/// Naive kernels for engine tests, independent of the real operator library: the engine's
/// passes and executor are tested against these, whose arithmetic is obvious.
enum TestOperators {
    static let factories: [String: OperatorFactory] = [
        "Add": { node in try node.checkAttributes([]); return NaiveAdd() },
        "Relu": { node in try node.checkAttributes([]); return NaiveUnary { max($0, 0) } },
        "Sigmoid": { node in try node.checkAttributes([]); return NaiveUnary { 1 / (1 + Float(Foundation.exp(Double(-$0)))) } },
        "Reshape": { node in try node.checkAttributes([]); return NaiveReshape() },
        "Conv": { node in try NaiveConv(node) },
        "BatchNormalization": { node in try NaiveBatchNorm(node) },
    ]
}


/// `a + b` for equal shapes, or `b` a one-element tensor.
struct NaiveAdd: Operator {
    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard let a = inputs[0], let b = inputs[1], a.shape == b.shape || b.shape.reduce(1, *) == 1 else {
            throw InferenceError(.invalidModel, "NaiveAdd: shapes do not match")
        }
        return [TensorType(.float32, a.shape)]
    }
    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let a = inputs[0]!.floats, b = inputs[1]!.floats
        outputs[0].withUnsafeMutableBufferPointer(of: Float.self) { out in
            for i in 0..<out.count { out[i] = a[i] + b[b.count == 1 ? 0 : i] }
        }
    }
}

/// An elementwise function.
struct NaiveUnary: Operator {
    let f: @Sendable (Float) -> Float
    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] { [TensorType(.float32, inputs[0]!.shape)] }
    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = inputs[0]!.floats
        outputs[0].withUnsafeMutableBufferPointer(of: Float.self) { out in
            for i in 0..<out.count { out[i] = f(x[i]) }
        }
    }
}

/// Reshape with a constant shape (no 0 or -1 handling beyond -1).
struct NaiveReshape: Operator {
    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard let shape = inputs[1]?.constant else { throw InferenceError(.invalidModel, "NaiveReshape: shape not constant") }
        var dims = shape.integers
        let count = inputs[0]!.shape.reduce(1, *)
        if let unknown = dims.firstIndex(of: -1) {
            dims[unknown] = count / dims.filter { $0 != -1 }.reduce(1, *)
        }
        return [TensorType(inputs[0]!.elementType, dims)]
    }
    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        outputs[0].storage.base.copyMemory(from: inputs[0]!.storage.base, byteCount: inputs[0]!.byteCount)
    }
}

/// A stride-1, unpadded, single-group 2-D convolution, with the fused activations the
/// activation-fusion pass adds (Relu, Sigmoid, Clip).
struct NaiveConv: Operator {
    let activation: String?
    let low: Float, high: Float

    init(_ node: Node) throws {
        try node.checkAttributes(["kernel_shape", "segsh.activation", "segsh.min", "segsh.max"])
        let activation = try node.string("segsh.activation", default: "")
        guard ["", "Relu", "Sigmoid", "Clip"].contains(activation) else {
            throw node.error(.unsupportedAttribute, "activation \(activation)")
        }
        self.activation = activation.isEmpty ? nil : activation
        low = try node.float("segsh.min", default: -.infinity)
        high = try node.float("segsh.max", default: .infinity)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = inputs[0]!.shape, w = inputs[1]!.shape
        return [TensorType(.float32, [x[0], w[0], x[2] - w[2] + 1, x[3] - w[3] + 1])]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = inputs[0]!, w = inputs[1]!
        let xs = x.floats, ws = w.floats
        let bias = inputs.count > 2 ? inputs[2]?.floats : nil
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (m, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let (oh, ow) = (h - kh + 1, wd - kw + 1)
        outputs[0].withUnsafeMutableBufferPointer(of: Float.self) { out in
            for b in 0..<n { for o in 0..<m { for y in 0..<oh { for xx in 0..<ow {
                var sum = bias?[o] ?? 0
                for i in 0..<c { for dy in 0..<kh { for dx in 0..<kw {
                    sum += xs[((b * c + i) * h + y + dy) * wd + xx + dx] * ws[((o * c + i) * kh + dy) * kw + dx]
                } } }
                switch activation {
                case "Relu"?: sum = max(sum, 0)
                case "Sigmoid"?: sum = 1 / (1 + Float(Foundation.exp(Double(-sum))))
                case "Clip"?: sum = min(max(sum, low), high)
                default: break
                }
                out[((b * m + o) * oh + y) * ow + xx] = sum
            } } } }
        }
    }
}


/// Inference-mode batch normalization over axis 1.
struct NaiveBatchNorm: Operator {
    let epsilon: Float
    init(_ node: Node) throws {
        try node.checkAttributes(["epsilon"])
        epsilon = try node.float("epsilon", default: 1e-5)
    }
    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] { [TensorType(.float32, inputs[0]!.shape)] }
    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = inputs[0]!
        let xs = x.floats
        let (scale, bias, mean, variance) = (inputs[1]!.floats, inputs[2]!.floats, inputs[3]!.floats, inputs[4]!.floats)
        let channels = x.shape[1], inner = x.shape.dropFirst(2).reduce(1, *)
        outputs[0].withUnsafeMutableBufferPointer(of: Float.self) { out in
            for i in 0..<xs.count {
                let ch = (i / inner) % channels
                out[i] = (xs[i] - mean[ch]) / (variance[ch] + epsilon).squareRoot() * scale[ch] + bias[ch]
            }
        }
    }
}
