import Foundation
import Testing
@testable import Inference

@Suite("Activations and normalisation")
struct ActivationTests {
    struct UnaryCase: Sendable, CustomStringConvertible {
        let op: String
        let attributes: [String: Float]
        let reference: @Sendable (Double) -> Double
        var description: String { op }
    }

    static let unaryCases: [UnaryCase] = [
        UnaryCase(op: "Relu", attributes: [:]) { max($0, 0) },
        UnaryCase(op: "LeakyRelu", attributes: ["alpha": 0.2]) { $0 >= 0 ? $0 : 0.2 * $0 },
        UnaryCase(op: "Sigmoid", attributes: [:]) { 1 / (1 + exp(-$0)) },
        UnaryCase(op: "HardSigmoid", attributes: ["alpha": 0.5, "beta": 0.25]) { min(1, max(0, 0.5 * $0 + 0.25)) },
        UnaryCase(op: "HardSwish", attributes: [:]) { $0 * min(1, max(0, $0 / 6 + 0.5)) },
        UnaryCase(op: "Tanh", attributes: [:]) { tanh($0) },
        UnaryCase(op: "Erf", attributes: [:]) { erf($0) },
        UnaryCase(op: "Exp", attributes: [:]) { exp($0) },
        UnaryCase(op: "Neg", attributes: [:]) { -$0 },
        UnaryCase(op: "Abs", attributes: [:]) { abs($0) },
        UnaryCase(op: "Reciprocal", attributes: [:]) { 1 / $0 },
        UnaryCase(op: "Floor", attributes: [:]) { floor($0) },
        UnaryCase(op: "Ceil", attributes: [:]) { ceil($0) },
        UnaryCase(op: "Round", attributes: [:]) { $0.rounded(.toNearestOrEven) },
        UnaryCase(op: "Elu", attributes: ["alpha": 2]) { $0 > 0 ? $0 : 2 * (exp($0) - 1) },
        UnaryCase(op: "Softsign", attributes: [:]) { $0 / (1 + abs($0)) },
    ]

    /// Each function against a double-precision reference, on a tensor big enough to be
    /// split over threads, serial and parallel.
    @Test(arguments: unaryCases)
    func unaryFunctionsMatchReferences(_ c: UnaryCase) throws {
        let values = randomFloats(70_000, seed: 3, range: 4) + [0, -0.5, 2.5, -3]
        let x = Tensor(shape: [values.count], floats: values)
        let runs = try serialAndParallel {
            try runOperator1(c.op, [x], c.attributes.mapValues { .float($0) }).floats
        }
        let expected = values.map { Float(c.reference(Double($0))) }
        let worst = zip(runs.serial, expected).enumerated().first { !close([$0.element.0], [$0.element.1], 2e-6) }
        #expect(worst == nil, "first difference: \(String(describing: worst))")
        #expect(runs.parallel == runs.serial)
    }

    @Test func sqrtAndLogOfSpecialValues() throws {
        let x = Tensor(shape: [3], floats: [4, 0, -1])
        #expect(try runOperator1("Sqrt", [x]).floats.prefix(2) == [2, 0])
        #expect(try runOperator1("Sqrt", [x]).floats[2].isNaN)
        #expect(try runOperator1("Log", [x]).floats[1] == -.infinity)
        #expect(try runOperator1("Relu", [Tensor(shape: [2], int64s: [-3, 4])]).integers == [0, 4])
    }

    @Test func clipTakesInputsFromOpset11AndAttributesBefore() throws {
        let x = Tensor(shape: [4], floats: [-2, 0.5, 3, .nan])
        let low = Tensor(shape: [], floats: [0]), high = Tensor(shape: [], floats: [1])
        let both = try runOperator1("Clip", opset: 13, [x, low, high]).floats
        #expect(Array(both.prefix(3)) == [0, 0.5, 1] && both[3].isNaN)
        #expect(try runOperator1("Clip", opset: 13, [x, nil, high]).floats.prefix(3) == [-2, 0.5, 1])
        #expect(try runOperator1("Clip", opset: 6, [x], ["min": .float(-1)]).floats.prefix(3) == [-1, 0.5, 3])
        let ints = Tensor(shape: [3], elements: [Int8(-100), 5, 100])
        #expect(try runOperator1("Clip", opset: 13, [ints, Tensor(shape: [], elements: [Int8(-10)])]).elements(as: Int8.self) == [-10, 5, 100])
    }

    @Test func preluBroadcastsAPerChannelSlope() throws {
        let x = Tensor(shape: [1, 2, 2], floats: [-1, 2, -3, 4])
        let slope = Tensor(shape: [2, 1], floats: [0.5, 0.25])
        #expect(try runOperator1("PRelu", [x, slope]).floats == [-0.5, 2, -0.75, 4])
        #expect(throws: InferenceError.self) { try runOperator1("PRelu", [x, Tensor(shape: [3], floats: [1, 2, 3])]) }
    }

    /// Softmax along each axis (including the channel axis of NCHW, where lines are strided)
    /// against a naive per-line computation.
    @Test(arguments: [0, 1, 2, -1])
    func softmaxAlongAnAxisMatchesNaive(axis: Int) throws {
        let shape = [2, 3, 4]
        let values = randomFloats(24, seed: 5, range: 30)
        let x = Tensor(shape: shape, floats: values)
        let soft = try runOperator1("Softmax", opset: 13, [x], ["axis": .int(axis)]).floats
        let logSoft = try runOperator1("LogSoftmax", opset: 13, [x], ["axis": .int(axis)]).floats
        let a = axis < 0 ? axis + 3 : axis
        let strides = contiguousStrides(shape)
        for index in allIndices(shape) {
            let flat = zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }
            let line = (0..<shape[a]).map { k in values[flat + (k - index[a]) * strides[a]] }
            let m = line.max()!
            let sum = line.reduce(0.0) { $0 + exp(Double($1 - m)) }
            let expected = exp(Double(values[flat] - m)) / sum
            #expect(abs(Double(soft[flat]) - expected) < 1e-6)
            #expect(abs(Double(logSoft[flat]) - log(expected)) < 1e-4)
        }
    }

    @Test func softmaxBeforeOpset13FlattensToRows() throws {
        let x = Tensor(shape: [2, 2, 2], floats: [0, 0, 0, 0, 1, 1, 1, 1])
        let y = try runOperator1("Softmax", opset: 11, [x]).floats
        #expect(close(y, [Float](repeating: 0.25, count: 8)))
    }

    @Test func layerNormalizationMatchesNaive() throws {
        let values = randomFloats(2 * 3 * 4, seed: 9)
        let x = Tensor(shape: [2, 3, 4], floats: values)
        let scale = Tensor(shape: [4], floats: [1, 2, 0.5, -1]), bias = Tensor(shape: [1], floats: [0.25])
        let outputs = try runOperator("LayerNormalization", [x, scale, bias], ["epsilon": .float(1e-3)], outputs: 3)
        #expect(outputs[1].shape == [2, 3, 1])
        let y = outputs[0].floats
        for row in 0..<6 {
            let line = values[(row * 4)..<(row * 4 + 4)].map(Double.init)
            let mean = line.reduce(0, +) / 4
            let variance = line.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
            for j in 0..<4 {
                let expected = (line[j] - mean) / (variance + 1e-3).squareRoot() * Double([1, 2, 0.5, -1][j]) + 0.25
                #expect(abs(Double(y[row * 4 + j]) - expected) < 1e-5)
            }
            #expect(abs(Double(outputs[1].floats[row]) - mean) < 1e-6)
        }
    }
}
