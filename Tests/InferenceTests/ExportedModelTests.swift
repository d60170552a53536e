import Foundation
import Inference
import Testing
import TestSupport

/// Networks exported by PyTorch, run by the engine and compared with onnxruntime's outputs
/// recorded by `Scripts/onnx-fixtures` (issue #14's acceptance criteria): every output
/// element within 1e-4, and the argmax over the class axis equal on at least 99.99 % of
/// the pixels.
///
/// The small networks are committed (`Fixtures/models/`) and always run; the big ones
/// (torchvision's FCN/DeepLabV3/LR-ASPP and a full-width U-Net, 1×3×224×224) live in
/// `.build-onnx-models/` at the package root (or `$SEGSH_ONNX_MODELS`) and run when
/// `Scripts/onnx-fixtures big` has written them.
@Suite("Exported models")
struct ExportedModelTests {
    static let exports = ["torchscript-opset17", "dynamo-opset18"]
    static let smallModels = ["unet_small", "lraspp_small"]
    static let bigModels = ["fcn_resnet50", "deeplabv3_resnet50", "deeplabv3_mobilenet_v3_large",
                            "lraspp_mobilenet_v3_large", "unet_full"]

    static let small: [ExportedModel] = smallModels.flatMap { name in
        exports.map { ExportedModel(folder: FixtureFolder(bundle: .module).path("models/\(name)"), name: name, export: $0) }
    }

    /// The big exports whose files exist.
    static let big: [ExportedModel] = {
        let root = ProcessInfo.processInfo.environment["SEGSH_ONNX_MODELS"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build-onnx-models").path
        return bigModels.flatMap { name in
            exports.map { ExportedModel(folder: "\(root)/\(name)", name: name, export: $0) }
        }.filter { FileManager.default.fileExists(atPath: $0.modelPath) }
    }()

    @Test("small networks match onnxruntime", arguments: small)
    func smallNetwork(_ exported: ExportedModel) throws {
        try exported.expectMatchesOnnxruntime(case: "")
    }

    @Test("small networks match onnxruntime on a second, non-square size", arguments: small)
    func smallNetworkOtherSize(_ exported: ExportedModel) throws {
        try exported.expectMatchesOnnxruntime(case: "wide.")
    }

    @Test("the reader exposes names, symbolic sizes and metadata", arguments: small)
    func description(_ exported: ExportedModel) throws {
        let model = try Model.load(path: exported.modelPath)
        #expect(model.inputs.map(\.name) == ["input"])
        #expect(model.outputs.map(\.name) == ["out"])
        let dimensions = try #require(model.inputs.first?.dimensions)
        #expect(dimensions.count == 4)
        #expect(Array(dimensions.prefix(2)) == [.fixed(1), .fixed(3)])
        #expect(dimensions.suffix(2).allSatisfy { if case .symbolic = $0 { true } else { false } },
                "height and width should be symbolic: \(dimensions)")
        #expect(model.metadata["segsh.model"] == exported.name)
        #expect(model.metadata["segsh.export"] == exported.export)
    }

    @Test("big networks match onnxruntime", .enabled(if: !big.isEmpty, "run Scripts/onnx-fixtures big first"),
          .serialized, arguments: big)
    func bigNetwork(_ exported: ExportedModel) throws {
        try exported.expectMatchesOnnxruntime(case: "")
    }
}

/// One export of one network in its fixture folder.
struct ExportedModel: Sendable, CustomTestStringConvertible {
    /// The folder holding `EXPORT.onnx`, `input.npy` and `EXPORT.OUTPUT.npy`.
    let folder: String
    let name: String
    let export: String

    var modelPath: String { "\(folder)/\(export).onnx" }
    var testDescription: String { "\(name) \(export)" }

    /// The largest tolerated |segsh − onnxruntime| of any output element.
    static let tolerance: Float = 1e-4
    /// The smallest tolerated fraction of pixels whose class (argmax over axis 1) agrees.
    static let argmaxAgreement = 0.9999

