import Foundation
import Testing
@testable import Inference

@Suite("Reductions, ArgMax and Resize")
struct ReduceResizeTests {
    struct ReduceCase: Sendable, CustomStringConvertible {
        let op: String
        let axes: [Int]
        let keepDims: Bool
        var description: String { "\(op) \(axes) keepdims \(keepDims)" }
    }

    static let shape = [2, 3, 4]

    /// Each reduction against sums over the naive index set, with the axes as an attribute
    /// (opset 13) and as an input (opset 18).
    @Test(arguments: [
        ReduceCase(op: "ReduceSum", axes: [1], keepDims: true),
        ReduceCase(op: "ReduceMean", axes: [0, 2], keepDims: false),
        ReduceCase(op: "ReduceMax", axes: [-1], keepDims: true),
        ReduceCase(op: "ReduceMin", axes: [], keepDims: false),
        ReduceCase(op: "ReduceProd", axes: [0], keepDims: true),
        ReduceCase(op: "ReduceL2", axes: [2, 1], keepDims: false),
        ReduceCase(op: "ReduceSumSquare", axes: [1], keepDims: false),
        ReduceCase(op: "ReduceLogSumExp", axes: [0, 1, 2], keepDims: true),
    ])
    func reductionsMatchNaive(_ c: ReduceCase) throws {
        let values = randomFloats(24, seed: 11)
        let x = Tensor(shape: Self.shape, floats: values)
        let reduced = Set((c.axes.isEmpty ? [0, 1, 2] : c.axes).map { $0 < 0 ? $0 + 3 : $0 })
        let outShape = (0..<3).compactMap { reduced.contains($0) ? (c.keepDims ? 1 : nil) : Self.shape[$0] }
        var groups: [[Int]: [Double]] = [:]
        for (flat, index) in allIndices(Self.shape).enumerated() {
            let key = (0..<3).map { reduced.contains($0) ? 0 : index[$0] }
            groups[key, default: []].append(Double(values[flat]))
        }
        let keptShape = (0..<3).map { reduced.contains($0) ? 1 : Self.shape[$0] }
        let expected: [Float] = allIndices(keptShape).map { key in
            let g = groups[key]!
            switch c.op {
            case "ReduceSum": return Float(g.reduce(0, +))
            case "ReduceMean": return Float(g.reduce(0, +) / Double(g.count))
            case "ReduceMax": return Float(g.max()!)
            case "ReduceMin": return Float(g.min()!)
            case "ReduceProd": return Float(g.reduce(1, *))
            case "ReduceL2": return Float(g.map { $0 * $0 }.reduce(0, +).squareRoot())
            case "ReduceSumSquare": return Float(g.map { $0 * $0 }.reduce(0, +))
            default: return Float(log(g.map { exp($0) }.reduce(0, +)))
            }
        }
        let keep: [String: Attribute] = ["keepdims": .int(c.keepDims ? 1 : 0)]
        let old = try runOperator1(c.op, opset: 13, [x], c.axes.isEmpty || c.op == "ReduceSum" ? keep : keep.merging(["axes": .ints(c.axes)]) { $1 })
        let sumAxes: Tensor? = c.op == "ReduceSum" ? Tensor(shape: [c.axes.count], int64s: c.axes.map(Int64.init)) : nil
        let fromOld = c.op == "ReduceSum" ? try runOperator1(c.op, opset: 13, [x, sumAxes], keep) : old
        let new = try runOperator1(c.op, opset: 18, [x, Tensor(shape: [c.axes.count], int64s: c.axes.map(Int64.init))], keep)
        for y in [fromOld, new] {
            #expect(y.shape == outShape)
            #expect(close(y.floats, expected, 1e-5))
        }
    }

    @Test func emptyAxesWithNoopCopy() throws {
        let x = Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
        let y = try runOperator1("ReduceSum", opset: 13, [x, Tensor(shape: [0], int64s: [])], ["noop_with_empty_axes": .int(1)])
        #expect(y.shape == [2, 2] && y.floats == [1, 2, 3, 4])
        #expect(try runOperator1("ReduceMax", opset: 13, [Tensor(shape: [3], int64s: [4, -9, 7])], ["keepdims": .int(0)]).integers == [7])
    }

