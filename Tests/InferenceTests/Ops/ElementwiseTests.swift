import Testing
@testable import Inference

@Suite("Element-wise operators")
struct ElementwiseTests {
    struct ShapeCase: Sendable, CustomStringConvertible {
        let a: [Int], b: [Int]
        let result: [Int]?
        var description: String { "\(a) with \(b)" }
    }

    @Test(arguments: [
        ShapeCase(a: [2, 3, 4], b: [2, 3, 4], result: [2, 3, 4]),
        ShapeCase(a: [2, 3, 4], b: [], result: [2, 3, 4]),
        ShapeCase(a: [2, 3, 4], b: [4], result: [2, 3, 4]),
        ShapeCase(a: [1, 3, 1, 5], b: [3, 4, 1], result: [1, 3, 4, 5]),
        ShapeCase(a: [2, 0, 3], b: [1, 3], result: [2, 0, 3]),
        ShapeCase(a: [2, 3], b: [3, 2], result: nil),
        ShapeCase(a: [0], b: [2], result: nil),
    ])
    func broadcastShapesFollowNumpy(_ c: ShapeCase) {
        #expect(broadcastShapes([c.a, c.b]) == c.result)
        #expect(broadcastShapes([c.b, c.a]) == c.result)
    }

    @Test func samePerChannelAndScalarOperandsMergeIntoLongRuns() {
        let same = BroadcastPlan(output: [2, 3, 4, 5], operands: [[2, 3, 4, 5], [2, 3, 4, 5]])
        #expect(same.extents == [120] && same.innerStride(0) == 1 && same.innerStride(1) == 1)
        let channel = BroadcastPlan(output: [2, 3, 4, 5], operands: [[2, 3, 4, 5], [3, 1, 1]])
        #expect(channel.extents == [2, 3, 20] && channel.innerStride(1) == 0)
        let scalar = BroadcastPlan(output: [], operands: [[], []])
        #expect(scalar.extents == [1] && scalar.count == 1)
    }

    struct BinaryCase: Sendable, CustomStringConvertible {
        let op: String
        let a: [Int], b: [Int]
        var description: String { "\(op) \(a) \(b)" }
    }

    static let binaryCases: [BinaryCase] = [
        BinaryCase(op: "Add", a: [2, 3, 4], b: [4]),
        BinaryCase(op: "Sub", a: [3, 1], b: [1, 5]),
        BinaryCase(op: "Mul", a: [2, 3, 5, 7], b: [3, 1, 1]),
        BinaryCase(op: "Div", a: [], b: [2, 3]),
        BinaryCase(op: "Add", a: [4, 1, 6], b: [4, 5, 1]),
        BinaryCase(op: "Mul", a: [2, 300, 257], b: [2, 300, 257]),
        BinaryCase(op: "Sub", a: [0, 3], b: [3]),
    ]

    /// Each broadcast case against a naive loop over output indices, serial and parallel.
    @Test(arguments: binaryCases)
    func broadcastingMatchesNaiveLoops(_ c: BinaryCase) throws {
        let a = Tensor(shape: c.a, floats: randomFloats(c.a.reduce(1, *), seed: 1))
        let b = Tensor(shape: c.b, floats: randomFloats(c.b.reduce(1, *), seed: 2).map { $0 + 3 })
        let runs = try serialAndParallel { try runOperator1(c.op, [a, b]).floats }
        let shape = broadcastShapes([c.a, c.b])!
        let fa = a.floats, fb = b.floats
        let expected: [Float] = allIndices(shape).map { index in
            let x = fa[broadcastOffset(index, in: c.a)], y = fb[broadcastOffset(index, in: c.b)]
            switch c.op {
            case "Add": return x + y
            case "Sub": return x - y
            case "Mul": return x * y
            default: return x / y
            }
        }
        #expect(runs.serial == expected)
        #expect(runs.parallel == expected)
    }

