import Testing
@testable import Inference

@Suite("Shape and data-movement operators")
struct DataMovementTests {
    let x234 = Tensor(shape: [2, 3, 4], floats: (0..<24).map(Float.init))

    struct ReshapeCase: Sendable, CustomStringConvertible {
        let shape: [Int64]
        let allowZero: Bool
        let result: [Int]?
        var description: String { "\(shape) allowzero \(allowZero)" }
    }

    @Test(arguments: [
        ReshapeCase(shape: [4, 0, -1], allowZero: false, result: [4, 3, 2]),
        ReshapeCase(shape: [-1], allowZero: false, result: [24]),
        ReshapeCase(shape: [0, 0, 0], allowZero: false, result: [2, 3, 4]),
        ReshapeCase(shape: [0, 12], allowZero: true, result: nil),
        ReshapeCase(shape: [-1, -1], allowZero: false, result: nil),
        ReshapeCase(shape: [5, -1], allowZero: false, result: nil),
    ])
    func reshapeResolvesZeroAndMinusOne(_ c: ReshapeCase) throws {
        let run = { try runOperator1("Reshape", opset: 14, [self.x234, Tensor(shape: [c.shape.count], int64s: c.shape)],
                                     ["allowzero": .int(c.allowZero ? 1 : 0)]) }
        if let expected = c.result {
            let y = try run()
            #expect(y.shape == expected && y.floats == x234.floats)
        } else {
            #expect(throws: InferenceError.self) { try run() }
        }
    }

    @Test func reshapeWithAllowZeroMakesAnEmptyAxis() throws {
        let empty = Tensor(zeros: .float32, shape: [0, 3, 4])
        let y = try runOperator1("Reshape", opset: 14, [empty, Tensor(shape: [3], int64s: [3, 4, 0])], ["allowzero": .int(1)])
        #expect(y.shape == [3, 4, 0])
    }

    @Test func flattenSqueezeUnsqueeze() throws {
        #expect(try runOperator1("Flatten", [x234], ["axis": .int(-1)]).shape == [6, 4])
        #expect(try runOperator1("Flatten", [x234], ["axis": .int(0)]).shape == [1, 24])
        let y = Tensor(zeros: .float32, shape: [1, 3, 1, 5])
        #expect(try runOperator1("Squeeze", opset: 13, [y]).shape == [3, 5])
        #expect(try runOperator1("Squeeze", opset: 13, [y, Tensor(shape: [1], int64s: [-2])]).shape == [1, 3, 5])
        #expect(try runOperator1("Squeeze", opset: 11, [y], ["axes": .ints([0])]).shape == [3, 1, 5])
        #expect(throws: InferenceError.self) { try runOperator1("Squeeze", opset: 13, [y, Tensor(shape: [1], int64s: [1])]) }
        #expect(try runOperator1("Unsqueeze", opset: 13, [x234, Tensor(shape: [2], int64s: [-1, 0])]).shape == [1, 2, 3, 4, 1])
        #expect(try runOperator1("Unsqueeze", opset: 11, [x234], ["axes": .ints([1])]).shape == [2, 1, 3, 4])
    }

    struct SliceCase: Sendable, CustomStringConvertible {
        let starts: [Int64], ends: [Int64], axes: [Int64]?, steps: [Int64]?
        var description: String { "\(starts) \(ends) \(axes ?? []) \(steps ?? [])" }
    }

