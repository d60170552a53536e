import Testing
@testable import Inference

@Suite("BatchNormalization")
struct BatchNormalizationTests {
    @Test func matchesFormula() throws {
        for shape in [[2, 3, 5, 7], [1, 4, 19], [3, 2]] {
            let c = shape[1]
            let x = ConvOpsTesting.random(shape, seed: 1)
            let scale = ConvOpsTesting.random([c], seed: 2), bias = ConvOpsTesting.random([c], seed: 3)
            let mean = ConvOpsTesting.random([c], seed: 4)
            let variance = Tensor(shape: [c], floats: ConvOpsTesting.random([c], seed: 5).floats.map { abs($0) + 0.1 })
            let node = ConvOpsTesting.node("BatchNormalization", inputs: 5, ["epsilon": .float(1e-3)])
            let y = try ConvOpsTesting.runBoth(node, [x, scale, bias, mean, variance])
            let size = shape.dropFirst(2).reduce(1, *)
            let (s, b, m, v) = (scale.floats, bias.floats, mean.floats, variance.floats)
            let expected = x.floats.enumerated().map { i, value in
                let ch = (i / size) % c
                return (value - m[ch]) / (v[ch] + 1e-3).squareRoot() * s[ch] + b[ch]
            }
            ConvOpsTesting.expectClose(y[0], shape: shape, expected, tolerance: 1e-5)
        }
    }

    @Test func refusesTrainingAndBadShapes() throws {
        do {
            _ = try OperatorRegistry.make(ConvOpsTesting.node("BatchNormalization", inputs: 5, ["training_mode": .int(1)]))
            Issue.record("training mode accepted")
        } catch let e as InferenceError {
            #expect(e.kind == .unsupportedAttribute && e.message.contains("training_mode"))
        }
        #expect(throws: InferenceError.self) {
            try OperatorRegistry.make(ConvOpsTesting.node("BatchNormalization", inputs: 5, outputs: 3))
        }
        let bn = try OperatorRegistry.make(ConvOpsTesting.node("BatchNormalization", inputs: 5))
        let p = ValueInfo(.float32, shape: [3])
        #expect(throws: InferenceError.self) { try bn.infer([ValueInfo(.float32, shape: [1, 4, 2, 2]), p, p, p, p]) }
        #expect(throws: InferenceError.self) { try bn.infer([ValueInfo(.float64, shape: [1, 3, 2, 2]), p, p, p, p]) }
    }
}
