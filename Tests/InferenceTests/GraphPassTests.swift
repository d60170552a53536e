import Foundation
import Testing
import TestSupport
@testable import Inference

@Suite("Graph passes")
struct GraphPassTests {
    /// x → Conv(W, B) → BatchNormalization → activation → y.
    static func convBNActivation(activation: String, clip: (Float, Float)? = nil) -> ModelBuilder {
        var b = ModelBuilder()
        b.input("x", shape: [1, 2, 4, 4])
        b.initializer("W", Tensor(shape: [3, 2, 2, 2], floats: (0..<24).map { Float($0 % 7) * 0.25 - 0.6 }))
        b.initializer("B", Tensor(shape: [3], floats: [0.1, -0.2, 0.3]))
        b.initializer("gamma", Tensor(shape: [3], floats: [1.5, 0.5, -1]))
        b.initializer("beta", Tensor(shape: [3], floats: [0, 1, -0.5]))
        b.initializer("mean", Tensor(shape: [3], floats: [0.2, -0.1, 0]))
        b.initializer("var", Tensor(shape: [3], floats: [1, 4, 0.25]))
        b.node("Conv", inputs: ["x", "W", "B"], outputs: ["c"], attributes: ["kernel_shape": .ints([2, 2])], name: "conv")
        b.node("BatchNormalization", inputs: ["c", "gamma", "beta", "mean", "var"], outputs: ["n"], attributes: ["epsilon": .float(1e-3)])
        var activationInputs = ["n"]
        if let (low, high) = clip {
            b.initializer("low", Tensor(shape: [], floats: [low]))
            b.initializer("high", Tensor(shape: [], floats: [high]))
            activationInputs += ["low", "high"]
        }
        b.node(activation, inputs: activationInputs, outputs: ["y"])
        b.output("y")
        return b
    }

    /// The same computation by calling the naive kernels one after another.
    static func reference(_ x: Tensor, activation: (Float) -> Float) throws -> [Float] {
        let b = convBNActivation(activation: "Relu")
        let constants = try ModelReader(source: "r", directory: nil, memoryLimit: 1 << 30).read(b.bytes()).graph.constants
        let conv = try NaiveConv(Node(name: "c", opType: "Conv", opsetVersion: 17, inputs: [], outputs: []))
        let c = Tensor(zeros: .float32, shape: [1, 3, 3, 3])
        try conv.run([x, constants["W"], constants["B"]], [c], ExecutionContext())
        let bn = try NaiveBatchNorm(Node(name: "b", opType: "BatchNormalization", opsetVersion: 17, inputs: [], outputs: [],
                                         attributes: ["epsilon": .float(1e-3)]))
        let n = Tensor(zeros: .float32, shape: [1, 3, 3, 3])
        try bn.run([c, constants["gamma"], constants["beta"], constants["mean"], constants["var"]], [n], ExecutionContext())
        return n.floats.map(activation)
    }

    static let input = Tensor(shape: [1, 2, 4, 4], floats: (0..<32).map { Float(($0 * 5) % 11) * 0.3 - 1.4 })

    @Test(arguments: ["Relu", "Sigmoid", "Clip"])
    func batchNormFoldsAndActivationFuses(activation: String) throws {
        let model = try Self.convBNActivation(activation: activation, clip: activation == "Clip" ? (-0.5, 0.75) : nil)
            .model(operators: TestOperators.factories)
        #expect(model.graph.nodes.map(\.opType) == ["Conv"])
        let conv = model.graph.nodes[0]
        #expect(try conv.string("segsh.activation", default: "") == activation)
        if activation == "Clip" {
            #expect(try conv.float("segsh.min", default: 0) == -0.5 && conv.float("segsh.max", default: 0) == 0.75)
        }
        // The BN parameters and the original weights are gone; the folded ones replace them.
        #expect(model.graph.constants["gamma"] == nil && model.graph.constants["W"] == nil)
        #expect(model.operatorCounts.map(\.op).sorted() == ["BatchNormalization", "Conv", activation].sorted())
        let y = try model.run(["x": Self.input])["y"]!
        let f: (Float) -> Float = switch activation {
        case "Relu": { max($0, 0) }
        case "Sigmoid": { 1 / (1 + Float(exp(Double(-$0)))) }
        default: { min(max($0, -0.5), 0.75) }
        }
        let expected = try Self.reference(Self.input, activation: f)
        #expect(zip(y.floats, expected).allSatisfy { abs($0 - $1) <= 1e-5 }, "\(y.floats) vs \(expected)")
    }

    @Test func noFusionWhenTheConvOutputHasOtherReaders() throws {
        var b = Self.convBNActivation(activation: "Relu")
        b.output("c")
        let model = try b.model(operators: TestOperators.factories)
        #expect(model.graph.nodes.map(\.opType) == ["Conv", "BatchNormalization", "Relu"])
    }

    @Test func noFusionWhenTheKernelRefusesIt() throws {
        // A Conv kernel without fused activations keeps the activation a node of its own.
        var operators = TestOperators.factories
        operators["Conv"] = { node in
            try node.checkAttributes(["kernel_shape"])
            return try NaiveConv(node)
        }
        let model = try Self.convBNActivation(activation: "Sigmoid").model(operators: operators)
        #expect(model.graph.nodes.map(\.opType) == ["Conv", "Sigmoid"])
        let y = try model.run(["x": Self.input])["y"]!
        let expected = try Self.reference(Self.input) { 1 / (1 + Float(exp(Double(-$0)))) }
        #expect(zip(y.floats, expected).allSatisfy { abs($0 - $1) <= 1e-5 })
    }

    @Test func memoryPlanNeverOverlapsLiveTensors() {
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<50 {
            let count = Int.random(in: 1...40, using: &generator)
            let requests = (0..<count).map { id -> MemoryPlan.Request in
                let first = Int.random(in: 0..<30, using: &generator)
                return .init(id: id, bytes: Int.random(in: 0...5000, using: &generator),
                             firstStep: first, lastStep: first + Int.random(in: 0..<8, using: &generator))
            }
            let plan = MemoryPlan(requests)
            var peakLive = 0
            for step in 0..<40 {
                let live = requests.filter { $0.firstStep <= step && step <= $0.lastStep }
                peakLive = max(peakLive, live.reduce(0) { $0 + ($1.bytes + 63) / 64 * 64 })
                for a in live { for b in live where a.id < b.id && a.bytes > 0 && b.bytes > 0 {
                    let (oa, ob) = (plan.offsets[a.id]!, plan.offsets[b.id]!)
                    #expect(oa + a.bytes <= ob || ob + b.bytes <= oa, "tensors \(a.id) and \(b.id) overlap")
                } }
            }
            #expect(plan.offsets.values.allSatisfy { $0 % 64 == 0 })
            #expect(plan.arenaBytes >= peakLive)
            #expect(plan.arenaBytes <= requests.reduce(0) { $0 + ($1.bytes + 63) / 64 * 64 })
        }
    }

    @Test func memoryPlanReusesFreedBuffers() {
        // A chain a → b → c → d: a and c can share, b and d can share.
        let requests = (0..<4).map { MemoryPlan.Request(id: $0, bytes: 1024, firstStep: $0, lastStep: $0 + 1) }
        let plan = MemoryPlan(requests)
        #expect(plan.arenaBytes == 2048)
        #expect(plan.offsets[0] == plan.offsets[2] && plan.offsets[1] == plan.offsets[3])
    }
}