    /// Slices against Swift's own stride over indices, per axis.
    @Test(arguments: [
        SliceCase(starts: [0, 1], ends: [2, 3], axes: [0, 1], steps: nil),
        SliceCase(starts: [-1], ends: [-1000], axes: [2], steps: [-1]),
        SliceCase(starts: [1, 5], ends: [1000, -10], axes: [1, -1], steps: [1, -2]),
        SliceCase(starts: [3], ends: [1], axes: [0], steps: [1]),
        SliceCase(starts: [Int64.min, 0], ends: [Int64.max, 4], axes: nil, steps: [2, 3]),
    ])
    func sliceMatchesStrides(_ c: SliceCase) throws {
        let inputs: [Tensor?] = [
            x234, Tensor(shape: [c.starts.count], int64s: c.starts), Tensor(shape: [c.ends.count], int64s: c.ends),
            c.axes.map { Tensor(shape: [$0.count], int64s: $0) }, c.steps.map { Tensor(shape: [$0.count], int64s: $0) },
        ]
        let y = try runOperator1("Slice", opset: 13, inputs)
        // Expected: per axis, the Python range(start, end, step) after clamping.
        var ranges = [0..<2, 0..<3, 0..<4].map { Array($0) }
        for (i, a) in (c.axes ?? (0..<Int64(c.starts.count)).map { $0 }).enumerated() {
            let axis = a < 0 ? Int(a) + 3 : Int(a)
            let n = ranges[axis].count, step = Int(c.steps?[i] ?? 1)
            func norm(_ v: Int64) -> Int { let v = v < 0 ? Int(max(v, Int64(Int.min / 2))) + n : Int(min(v, Int64(Int.max / 2))); return v }
            var s = norm(c.starts[i]), e = norm(c.ends[i])
            if step > 0 {
                s = min(max(s, 0), n); e = min(max(e, 0), n)
                ranges[axis] = Array(stride(from: s, to: e, by: step))
            } else {
                s = min(max(s, 0), n - 1); e = min(max(e, -1), n - 1)
                ranges[axis] = Array(stride(from: s, to: e, by: step))
            }
        }
        #expect(y.shape == ranges.map(\.count))
        var expected: [Float] = []
        for i in ranges[0] { for j in ranges[1] { for k in ranges[2] { expected.append(Float(i * 12 + j * 4 + k)) } } }
        #expect(y.floats == expected)
    }

    @Test func padModes() throws {
        let x = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        let pads = Tensor(shape: [4], int64s: [1, 2, 0, 1])
        let constant = try runOperator1("Pad", opset: 13, [x, pads, Tensor(shape: [], floats: [9])])
        #expect(constant.shape == [3, 6])
        #expect(constant.floats == [9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 9, 9, 9, 4, 5, 6, 9])
        let reflect = try runOperator1("Pad", opset: 13, [x, pads], ["mode": .string("reflect")])
        #expect(reflect.floats == [6, 5, 4, 5, 6, 5, 3, 2, 1, 2, 3, 2, 6, 5, 4, 5, 6, 5])
        let edge = try runOperator1("Pad", opset: 13, [x, pads], ["mode": .string("edge")])
        #expect(edge.floats == [1, 1, 1, 2, 3, 3, 1, 1, 1, 2, 3, 3, 4, 4, 4, 5, 6, 6])
        let crop = try runOperator1("Pad", opset: 13, [x, Tensor(shape: [4], int64s: [0, -1, 0, 0])])
        #expect(crop.shape == [2, 2] && crop.floats == [2, 3, 5, 6])
        let old = try runOperator1("Pad", opset: 2, [x], ["pads": .ints([0, 1, 0, 0]), "value": .float(-1)])
        #expect(old.floats == [-1, 1, 2, 3, -1, 4, 5, 6])
        let axes = try runOperator1("Pad", opset: 18, [x, Tensor(shape: [2], int64s: [1, 1]), nil, Tensor(shape: [1], int64s: [-1])])
        #expect(axes.shape == [2, 5] && axes.floats == [0, 1, 2, 3, 0, 0, 4, 5, 6, 0])
    }

    @Test func concatSplitTranspose() throws {
        let a = Tensor(shape: [2, 1], floats: [1, 2]), b = Tensor(shape: [2, 2], floats: [3, 4, 5, 6])
        let empty = Tensor(zeros: .float32, shape: [2, 0])
        let joined = try runOperator1("Concat", [a, empty, b], ["axis": .int(-1)])
        #expect(joined.shape == [2, 3] && joined.floats == [1, 3, 4, 2, 5, 6])
        let parts = try runOperator("Split", opset: 13, [joined, Tensor(shape: [2], int64s: [2, 1])], ["axis": .int(1)], outputs: 2)
        #expect(parts[0].floats == [1, 3, 2, 5] && parts[1].floats == [4, 6])
        let thirds = try runOperator("Split", opset: 18, [Tensor(shape: [5], floats: [1, 2, 3, 4, 5])], ["num_outputs": .int(3)], outputs: 3)
        #expect(thirds.map(\.floats) == [[1, 2], [3, 4], [5]])
        let halves = try runOperator("Split", opset: 11, [Tensor(shape: [4], floats: [1, 2, 3, 4])], [:], outputs: 2)
        #expect(halves.map(\.floats) == [[1, 2], [3, 4]])
        let t = try runOperator1("Transpose", [x234], ["perm": .ints([2, 0, 1])])
        #expect(t.shape == [4, 2, 3])
        #expect(t.floats == allIndices([4, 2, 3]).map { Float($0[1] * 12 + $0[2] * 4 + $0[0]) })
        #expect(try runOperator1("Transpose", [x234]).shape == [4, 3, 2])
    }

