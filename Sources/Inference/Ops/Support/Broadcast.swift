import PixelEngine

/// The numpy broadcast of `shapes`: aligned at the last axis, each axis equal or 1; nil when
/// two extents differ and neither is 1.
func broadcastShapes(_ shapes: [[Int]]) -> [Int]? {
    let rank = shapes.map(\.count).max() ?? 0
    var result = [Int](repeating: 1, count: rank)
    for shape in shapes {
        let offset = rank - shape.count
        for (i, extent) in shape.enumerated() {
            let axis = offset + i
            if result[axis] == extent || extent == 1 { continue }
            if result[axis] == 1 { result[axis] = extent } else { return nil }
        }
    }
    return result
}

/// Whether `shape` broadcasts to exactly `target` (unidirectional broadcasting, as PRelu's
/// slope and Expand's input do).
func broadcasts(_ shape: [Int], to target: [Int]) -> Bool {
    broadcastShapes([shape, target]) == target
}

/// Element offsets of up to three operands at the start of one run.
struct RunOffsets {
    var a = 0, b = 0, c = 0
}

/// How to walk up to three operands broadcast to an output shape: axes of extent 1 dropped,
/// neighbouring axes merged wherever every operand is contiguous across them, so that the
/// common cases (same shape, a scalar, a per-channel `[C, 1, 1]` operand) become long
/// innermost runs with a stride of 1 or 0.
struct BroadcastPlan {
    /// Merged output extents, outermost first; `[1]` for a scalar output.
    let extents: [Int]
    /// Per operand (3, missing ones all zero), its stride along each merged axis.
    let strides: [[Int]]
    /// The number of output elements.
    let count: Int

    /// The walk of `operands` broadcast to `output`.
    init(output: [Int], operands: [[Int]]) {
        let rank = output.count
        self.init(output: output, strides: operands.map { shape in
            precondition(shape.count <= rank, "BroadcastPlan: operand \(shape) has more axes than \(output)")
            let offset = rank - shape.count
            let natural = contiguousStrides(shape)
            return (0..<rank).map { axis in
                axis < offset || shape[axis - offset] == 1 ? 0 : natural[axis - offset]
            }
        })
    }

    /// A walk over `output` where operand `k` moves by `strides[k][axis]` elements along
    /// each output axis (0 to repeat, negative to go backwards): transposes, slices, tiles.
    init(output: [Int], strides operandStrides: [[Int]]) {
        precondition(operandStrides.count <= 3, "BroadcastPlan: at most three operands")
        let rank = output.count
        let full: [[Int]] = (0..<3).map { k in
            k < operandStrides.count ? operandStrides[k] : [Int](repeating: 0, count: rank)
        }
        var extents: [Int] = []
        var strides: [[Int]] = [[], [], []]
        for axis in 0..<rank where output[axis] != 1 {
            if let last = extents.last, (0..<3).allSatisfy({ strides[$0].last! == full[$0][axis] * output[axis] }) {
                extents[extents.count - 1] = last * output[axis]
                for k in 0..<3 { strides[k][strides[k].count - 1] = full[k][axis] }
            } else {
                extents.append(output[axis])
                for k in 0..<3 { strides[k].append(full[k][axis]) }
            }
        }
        if extents.isEmpty {
            extents = [1]
            strides = [[0], [0], [0]]
        }
        self.extents = extents
        self.strides = strides
        count = output.reduce(1, *)
    }

    /// The stride of operand `k` along the innermost run.
    func innerStride(_ k: Int) -> Int { strides[k][strides[k].count - 1] }

