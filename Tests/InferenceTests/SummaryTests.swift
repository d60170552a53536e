import Foundation
import Testing
import TestSupport
@testable import Inference

/// The load-time passes and the summary on the committed exported networks.
@Suite("Summary and passes on exported models")
struct SummaryTests {
    static let fixtures = FixtureFolder(bundle: .module)

    @Test(arguments: ["unet_small", "lraspp_small"])
    func torchScriptExportsFoldAndFuse(name: String) throws {
        let path = Self.fixtures.path("models/\(name)/torchscript-opset17.onnx")
        let model = try Model.load(path: path)
        let fileCounts = Dictionary(uniqueKeysWithValues: model.operatorCounts.map { ($0.op, $0.count) })
        let ops = model.graph.nodes.map(\.opType)
        // Every BatchNormalization follows a Conv in these networks: all fold.
        #expect(fileCounts["BatchNormalization", default: 0] > 0 && !ops.contains("BatchNormalization"))
        // Relus after Convs fuse; none remain in the U-Net.
        #expect(ops.filter { $0 == "Relu" }.count < fileCounts["Relu", default: 0])
        #expect(model.graph.nodes.contains { $0.attributes["segsh.activation"] != nil })

        let start = ContinuousClock.now
        let plan = try model.plan(inputShapes: ["input": [1, 3, 64, 64]])
        let planTime = ContinuousClock.now - start
        // Shape arithmetic folds away: only Conv-like work and a few data movements remain.
        #expect(!model.graph.nodes.isEmpty && plan.stepCount <= model.graph.nodes.count)
        let inferred = try model.graph.inferred(inputShapes: ["input": [1, 3, 64, 64]], kernels: model.kernels, source: path)
        #expect(!inferred.graph.nodes.contains { ["Shape", "Gather", "Unsqueeze", "Cast"].contains($0.opType) })
        // Buffers are reused: the arena is smaller than all intermediates side by side.
        let intermediates = inferred.outputTypes.values.flatMap { $0 }.reduce(0) { $0 + $1.shape.reduce(1, *) * $1.elementType.byteSize }
        #expect(plan.plannedPeakBytes > 0 && plan.plannedPeakBytes < intermediates)
        #expect(plan.flops > 0)

        let summary = model.summary(inputShapes: ["input": [1, 3, 64, 64]])
        for text in ["IR 8, opset 17", "input", "[1, 3, height, width] float", "Conv", "parameters:", "GFLOPs", "unsupported operators: none"] {
            #expect(summary.contains(text), "'\(text)' not in:\n\(summary)")
        }
        print(summary)
        print("\(name): plan \(planTime) (debug build), arena \(plan.plannedPeakBytes) bytes vs \(intermediates) bytes of intermediates, weights \(plan.weightBytes) bytes, \(plan.stepCount) steps of \(model.operatorCounts.reduce(0) { $0 + $1.count }) nodes")
    }

    @Test func summaryWithoutShapesAsksForThem() throws {
        let model = try Model.load(path: Self.fixtures.path("models/unet_small/dynamo-opset18.onnx"))
        let summary = model.summary(inputShapes: nil)
        #expect(summary.contains("IR 10, opset 18") && summary.contains("give input shapes"))
        #expect(model.parameterCount == 29_652 || model.parameterCount > 29_000)
    }
}