    @Test func integerArithmeticWrapsAndNeverTraps() throws {
        let a = Tensor(shape: [4], int64s: [Int64.max, 7, -7, Int64.min])
        let b = Tensor(shape: [4], int64s: [1, 0, 2, -1])
        #expect(try runOperator1("Add", [a, b]).integers == [Int(Int64.min), 7, -5, Int(Int64.max)])
        #expect(try runOperator1("Div", [a, b]).integers == [Int(Int64.max), 0, -3, Int(Int64.min)])
        let m = Tensor(shape: [4], int64s: [-7, 7, -7, 7]), d = Tensor(shape: [4], int64s: [3, -3, -3, 0])
        #expect(try runOperator1("Mod", [m, d]).integers == [2, -2, -1, 0])
        #expect(try runOperator1("Mod", [m, d], ["fmod": .int(1)]).integers == [-1, 1, -1, 0])
    }

    @Test func powAcceptsAnExponentOfAnotherType() throws {
        let x = Tensor(shape: [3], floats: [2, 3, 4])
        let e = Tensor(shape: [3], int64s: [2, 0, -1])
        #expect(try runOperator1("Pow", [x, e]).floats == [4, 1, 0.25])
        let i = Tensor(shape: [2], int64s: [3, 2])
        #expect(try runOperator1("Pow", [i, Tensor(shape: [], floats: [2])]).integers == [9, 4])
    }

    @Test func comparisonsGiveBools() throws {
        let a = Tensor(shape: [2, 2], floats: [1, 2, 3, 4]), b = Tensor(shape: [2], floats: [2, 2])
        let expectations: [(String, [Bool])] = [
            ("Equal", [false, true, false, false]), ("Less", [true, false, false, false]),
            ("Greater", [false, false, true, true]), ("LessOrEqual", [true, true, false, false]),
            ("GreaterOrEqual", [false, true, true, true]),
        ]
        for (op, expected) in expectations {
            let y = try runOperator1(op, [a, b])
            #expect(y.elementType == .bool && y.elements(as: Bool.self) == expected, "\(op)")
        }
        let p = Tensor(shape: [3], elements: [true, false, true]), q = Tensor(shape: [], elements: [true])
        #expect(try runOperator1("Equal", [p, q]).elements(as: Bool.self) == [true, false, true])
        #expect(try runOperator1("Xor", [p, q]).elements(as: Bool.self) == [false, true, false])
        #expect(try runOperator1("And", [p, q]).elements(as: Bool.self) == [true, false, true])
        #expect(try runOperator1("Or", [p, Tensor(shape: [], elements: [false])]).elements(as: Bool.self) == [true, false, true])
        #expect(try runOperator1("Not", [p]).elements(as: Bool.self) == [false, true, false])
    }

    @Test func whereBroadcastsItsThreeInputs() throws {
        let c = Tensor(shape: [2, 1], elements: [true, false])
        let x = Tensor(shape: [3], int64s: [1, 2, 3]), y = Tensor(shape: [], int64s: [-1])
        let z = try runOperator1("Where", [c, x, y])
        #expect(z.shape == [2, 3] && z.integers == [1, 2, 3, -1, -1, -1])
    }

    @Test func variadicMaxMinSumMean() throws {
        let a = Tensor(shape: [3], floats: [1, 5, .nan]), b = Tensor(shape: [1], floats: [3])
        let c = Tensor(shape: [2, 1], floats: [0, 10])
        let maxima = try runOperator1("Max", [a, b, c]).floats
        #expect(maxima[0] == 3 && maxima[1] == 5 && maxima[2].isNaN && maxima[3] == 10 && maxima[5].isNaN)
        #expect(try runOperator1("Min", [Tensor(shape: [2], int64s: [4, -2])]).integers == [4, -2])
        #expect(try runOperator1("Sum", [b, c]).floats == [3, 13])
        #expect(try runOperator1("Mean", [b, c]).floats == [1.5, 6.5])
    }

    @Test func mismatchedShapesAndTypesAreTypedErrors() {
        let a = Tensor(shape: [2, 3], floats: [Float](repeating: 0, count: 6))
        #expect(throws: InferenceError.self) { try runOperator1("Add", [a, Tensor(shape: [2], floats: [1, 2])]) }
        #expect(throws: InferenceError.self) { try runOperator1("Add", [a, Tensor(shape: [1], int64s: [1])]) }
        do {
            _ = try runOperator1("Sigmoid", [Tensor(shape: [1], int64s: [1])])
            Issue.record("expected an error")
        } catch let error as InferenceError {
            #expect(error.kind == .unsupportedAttribute && error.message.contains("Sigmoid node 'n'"))
        } catch { Issue.record("\(error)") }
    }
}