    @Test func gatherExpandTile() throws {
        let g = try runOperator1("Gather", [x234, Tensor(shape: [2, 1], int64s: [-1, 0])], ["axis": .int(1)])
        #expect(g.shape == [2, 2, 1, 4])
        #expect(g.floats == [8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15])
        #expect(throws: InferenceError.self) { try runOperator1("Gather", [x234, Tensor(shape: [1], int64s: [3])], ["axis": .int(1)]) }
        let scalarIndex = try runOperator1("Gather", [Tensor(shape: [3], int64s: [7, 8, 9]), Tensor(shape: [], int64s: [1])])
        #expect(scalarIndex.shape == [] && scalarIndex.integers == [8])
        let e = try runOperator1("Expand", [Tensor(shape: [3, 1], floats: [1, 2, 3]), Tensor(shape: [3], int64s: [2, 1, 2])])
        #expect(e.shape == [2, 3, 2] && e.floats == [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
        let tiled = try runOperator1("Tile", [Tensor(shape: [2, 2], floats: [1, 2, 3, 4]), Tensor(shape: [2], int64s: [2, 2])])
        #expect(tiled.shape == [4, 4] && tiled.floats == [1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2, 3, 4, 3, 4])
    }

    @Test func shapeSizeConstantsCastRange() throws {
        #expect(try runOperator1("Shape", opset: 15, [x234]).integers == [2, 3, 4])
        #expect(try runOperator1("Shape", opset: 15, [x234], ["start": .int(-2), "end": .int(100)]).integers == [3, 4])
        #expect(try runOperator1("Shape", opset: 15, [x234], ["start": .int(2), "end": .int(1)]).shape == [0])
        #expect(try runOperator1("Size", [x234]).integers == [24])
        #expect(try runOperator1("Constant", [], ["value_ints": .ints([3, 4])]).integers == [3, 4])
        #expect(try runOperator1("Constant", [], ["value_float": .float(2)]).floats == [2])
        let filled = try runOperator1("ConstantOfShape", [Tensor(shape: [2], int64s: [2, 3])], ["value": .tensor(Tensor(shape: [1], int64s: [7]))])
        #expect(filled.shape == [2, 3] && filled.integers == [7, 7, 7, 7, 7, 7])
        #expect(try runOperator1("ConstantOfShape", [Tensor(shape: [1], int64s: [0])]).shape == [0])
        let cast = try runOperator1("Cast", [Tensor(shape: [5], floats: [1.9, -1.9, .nan, 1e20, 0])], ["to": .int(7)])
        #expect(cast.integers == [1, -1, 0, Int(Int64.max), 0])
        let toBool = try runOperator1("Cast", [Tensor(shape: [3], floats: [0, 2, .nan])], ["to": .int(9)])
        #expect(toBool.elements(as: Bool.self) == [false, true, true])
        let narrow = try runOperator1("Cast", [Tensor(shape: [2], int64s: [300, -1])], ["to": .int(2)])
        #expect(narrow.elements(as: UInt8.self) == [44, 255])
        #expect(try runOperator1("Cast", [Tensor(shape: [2], elements: [true, false])], ["to": .int(1)]).floats == [1, 0])
        #expect(throws: InferenceError.self) { try runOperator1("Cast", [x234], ["to": .int(10)]) }
        let range = try runOperator1("Range", [Tensor(shape: [], int64s: [10]), Tensor(shape: [], int64s: [4]), Tensor(shape: [], int64s: [-3])])
        #expect(range.integers == [10, 7])
        let floats = try runOperator1("Range", [Tensor(shape: [], floats: [0]), Tensor(shape: [], floats: [1]), Tensor(shape: [], floats: [0.25])])
        #expect(floats.floats == [0, 0.25, 0.5, 0.75])
    }

    @Test func identityAndDropout() throws {
        let outputs = try runOperator("Dropout", opset: 13, [x234], [:], outputs: 2)
        #expect(outputs[0].floats == x234.floats && outputs[1].elements(as: Bool.self).allSatisfy { $0 })
        #expect(try runOperator1("Identity", [x234]).floats == x234.floats)
        #expect(throws: InferenceError.self) {
            try runOperator1("Dropout", opset: 13, [x234, Tensor(shape: [], floats: [0.5]), Tensor(shape: [], elements: [true])])
        }
    }
}