    /// Calls `body(offsets, outputOffset, length)` for runs that together cover the output
    /// once, in parallel; within a run operand `k` advances by `innerStride(k)` per element
    /// and the output by 1. Long single runs are cut into chunks so both cores work.
    ///
    /// With `parallel` false the runs come in order on the caller's thread, so several runs
    /// may accumulate into the same memory (reductions).
    func forEachRun(cost: Int = 1, parallel: Bool = true, _ body: (RunOffsets, Int, Int) -> Void) {
        guard count > 0 else { return }
        let inner = extents[extents.count - 1]
        let rows = count / inner
        let chunks = rows >= 4 * ParallelRows.processorCount ? 1 : max(1, min(64, inner / 8192))
        let chunkLength = (inner + chunks - 1) / chunks
        let outerRank = extents.count - 1
        let innerA = innerStride(0), innerB = innerStride(1), innerC = innerStride(2)
        func walk(_ units: Range<Int>) {
            var row = units.lowerBound / chunks
            var chunk = units.lowerBound % chunks
            var index = [Int](repeating: 0, count: outerRank)
            var base = RunOffsets()
            var rest = row
            for axis in stride(from: outerRank - 1, through: 0, by: -1) {
                index[axis] = rest % extents[axis]
                rest /= extents[axis]
                base.a &+= index[axis] &* strides[0][axis]
                base.b &+= index[axis] &* strides[1][axis]
                base.c &+= index[axis] &* strides[2][axis]
            }
            for _ in units {
                let start = chunk &* chunkLength
                let offsets = RunOffsets(a: base.a &+ start &* innerA, b: base.b &+ start &* innerB,
                                         c: base.c &+ start &* innerC)
                body(offsets, row &* inner &+ start, min(chunkLength, inner &- start))
                chunk &+= 1
                if chunk == chunks {
                    chunk = 0
                    row &+= 1
                    var axis = outerRank - 1
                    while axis >= 0 {
                        index[axis] &+= 1
                        base.a &+= strides[0][axis]
                        base.b &+= strides[1][axis]
                        base.c &+= strides[2][axis]
                        if index[axis] < extents[axis] { break }
                        base.a &-= strides[0][axis] &* extents[axis]
                        base.b &-= strides[1][axis] &* extents[axis]
                        base.c &-= strides[2][axis] &* extents[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        if parallel {
            parallelRows(rows * chunks, costPerRow: chunkLength * cost) { walk($0) }
        } else {
            walk(0..<rows * chunks)
        }
    }
}

/// A function of two elements that broadcasting kernels apply.
protocol BinaryFunctor {
    associatedtype A: TensorElement
    associatedtype B: TensorElement
    associatedtype Out: TensorElement
    func callAsFunction(_ a: A, _ b: B) -> Out
}

/// `out = f(a, b)` with numpy broadcasting; `out` has the broadcast shape of `a` and `b`.
/// Fast paths: both operands contiguous, or one constant along the run (a scalar, a
/// per-channel operand).
func broadcastBinary<F: BinaryFunctor>(_ f: F, _ a: Tensor, _ b: Tensor, into out: Tensor, cost: Int = 1) {
    let plan = BroadcastPlan(output: out.shape, operands: [a.shape, b.shape])
    let pa = a.rawPointer(as: F.A.self), pb = b.rawPointer(as: F.B.self)
    let po = out.rawPointer(as: F.Out.self)
    let sa = plan.innerStride(0), sb = plan.innerStride(1)
    plan.forEachRun(cost: cost) { offsets, outOffset, n in
        let x = pa + offsets.a, y = pb + offsets.b, z = po + outOffset
        if sa == 1 && sb == 1 {
            for i in 0..<n { z[i] = f(x[i], y[i]) }
        } else if sa == 0 && sb == 1 {
            let xv = x[0]
            for i in 0..<n { z[i] = f(xv, y[i]) }
        } else if sa == 1 && sb == 0 {
            let yv = y[0]
            for i in 0..<n { z[i] = f(x[i], yv) }
        } else {
            for i in 0..<n { z[i] = f(x[i &* sa], y[i &* sb]) }
        }
    }
}

/// Copies `input` broadcast to `out`'s shape (Expand, and the first operand of variadic
/// operators).
func broadcastCopy(_ input: Tensor, into out: Tensor) {
    stridedCopy(input, plan: BroadcastPlan(output: out.shape, operands: [input.shape]), into: out)
}

/// Copies the elements of `input` that `plan`'s first operand visits, starting at element
/// `base`, into `out` in order: the one data-movement kernel behind Transpose, Slice, Tile
/// and Expand. Elements are moved by byte size, whatever their type.
func stridedCopy(_ input: Tensor, base: Int = 0, plan: BroadcastPlan, into out: Tensor) {
    switch input.elementType.byteSize {
    case 1: stridedCopy(input, base, plan, out, UInt8.self)
    case 2: stridedCopy(input, base, plan, out, UInt16.self)
    case 4: stridedCopy(input, base, plan, out, UInt32.self)
    default: stridedCopy(input, base, plan, out, UInt64.self)
    }
}

private func stridedCopy<T>(_ input: Tensor, _ base: Int, _ plan: BroadcastPlan, _ out: Tensor, _: T.Type) {
    let pi = input.rawPointer(as: T.self) + base, po = out.rawPointer(as: T.self)
    let s = plan.innerStride(0)
    plan.forEachRun { offsets, outOffset, n in
        let x = pi + offsets.a, z = po + outOffset
        if s == 1 {
            z.update(from: x, count: n)
        } else if s == 0 {
            z.update(repeating: x[0], count: n)
        } else {
            for i in 0..<n { z[i] = x[i &* s] }
        }
    }
}
