import Foundation
import Inference
import Synchronization

/// One operator layer at the shapes of the networks issue #14 targets at a 1×3×512×512
/// input: MobileNetV3 (LR-ASPP, DeepLabV3), ResNet-50 (FCN, DeepLabV3) and a U-Net.
/// `Scripts/bench-conv-layers` times the same layers in onnxruntime (2 threads).
struct LayerBench: Sendable {
    let name: String
    let opType: String
    let attributes: [String: Attribute]
    /// Input shapes: X first, then weights (Conv: W and B).
    let shapes: [[Int]]

    static func conv(_ name: String, _ c: Int, _ m: Int, _ hw: Int, k: Int, s: Int = 1, d: Int = 1, group: Int = 1,
                     activation: String? = nil) -> LayerBench {
        var a: [String: Attribute] = ["kernel_shape": .ints([k, k]), "strides": .ints([s, s]), "dilations": .ints([d, d]),
                                      "pads": .ints(Array(repeating: (k - 1) * d / 2, count: 4)), "group": .int(group)]
        if let activation { a["segsh.activation"] = .string(activation) }
        return LayerBench(name: name, opType: "Conv", attributes: a, shapes: [[1, c, hw, hw], [m, c / group, k, k], [m]])
    }

    /// The layers, named as in `Scripts/bench-conv-layers`.
    static let all: [LayerBench] = [
        conv("mnv3_stem_3x3s2_3-16_512", 3, 16, 512, k: 3, s: 2, activation: "HardSwish"),
        conv("mnv3_dw3x3_16_256", 16, 16, 256, k: 3, group: 16, activation: "Relu"),
        conv("mnv3_pw_16-64_256", 16, 64, 256, k: 1, activation: "Relu"),
        conv("mnv3_dw3x3s2_64_256", 64, 64, 256, k: 3, s: 2, group: 64, activation: "Relu"),
        conv("mnv3_pw_64-24_128", 64, 24, 128, k: 1),
        conv("mnv3_pw_24-72_128", 24, 72, 128, k: 1, activation: "Relu"),
        conv("mnv3_dw3x3_72_128", 72, 72, 128, k: 3, group: 72, activation: "Relu"),
        conv("mnv3_dw5x5s2_72_128", 72, 72, 128, k: 5, s: 2, group: 72, activation: "Relu"),
        conv("mnv3_dw5x5_120_64", 120, 120, 64, k: 5, group: 120, activation: "Relu"),
        conv("mnv3_pw_40-240_64", 40, 240, 64, k: 1, activation: "HardSwish"),
        conv("mnv3_dw3x3s2_240_64", 240, 240, 64, k: 3, s: 2, group: 240, activation: "HardSwish"),
        conv("mnv3_dw3x3_480_32", 480, 480, 32, k: 3, group: 480, activation: "HardSwish"),
        conv("mnv3_dw5x5d2_960_32", 960, 960, 32, k: 5, d: 2, group: 960, activation: "HardSwish"),
        conv("mnv3_pw_160-960_32", 160, 960, 32, k: 1, activation: "HardSwish"),
        conv("resnet_stem_7x7s2_3-64_512", 3, 64, 512, k: 7, s: 2, activation: "Relu"),
        conv("resnet_3x3_64_128", 64, 64, 128, k: 3, activation: "Relu"),
        conv("resnet_3x3s2_128_128", 128, 128, 128, k: 3, s: 2, activation: "Relu"),
        conv("resnet_3x3d2_256_64", 256, 256, 64, k: 3, d: 2, activation: "Relu"),
        conv("resnet_3x3d4_512_64", 512, 512, 64, k: 3, d: 4, activation: "Relu"),
        conv("resnet_pw_256-64_128", 256, 64, 128, k: 1, activation: "Relu"),
        conv("resnet_pw_512-2048_64", 512, 2048, 64, k: 1),
        conv("aspp_3x3d12_2048-256_64", 2048, 256, 64, k: 3, d: 12, activation: "Relu"),
        conv("unet_3x3_64_512", 64, 64, 512, k: 3, activation: "Relu"),
        conv("unet_3x3_128_256", 128, 128, 256, k: 3, activation: "Relu"),
        LayerBench(name: "unet_convT2x2s2_128-64_256", opType: "ConvTranspose",
                   attributes: ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])],
                   shapes: [[1, 128, 256, 256], [128, 64, 2, 2], [64]]),
        LayerBench(name: "resnet_maxpool3x3s2_64_256", opType: "MaxPool",
                   attributes: ["kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "pads": .ints([1, 1, 1, 1])],
                   shapes: [[1, 64, 256, 256]]),
    ]

    /// The operator and its tensors, made on the first run and kept (filtered-out layers
    /// allocate nothing).
    final class Prepared: Sendable {
        let state = Mutex<(op: any Operator, inputs: [Tensor?], outputs: [Tensor])?>(nil)
    }

    func run(_ prepared: Prepared) throws -> Any {
        let (op, inputs, outputs) = try prepared.state.withLock { state in
            if let state { return state }
            let node = Node(name: name, opType: opType, opsetVersion: 17,
                            inputs: shapes.indices.map { "x\($0)" }, outputs: ["y"], attributes: attributes)
            let op = try OperatorRegistry.make(node)
            var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
            let inputs: [Tensor?] = shapes.map { shape in
                let count = shape.reduce(1, *)
                return Tensor(shape: shape, floats: (0..<count).map { _ in
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    return Float(Int32(truncatingIfNeeded: seed >> 33)) / Float(Int32.max) * 0.5
                })
            }
            let types = try op.infer(inputs.map { $0.map { ValueInfo($0.elementType, shape: $0.shape, constant: nil) } })
            let made = (op: op, inputs: inputs, outputs: types.map { Tensor(zeros: $0.elementType, shape: $0.shape) })
            state = made
            return made
        }
        try op.run(inputs, outputs, ExecutionContext())
        return outputs[0].shape
    }
}

extension BenchRegistry {
    /// Single operator layers (`layer_…`); the input size option does not apply to them.
    static let inference: [BenchCase] = LayerBench.all.map { layer in
        let prepared = LayerBench.Prepared()
        return BenchCase(name: "layer_\(layer.name)") { _ in try layer.run(prepared) }
    }
}
