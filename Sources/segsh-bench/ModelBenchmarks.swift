import Foundation
import Inference
import Synchronization

extension BenchRegistry {
    /// Whole ONNX networks on a 1×3×512×512 input, whatever `--size` says (compare with
    /// onnxruntime through `Scripts/bench-compare onnx`; see Scripts/bench/onnx.py).
    ///
    /// One case per export that exists, named `onnx_MODEL_EXPORT` with EXPORT `ts17`
    /// (TorchScript, opset 17) or `dynamo18` (dynamo, opset 18): the committed small networks
    /// (Tests/InferenceTests/Fixtures/models, `unet_small`, `lraspp_small`) and the big ones
    /// `Scripts/onnx-fixtures big` writes to `.build-onnx-models` (or `$SEGSH_ONNX_MODELS`):
    /// FCN-ResNet50, DeepLabV3-ResNet50, DeepLabV3-MobileNetV3, LR-ASPP-MobileNetV3, U-Net.
    /// Loading and planning happen in the warm-up run, outside the timing; each timed run is
    /// `plan.run` (its arena, every operator, the owned outputs). Median of at least 5 runs.
    static var networks: [BenchCase] {
        NetworkBench.models.map { model in
            BenchCase(name: model.caseName, minimumRuns: 5) { _ in try NetworkBench.shared.run(model) }
        }
    }
}

/// The model files and the cached plans of the whole-network cases.
final class NetworkBench: Sendable {
    static let shared = NetworkBench()
    /// Height and width of the benchmark input.
    static let side = 512
    static let exports = [("torchscript-opset17", "ts17"), ("dynamo-opset18", "dynamo18")]
    static let small = ["unet_small", "lraspp_small"]
    static let big = ["fcn_resnet50", "deeplabv3_resnet50", "deeplabv3_mobilenet_v3_large",
                      "lraspp_mobilenet_v3_large", "unet_full"]

    struct ModelFile: Sendable {
        let caseName: String
        let path: String
    }

    /// The exports present, small first (paths relative to the working directory, the
    /// package root when Scripts/bench-compare runs the benchmarks).
    static var models: [ModelFile] {
        let bigRoot = ProcessInfo.processInfo.environment["SEGSH_ONNX_MODELS"] ?? ".build-onnx-models"
        let folders = small.map { ($0, "Tests/InferenceTests/Fixtures/models/\($0)") } + big.map { ($0, "\(bigRoot)/\($0)") }
        return folders.flatMap { name, folder in
            exports.map { export, short in ModelFile(caseName: "onnx_\(name)_\(short)", path: "\(folder)/\(export).onnx") }
        }.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The benchmark input, the formula Scripts/bench/onnx.py uses too:
    /// `x[0, c, y, x] = sin(x / 37 + c) · cos(y / 29)`.
    static let input: Tensor = {
        var values = [Float](repeating: 0, count: 3 * side * side)
        for c in 0..<3 {
            for y in 0..<side {
                for x in 0..<side {
                    values[(c * side + y) * side + x] = Float(sin(Double(x) / 37 + Double(c)) * cos(Double(y) / 29))
                }
            }
        }
        return Tensor(shape: [1, 3, side, side], floats: values)
    }()

    private let plans = Mutex<[String: (plan: ExecutionPlan, input: String)]>([:])

    /// One run of `model` on the input; loads and plans it the first time.
    func run(_ model: ModelFile) throws -> [String: Tensor] {
        let prepared = try plans.withLock { plans in
            if let p = plans[model.path] { return p }
            let loaded = try Model.load(path: model.path)
            guard let input = loaded.inputs.first?.name else {
                throw InferenceError(.invalidModel, "\(model.path) has no input")
            }
            let p = (plan: try loaded.plan(inputShapes: [input: [1, 3, Self.side, Self.side]]), input: input)
            plans[model.path] = p
            return p
        }
        return try prepared.plan.run([prepared.input: Self.input])
    }
}