    /// Loads the export, runs it on `CASEinput.npy` and compares every output with
    /// `CASEEXPORT.OUTPUT.npy`; prints the worst error.
    func expectMatchesOnnxruntime(case prefix: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let model = try Model.load(path: modelPath)
        let input = try NPYArray(data: Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(prefix)input.npy")))
        let plan = try model.plan(inputShapes: ["input": input.shape])
        let results = try plan.run(["input": Tensor(shape: input.shape, floats: input.floats)])
        #expect(Set(results.keys) == Set(model.outputs.map(\.name)), sourceLocation: sourceLocation)
        for output in model.outputs {
            let expected = try NPYArray(data: Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(prefix)\(export).\(output.name).npy")))
            let actual = try #require(results[output.name], "\(self): no output '\(output.name)'", sourceLocation: sourceLocation)
            try #require(actual.shape == expected.shape,
                         "\(self) \(output.name): shape \(actual.shape), onnxruntime \(expected.shape)", sourceLocation: sourceLocation)
            let comparison = OutputComparison(actual: actual.floats, expected: expected.floats, shape: expected.shape)
            print("""
                \(self) \(prefix)\(output.name) \(expected.shape): max |segsh − onnxruntime| \(comparison.maxError) \
                at \(comparison.worstIndex), argmax equal on \(String(format: "%.4f", comparison.argmaxAgreement * 100)) % \
                of \(comparison.pixels) pixels; planned peak \(plan.plannedPeakBytes / 1024) KiB, \
                \(String(format: "%.2f", Double(plan.flops) / 1e9)) GFLOP
                """)
            #expect(comparison.maxError <= Self.tolerance,
                    "\(self) \(prefix)\(output.name): element \(comparison.worstIndex) is \(comparison.worstActual), onnxruntime \(comparison.worstExpected)",
                    sourceLocation: sourceLocation)
            #expect(comparison.argmaxAgreement >= Self.argmaxAgreement,
                    "\(self) \(prefix)\(output.name): classes differ on \(comparison.pixels - comparison.argmaxEqual) of \(comparison.pixels) pixels",
                    sourceLocation: sourceLocation)
        }
    }
}

/// How far an N×C×H×W (or any rank ≥ 2) output is from the reference: the largest absolute
/// difference (NaN counts as infinitely far) and the agreement of the argmax over axis 1.
struct OutputComparison {
    var maxError: Float = 0
    var worstIndex = 0
    var worstActual: Float = 0
    var worstExpected: Float = 0
    var pixels = 0
    var argmaxEqual = 0

    var argmaxAgreement: Double { pixels == 0 ? 1 : Double(argmaxEqual) / Double(pixels) }

    init(actual: [Float], expected: [Float], shape: [Int]) {
        precondition(actual.count == expected.count && shape.count >= 2, "OutputComparison: \(shape)")
        for i in actual.indices {
            let d = abs(actual[i] - expected[i])
            if !(d <= maxError) {
                maxError = d.isNaN ? .infinity : d
                (worstIndex, worstActual, worstExpected) = (i, actual[i], expected[i])
            }
        }
        let classes = shape[1], inner = shape.dropFirst(2).reduce(1, *)
        for n in 0..<shape[0] {
            for p in 0..<inner {
                let base = n * classes * inner + p
                if Self.argmax(actual, base, classes, inner) == Self.argmax(expected, base, classes, inner) {
                    argmaxEqual += 1
                }
                pixels += 1
            }
        }
    }

    /// The first class with the largest score (numpy's convention), NaN never largest.
    static func argmax(_ values: [Float], _ base: Int, _ classes: Int, _ stride: Int) -> Int {
        var best = 0
        var bestValue = -Float.infinity
        for c in 0..<classes where values[base + c * stride] > bestValue {
            best = c
            bestValue = values[base + c * stride]
        }
        return best
    }
}

extension NPYArray {
    /// The elements of a float32 array.
    var floats: [Float] {
        precondition(element == .float32, "NPYArray.floats: the array holds \(element)")
        return payload.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        }
    }
}

@Suite("Output comparison")
struct OutputComparisonTests {
    @Test func findsTheWorstElementAndCountsArgmaxAgreement() {
        // 1×2×1×3: classes 0/1 at three pixels; the second pixel's winner flips.
        let expected: [Float] = [1, 5, 2, /* class 1 */ 0, 4, 3]
        let actual: [Float] = [1, 3.9, 2, 0, 4, 3.00005]
        let c = OutputComparison(actual: actual, expected: expected, shape: [1, 2, 1, 3])
        #expect(abs(c.maxError - 1.1) < 1e-6)
        #expect(c.worstIndex == 1)
        #expect(c.pixels == 3 && c.argmaxEqual == 2)
    }

    @Test func nanIsNeverClose() {
        let c = OutputComparison(actual: [0, .nan], expected: [0, 0], shape: [1, 2])
        #expect(c.maxError == .infinity && c.worstIndex == 1)
    }
}
