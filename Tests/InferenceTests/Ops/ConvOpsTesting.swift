import PixelEngine
import Testing
import TestSupport
@testable import Inference

/// Shared helpers of the compute-operator tests (Conv, pools, Gemm…): build a node, run
/// its kernel as the executor would, compare with a naive reference.
enum ConvOpsTesting {
    /// A node of `opType` at opset 17 with inputs `x0, x1…` and outputs `y0, y1…`.
    static func node(_ opType: String, inputs: Int, outputs: Int = 1, opset: Int = 17,
                     _ attributes: [String: Attribute] = [:]) -> Node {
        Node(name: "test", opType: opType, opsetVersion: opset,
             inputs: (0..<inputs).map { "x\($0)" }, outputs: (0..<outputs).map { "y\($0)" }, attributes: attributes)
    }

    /// Makes the kernel through the registry, infers the output types (inputs at
    /// `constants` are passed as known values), allocates the outputs and runs.
    static func run(_ node: Node, _ inputs: [Tensor?], constants: Set<Int> = []) throws -> [Tensor] {
        let op = try OperatorRegistry.make(node)
        let infos: [ValueInfo?] = inputs.enumerated().map { i, t in
            t.map { ValueInfo($0.elementType, shape: $0.shape, constant: constants.contains(i) ? $0 : nil) }
        }
        let types = try op.infer(infos)
        // Garbage in the outputs, as the executor's arena may leave: kernels must overwrite it.
        let outputs = types.map { type -> Tensor in
            let t = Tensor(zeros: type.elementType, shape: type.shape)
            if type.elementType == .float32 {
                t.withUnsafeMutableBufferPointer(of: Float.self) { $0.update(repeating: .nan) }
            }
            return t
        }
        try op.run(inputs, outputs, ExecutionContext())
        return outputs
    }

    /// Runs once serially and once with several tasks; expects identical outputs and
    /// returns them.
    static func runBoth(_ node: Node, _ inputs: [Tensor?], sourceLocation: SourceLocation = #_sourceLocation) throws -> [Tensor] {
        let serial = try ParallelRows.$taskLimit.withValue(1) { try run(node, inputs) }
        let parallel = try ParallelRows.$taskLimit.withValue(5) { try run(node, inputs) }
        for (a, b) in zip(serial, parallel) {
            #expect(a.floats == b.floats, "serial and parallel runs differ", sourceLocation: sourceLocation)
        }
        return parallel
    }

    /// A float tensor of seeded values in -1…1.
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, floats: (0..<count).map { _ in Float.random(in: -1...1, using: &rng) })
    }

    /// Expects `actual` to have `shape` and to be within `tolerance` of `expected`.
    static func expectClose(_ actual: Tensor, shape: [Int], _ expected: [Float], tolerance: Float = 1e-4,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.shape == shape, sourceLocation: sourceLocation)
        let a = actual.floats
        guard a.count == expected.count else {
            Issue.record("\(a.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
            return
        }
        var worst: (Float, Int) = (0, -1)
        for i in 0..<a.count {
            let d = abs(a[i] - expected[i])
            if d > worst.0 || d.isNaN { worst = (d.isNaN ? .infinity : d, i) }
        }
        if worst.0 > tolerance * max(1, abs(expected[max(worst.1, 0)])) {
            Issue.record("differs by \(worst.0) at index \(worst.1): got \(a[worst.1]), expected \(expected[worst.1])",
                         sourceLocation: sourceLocation)
        }
    }

    /// The activation of a fused node, written out directly.
    static func activate(_ x: Float, _ name: String?, alpha: Float? = nil, beta: Float? = nil,
                         min lo: Float? = nil, max hi: Float? = nil) -> Float {
        switch name {
        case nil: return x
        case "Relu": return Swift.max(x, 0)
        case "LeakyRelu": return x >= 0 ? x : (alpha ?? 0.01) * x
        case "Clip": return Swift.min(Swift.max(x, lo ?? -.infinity), hi ?? .infinity)
        case "HardSwish": return x * Swift.max(0, Swift.min(1, x / 6 + 0.5))
        case "HardSigmoid": return Swift.max(0, Swift.min(1, (alpha ?? 0.2) * x + (beta ?? 0.5)))
        case "Sigmoid": return 1 / (1 + Float(exp(Double(-x))))
        default: fatalError("unknown activation \(name!)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
