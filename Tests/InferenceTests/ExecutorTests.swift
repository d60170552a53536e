import Foundation
import Synchronization
import Testing
@testable import Inference

@Suite("Executor")
struct ExecutorTests {
    /// x → Add(w) → Relu → y, with the naive test kernels.
    static func addRelu() throws -> Model {
        var b = ModelBuilder()
        b.input("x", dimensions: [.symbolic("n"), .fixed(2)])
        b.initializer("w", Tensor(shape: [], floats: [-1]))
        b.node("Add", inputs: ["x", "w"], outputs: ["s"])
        b.node("Relu", inputs: ["s"], outputs: ["y"])
        b.output("y")
        return try b.model(operators: TestOperators.factories)
    }

    @Test func runsAndReturnsOwnedResults() throws {
        let model = try Self.addRelu()
        let y = try model.run(["x": Tensor(shape: [2, 2], floats: [0, 1, 2, 3])])["y"]!
        #expect(y.shape == [2, 2] && y.floats == [0, 0, 1, 2])
        // Another shape plans again.
        let z = try model.run(["x": Tensor(shape: [1, 2], floats: [5, -5])])["y"]!
        #expect(z.floats == [4, 0])
    }

    @Test func planReportsTypesAndRunsConcurrently() throws {
        let model = try Self.addRelu()
        let plan = try model.plan(inputShapes: ["x": [3, 2]])
        #expect(plan.outputTypes["y"] == TensorType(.float32, [3, 2]))
        #expect(plan.stepCount == 2)
        // s lives in the arena (24 bytes, aligned to 64); y is returned, so it is not.
        #expect(plan.plannedPeakBytes == 64)
        let results = Mutex<[[Float]]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let x = Tensor(shape: [3, 2], floats: (0..<6).map { Float($0 + i) })
            let y = try! plan.run(["x": x])["y"]!.floats
            results.withLock { $0.append(y) }
        }
        #expect(results.withLock { $0.count } == 8)
        #expect(results.withLock { $0.allSatisfy { $0.count == 6 && $0.first! >= 0 } })
    }

    @Test func shapeChainsFoldAway() throws {
        // y = Reshape(Relu(x), Shape(x)): the shape is known at plan time, so only Relu and
        // Reshape run.
        var b = ModelBuilder()
        b.input("x", dimensions: [.symbolic("n"), .fixed(3)])
        b.node("Shape", inputs: ["x"], outputs: ["shape"])
        b.node("Relu", inputs: ["x"], outputs: ["r"])
        b.node("Reshape", inputs: ["r", "shape"], outputs: ["y"])
        b.output("y")
        let model = try b.model(operators: TestOperators.factories)
        let plan = try model.plan(inputShapes: ["x": [2, 3]])
        #expect(plan.stepCount == 2)
        let y = try plan.run(["x": Tensor(shape: [2, 3], floats: [-1, 2, -3, 4, -5, 6])])["y"]!
        #expect(y.shape == [2, 3] && y.floats == [0, 2, 0, 4, 0, 6])
    }

    @Test func constantSubgraphsFold() throws {
        // c = Relu(Add(k, k)) is known before running.
        var b = ModelBuilder()
        b.input("x", shape: [2])
        b.initializer("k", Tensor(shape: [2], floats: [-1, 3]))
        b.node("Add", inputs: ["k", "k"], outputs: ["k2"])
        b.node("Relu", inputs: ["k2"], outputs: ["c"])
        b.node("Add", inputs: ["x", "c"], outputs: ["y"])
        b.output("y")
        b.output("c")
        let plan = try b.model(operators: TestOperators.factories).plan(inputShapes: [:])
        #expect(plan.stepCount == 1)
        let out = try plan.run(["x": Tensor(shape: [2], floats: [1, 1])])
        #expect(out["y"]!.floats == [1, 7] && out["c"]!.floats == [0, 6])
    }

    @Test func cancellationStopsBetweenOperators() throws {
        let model = try Self.addRelu()
        let calls = Atomic<Int>(0)
        let context = ExecutionContext { calls.add(1, ordering: .relaxed).newValue > 1 }
        #expect {
            _ = try model.run(["x": Tensor(shape: [1, 2], floats: [1, 2])], context: context)
        } throws: { ($0 as? InferenceError)?.kind == .cancelled }
    }

    @Test func profileRecordsEveryNode() throws {
        let plan = try Self.addRelu().plan(inputShapes: ["x": [1, 2]])
        var profile = Profile()
        _ = try plan.run(["x": Tensor(shape: [1, 2], floats: [1, 2])], profile: &profile)
        _ = try plan.run(["x": Tensor(shape: [1, 2], floats: [1, 2])], profile: &profile)
        #expect(profile.entries.map(\.op) == ["Add", "Relu", "Add", "Relu"])
        #expect(profile.byOperator.map(\.runs) == [2, 2])
        #expect(profile.description.contains("Relu"))
    }

    @Test func identityAndDropoutDisappear() throws {
        var b = ModelBuilder()
        b.input("x", shape: [2])
        b.node("Identity", inputs: ["x"], outputs: ["a"])
        b.node("Relu", inputs: ["a"], outputs: ["b"])
        b.node("Dropout", inputs: ["b"], outputs: ["c"])
        b.node("Identity", inputs: ["c"], outputs: ["y"])
        b.output("y")
        let model = try b.model(operators: TestOperators.factories)
        #expect(model.graph.nodes.map(\.opType) == ["Relu"])
        #expect(try model.run(["x": Tensor(shape: [2], floats: [-1, 1])])["y"]!.floats == [0, 1])
    }
}
