#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2,
/// ReduceSumSquare, ReduceLogSum and ReduceLogSumExp over `axes` (all axes when none are
/// given, unless `noop_with_empty_axes` is 1, which makes the node a copy).
///
/// The axes are an attribute, or an input for ReduceSum from opset 13 and for every reduction
/// from 18. With `keepdims` (default 1) the reduced axes stay with extent 1. Sum, Mean, Max,
/// Min and Prod take every numeric type; the others floats.
struct Reduce: Operator {
    enum Function: String, Sendable, CaseIterable {
        case sum = "ReduceSum", mean = "ReduceMean", max = "ReduceMax", min = "ReduceMin", prod = "ReduceProd"
        case l1 = "ReduceL1", l2 = "ReduceL2", sumSquare = "ReduceSumSquare", logSum = "ReduceLogSum"
        case logSumExp = "ReduceLogSumExp"
    }

    let node: Node
    let function: Function
    let keepDims: Bool
    let noopWithEmptyAxes: Bool
    /// True when the axes come from the second input.
    let axesFromInput: Bool
    let attributeAxes: [Int]?

    init(_ node: Node, _ function: Function) throws {
        self.node = node
        self.function = function
        axesFromInput = node.opsetVersion >= 18 || (function == .sum && node.opsetVersion >= 13)
        try node.checkAttributes(axesFromInput ? ["keepdims", "noop_with_empty_axes"] : ["keepdims", "axes"])
        keepDims = try node.int("keepdims", default: 1) != 0
        noopWithEmptyAxes = try node.int("noop_with_empty_axes", default: 0) != 0
        attributeAxes = try node.ints("axes")
    }

    /// The reduced axes, non-negative; nil for a copy.
    private func reducedAxes(rank: Int, given: [Int]?) throws -> [Int]? {
        let given = given ?? []
        if given.isEmpty { return noopWithEmptyAxes ? nil : Array(0..<rank) }
        return try node.axes(given, rank: rank)
    }

    private func outputShape(_ shape: [Int], _ axes: [Int]?) -> [Int] {
        guard let axes else { return shape }
        let reduced = Set(axes)
        return shape.indices.compactMap { reduced.contains($0) ? (keepDims ? 1 : nil) : shape[$0] }
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "data")
        let general: Set<Function> = [.sum, .mean, .max, .min, .prod]
        try node.check(x.elementType, in: general.contains(function) ? ElementType.numeric : ElementType.floats, "data")
        let given = axesFromInput ? try node.constantIntegers(inputs, 1, "axes") : attributeAxes
        return [TensorType(x.elementType, outputShape(x.shape, try reducedAxes(rank: x.shape.count, given: given)))]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0), out = outputs[0]
        guard let axes = try reducedAxes(rank: x.rank, given: axesFromInput ? node.integers(inputs, 1) : attributeAxes) else {
            return copyBytes(x, into: out)
        }
        _ = try visitNumeric(x.elementType, Kernel(function: function, x: x, out: out, axes: Set(axes)))
    }

    private struct Kernel: NumericVisitor {
        let function: Function
        let x: Tensor, out: Tensor
        let axes: Set<Int>

        func visit<T: NumericElement>(_: T.Type) {
            let initial: T
            switch function {
            case .max: initial = T.lowest
            case .min: initial = T.highest
            case .prod: initial = T(convertingDouble: 1)
            default: initial = T.zeroValue
            }
            let po = out.pointer(T.self), px = x.pointer(T.self)
            po.update(repeating: initial, count: out.count)
            // Walk the input in order; the output offset moves only along kept axes.
            let keptStrides = contiguousStrides(x.shape.indices.map { axes.contains($0) ? 1 : x.shape[$0] })
            let strides = x.shape.indices.map { axes.contains($0) ? 0 : keptStrides[$0] }
            let plan = BroadcastPlan(output: x.shape, strides: [strides])
            let s = plan.innerStride(0)
            let function = self.function
            func mapped(_ v: T) -> T {
                switch function {
                case .l1: v < T.zeroValue ? T.subtract(T.zeroValue, v) : v
                case .l2, .sumSquare: T.multiply(v, v)
                case .logSumExp: T(convertingDouble: exp(v.doubleValue))
                default: v
                }
            }
            func combine(_ a: T, _ b: T) -> T {
                switch function {
                case .max: a.isNaNValue || a > b ? a : b
                case .min: a.isNaNValue || a < b ? a : b
                case .prod: T.multiply(a, b)
                default: T.add(a, b)
                }
            }
            plan.forEachRun(parallel: false) { offsets, inOffset, n in
                let src = px + inOffset, dst = po + offsets.a
                if s == 0 {
                    var acc = dst[0]
                    for i in 0..<n { acc = combine(acc, mapped(src[i])) }
                    dst[0] = acc
                } else {
                    for i in 0..<n { dst[i &* s] = combine(dst[i &* s], mapped(src[i])) }
                }
            }
            let reducedCount = Double(x.count) / Double(max(out.count, 1))
            switch function {
            case .mean:
                for i in 0..<out.count { po[i] = T(convertingDouble: po[i].doubleValue / reducedCount) }
            case .l2:
                for i in 0..<out.count { po[i] = T(convertingDouble: po[i].doubleValue.squareRoot()) }
            case .logSum, .logSumExp:
                for i in 0..<out.count { po[i] = T(convertingDouble: log(po[i].doubleValue)) }
            default: break
            }
        }
    }
}
