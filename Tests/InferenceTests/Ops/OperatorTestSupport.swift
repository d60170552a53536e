import PixelEngine
import TestSupport
@testable import Inference

/// Builds the kernel for one node, infers its outputs with every input known (as constant
/// folding would see them), and runs it.
func runOperator(_ opType: String, opset: Int = 17, _ inputs: [Tensor?], _ attributes: [String: Attribute] = [:],
                 outputs: Int = 1) throws -> [Tensor] {
    let node = Node(name: "n", opType: opType, opsetVersion: opset,
                    inputs: inputs.indices.map { inputs[$0] == nil ? "" : "x\($0)" },
                    outputs: (0..<outputs).map { "y\($0)" }, attributes: attributes)
    let op = try OperatorRegistry.make(node)
    let types = try op.infer(inputs.map { $0.map { ValueInfo(constant: $0) } })
    let results = types.map { Tensor(zeros: $0.elementType, shape: $0.shape) }
    try op.run(inputs, results, ExecutionContext())
    return results
}

/// The one output of a node.
func runOperator1(_ opType: String, opset: Int = 17, _ inputs: [Tensor?], _ attributes: [String: Attribute] = [:]) throws -> Tensor {
    try runOperator(opType, opset: opset, inputs, attributes)[0]
}

/// The same computation on one thread and on several; both results.
func serialAndParallel<R>(_ body: () throws -> R) rethrows -> (serial: R, parallel: R) {
    let serial = try ParallelRows.$taskLimit.withValue(1) { try body() }
    let parallel = try ParallelRows.$taskLimit.withValue(7) { try body() }
    return (serial, parallel)
}

/// Seeded floats in -range...range.
func randomFloats(_ count: Int, seed: UInt64, range: Float = 2) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float.random(in: -range...range, using: &generator) }
}

/// The element index of `index` (one per axis) in a row-major shape, with numpy broadcasting
/// of a smaller operand `shape` against the output's `index`.
func broadcastOffset(_ index: [Int], in shape: [Int]) -> Int {
    let offset = index.count - shape.count
    var result = 0
    for (axis, extent) in shape.enumerated() {
        result = result * extent + (extent == 1 ? 0 : index[offset + axis])
    }
    return result
}

/// Every multi-index of `shape` in row-major order.
func allIndices(_ shape: [Int]) -> [[Int]] {
    let count = shape.reduce(1, *)
    guard count > 0 else { return [] }
    return (0..<count).map { flat in
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}

/// Whether two float arrays agree within `tolerance` (absolute), NaN matching NaN.
func close(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) || abs($0 - $1) <= tolerance * max(1, abs($1)) }
}