    @Test func argMaxAndArgMinPickFirstOrLast() throws {
        let x = Tensor(shape: [2, 3], floats: [1, 5, 5, 2, 0, 2])
        #expect(try runOperator1("ArgMax", [x], ["axis": .int(1)]).integers == [1, 0])
        #expect(try runOperator1("ArgMax", [x], ["axis": .int(-1), "select_last_index": .int(1), "keepdims": .int(0)]).integers == [2, 2])
        #expect(try runOperator1("ArgMin", [x], ["axis": .int(0)]).integers == [0, 1, 1])
        let keep = try runOperator1("ArgMax", [x], ["axis": .int(0)])
        #expect(keep.shape == [1, 3] && keep.integers == [1, 0, 0])
    }

    @Test func argMaxOverChannelsIsTheSameSerialAndParallel() throws {
        let x = Tensor(shape: [1, 5, 64, 300], floats: randomFloats(5 * 64 * 300, seed: 4))
        let runs = try serialAndParallel { try runOperator1("ArgMax", [x], ["axis": .int(1)]).integers }
        #expect(runs.serial == runs.parallel)
        let f = x.floats
        for p in stride(from: 0, to: 64 * 300, by: 997) {
            let channels = (0..<5).map { f[$0 * 64 * 300 + p] }
            #expect(runs.serial[p] == channels.firstIndex(of: channels.max()!)!)
        }
    }

    /// 2× bilinear enlargement of a 2×2 image: half_pixel samples at ±0.25 around each pixel
    /// (edges repeat); align_corners spans the corners exactly.
    @Test func bilinearResizeCoordinateModes() throws {
        let x = Tensor(shape: [1, 1, 2, 2], floats: [0, 4, 8, 12])
        let scales = Tensor(shape: [4], floats: [1, 1, 2, 2])
        let half = try runOperator1("Resize", opset: 13, [x, nil, scales], ["mode": .string("linear")])
        #expect(half.shape == [1, 1, 4, 4])
        #expect(half.floats == [0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12])
        let sizes = Tensor(shape: [4], int64s: [1, 1, 3, 3])
        let corners = try runOperator1("Resize", opset: 13, [x, nil, nil, sizes],
                                       ["mode": .string("linear"), "coordinate_transformation_mode": .string("align_corners")])
        #expect(corners.floats == [0, 2, 4, 4, 6, 8, 8, 10, 12])
        let nearest = try runOperator1("Resize", opset: 13, [x, nil, scales], ["mode": .string("nearest")])
        #expect(nearest.floats == [0, 0, 4, 4, 0, 0, 4, 4, 8, 8, 12, 12, 8, 8, 12, 12])
        let upsample = try runOperator1("Upsample", opset: 9, [x, scales], ["mode": .string("nearest")])
        #expect(upsample.floats == nearest.floats)
        let axes = try runOperator1("Resize", opset: 18, [x, nil, Tensor(shape: [1], floats: [2])],
                                    ["mode": .string("nearest"), "axes": .ints([3])])
        #expect(axes.shape == [1, 1, 2, 4] && axes.floats == [0, 0, 4, 4, 8, 8, 12, 12])
        #expect(throws: InferenceError.self) {
            try runOperator1("Resize", opset: 13, [x, nil, scales], ["mode": .string("area")])
        }
    }

    @Test func largeBilinearResizeIsTheSameSerialAndParallel() throws {
        let x = Tensor(shape: [1, 3, 40, 50], floats: randomFloats(3 * 40 * 50, seed: 8))
        let sizes = Tensor(shape: [4], int64s: [1, 3, 97, 131])
        let runs = try serialAndParallel {
            try runOperator1("Resize", opset: 17, [x, nil, nil, sizes],
                             ["mode": .string("linear"), "coordinate_transformation_mode": .string("pytorch_half_pixel")]).floats
        }
        #expect(runs.serial == runs.parallel)
        #expect(runs.serial.count == 3 * 97 * 131)
    }
}
