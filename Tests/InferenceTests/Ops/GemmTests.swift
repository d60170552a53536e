import Testing
@testable import Inference

@Suite("Gemm and MatMul")
struct GemmTests {
    /// Row-major product with direct loops.
    static func product(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
        var y = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n {
            var s: Double = 0
            for l in 0..<k { s += Double(a[i * k + l]) * Double(b[l * n + j]) }
            y[i * n + j] = Float(s)
        }}
        return y
    }

    static func transpose(_ a: [Float], rows: Int, cols: Int) -> [Float] {
        (0..<(rows * cols)).map { i in a[(i % rows) * cols + i / rows] }
    }

    @Test(arguments: [(3, 4, 5), (1, 7, 1), (37, 65, 19), (70, 3, 90)])
    func gemmAllAttributeCombinations(_ size: (Int, Int, Int)) throws {
        let (m, n, k) = size
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let shapes: [[Int]?] = [[], [n], [1, n], [m, 1], [m, n], [1], nil]
            for cShape in shapes {
                let a = ConvOpsTesting.random(transA ? [k, m] : [m, k], seed: 1)
                let b = ConvOpsTesting.random(transB ? [n, k] : [k, n], seed: 2)
                let c = cShape.map { ConvOpsTesting.random($0, seed: 3) }
                let node = ConvOpsTesting.node("Gemm", inputs: c == nil ? 2 : 3,
                                               ["alpha": .float(0.5), "beta": .float(2), "transA": .int(transA ? 1 : 0),
                                                "transB": .int(transB ? 1 : 0)])
                let y = try ConvOpsTesting.run(node, [a, b] + (c.map { [$0] } ?? []))
                let av = transA ? Self.transpose(a.floats, rows: k, cols: m) : a.floats
                let bv = transB ? Self.transpose(b.floats, rows: n, cols: k) : b.floats
                var expected = Self.product(av, bv, m: m, n: n, k: k).map { $0 * 0.5 }
                if let c, let shape = cShape {
                    let cv = c.floats
                    let padded = Array(repeating: 1, count: 2 - shape.count) + shape
                    for i in 0..<m { for j in 0..<n {
                        expected[i * n + j] += 2 * cv[(padded[0] == 1 ? 0 : i) * padded[1] + (padded[1] == 1 ? 0 : j)]
                    }}
                }
                ConvOpsTesting.expectClose(y[0], shape: [m, n], expected, tolerance: 1e-4)
            }
        }
    }

    @Test func gemmRefusesMismatches() throws {
        let gemm = try OperatorRegistry.make(ConvOpsTesting.node("Gemm", inputs: 3))
        #expect(throws: InferenceError.self) {
            try gemm.infer([ValueInfo(.float32, shape: [2, 3]), ValueInfo(.float32, shape: [4, 5]), ValueInfo(.float32, shape: [5])])
        }
        #expect(throws: InferenceError.self) {
            try gemm.infer([ValueInfo(.float32, shape: [2, 3]), ValueInfo(.float32, shape: [3, 5]), ValueInfo(.float32, shape: [3, 5])])
        }
        #expect(throws: InferenceError.self) {
            try gemm.infer([ValueInfo(.int32, shape: [2, 3]), ValueInfo(.int32, shape: [3, 5])])
        }
    }

    struct MatMulCase: Sendable { var a: [Int]; var b: [Int]; var y: [Int] }

    @Test(arguments: [
        MatMulCase(a: [3, 4], b: [4, 5], y: [3, 5]),
        MatMulCase(a: [4], b: [4, 5], y: [5]),
        MatMulCase(a: [3, 4], b: [4], y: [3]),
        MatMulCase(a: [4], b: [4], y: []),
        MatMulCase(a: [2, 3, 4], b: [4, 5], y: [2, 3, 5]),
        MatMulCase(a: [2, 3, 4], b: [2, 4, 5], y: [2, 3, 5]),
        MatMulCase(a: [3, 4], b: [2, 4, 5], y: [2, 3, 5]),
        MatMulCase(a: [2, 1, 3, 4], b: [3, 4, 6], y: [2, 3, 3, 6]),
        MatMulCase(a: [5, 4], b: [3, 1, 4, 2], y: [3, 1, 5, 2]),
        MatMulCase(a: [2, 3, 4], b: [4], y: [2, 3]),
        MatMulCase(a: [40, 64], b: [64, 48], y: [40, 48]),
    ])
    func matmulNumpySemantics(_ c: MatMulCase) throws {
        let a = ConvOpsTesting.random(c.a, seed: 4), b = ConvOpsTesting.random(c.b, seed: 5)
        let y = try ConvOpsTesting.runBoth(ConvOpsTesting.node("MatMul", inputs: 2), [a, b])
        // Reference: promote, broadcast index by index.
        let a2 = c.a.count == 1 ? [1] + c.a : c.a, b2 = c.b.count == 1 ? c.b + [1] : c.b
        let m = a2[a2.count - 2], k = a2.last!, n = b2.last!
        let ab = Array(a2.dropLast(2)), bb = Array(b2.dropLast(2))
        let rank = max(ab.count, bb.count)
        let ap = Array(repeating: 1, count: rank - ab.count) + ab, bp = Array(repeating: 1, count: rank - bb.count) + bb
        let batch = zip(ap, bp).map { max($0, $1) }
        var expected: [Float] = []
        let av = a.floats, bv = b.floats
        for index in 0..<batch.reduce(1, *) {
            var rest = index, ai = 0, bi = 0, aScale = 1, bScale = 1
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                let i = rest % batch[axis]
                rest /= batch[axis]
                ai += (ap[axis] == 1 ? 0 : i) * aScale
                bi += (bp[axis] == 1 ? 0 : i) * bScale
                aScale *= ap[axis]
                bScale *= bp[axis]
            }
            expected += Self.product(Array(av[(ai * m * k)..<((ai + 1) * m * k)]), Array(bv[(bi * k * n)..<((bi + 1) * k * n)]),
                                     m: m, n: n, k: k)
        }
        ConvOpsTesting.expectClose(y[0], shape: c.y, expected, tolerance: 1e-4)
    }

    @Test func matmulRefusesMismatches() throws {
        let mm = try OperatorRegistry.make(ConvOpsTesting.node("MatMul", inputs: 2))
        #expect(throws: InferenceError.self) { try mm.infer([ValueInfo(.float32, shape: [2, 3]), ValueInfo(.float32, shape: [4, 5])]) }
        #expect(throws: InferenceError.self) { try mm.infer([ValueInfo(.float32, shape: [2, 2, 3]), ValueInfo(.float32, shape: [3, 3, 5])]) }
        #expect(throws: InferenceError.self) { try mm.infer([ValueInfo(.float32, shape: []), ValueInfo(.float32, shape: [3])]) }
    }
}
