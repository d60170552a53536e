import PixelEngine
import Testing
@testable import Inference

/// One MaxPool/AveragePool configuration.
struct PoolCase: Sendable, CustomStringConvertible {
    var shape: [Int]
    var kernel: [Int]
    var strides: [Int]? = nil
    var dilations: [Int]? = nil
    var pads: [Int]? = nil
    var autoPad: String? = nil
    var ceil = false
    var includePad = false

    var description: String {
        "\(shape) k\(kernel) s\(strides ?? []) d\(dilations ?? []) p\(pads ?? []) \(autoPad ?? "") ceil \(ceil) includePad \(includePad)"
    }

    func node(_ op: String) -> Node {
        var a: [String: Attribute] = ["kernel_shape": .ints(kernel)]
        if let strides { a["strides"] = .ints(strides) }
        if let dilations { a["dilations"] = .ints(dilations) }
        if let pads { a["pads"] = .ints(pads) }
        if let autoPad { a["auto_pad"] = .string(autoPad) }
        if ceil { a["ceil_mode"] = .int(1) }
        if op == "AveragePool" && includePad { a["count_include_pad"] = .int(1) }
        return ConvOpsTesting.node(op, inputs: 1, a)
    }

    /// Direct loops; `max` or average, written independently of the kernel.
    func reference(_ x: [Float], max: Bool) -> (shape: [Int], values: [Float]) {
        let r = kernel.count
        let spatial = Array(shape.dropFirst(2))
        let s = strides ?? Array(repeating: 1, count: r), d = dilations ?? Array(repeating: 1, count: r)
        var begin = [Int](repeating: 0, count: r), end = begin, out = begin
        for i in 0..<r {
            let dk = (kernel[i] - 1) * d[i] + 1
            switch autoPad {
            case "SAME_UPPER", "SAME_LOWER":
                out[i] = (spatial[i] + s[i] - 1) / s[i]
                let total = Swift.max(0, (out[i] - 1) * s[i] + dk - spatial[i])
                begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
                end[i] = total - begin[i]
            default:
                begin[i] = pads?[i] ?? 0
                end[i] = pads?[r + i] ?? 0
                let span = Double(spatial[i] + begin[i] + end[i] - dk) / Double(s[i])
                out[i] = Int(ceil ? span.rounded(.up) : span.rounded(.down)) + 1
                if ceil && (out[i] - 1) * s[i] >= spatial[i] + begin[i] { out[i] -= 1 }
            }
        }
        let planes = shape[0] * shape[1], inSize = spatial.reduce(1, *), outSize = out.reduce(1, *)
        var y: [Float] = []
        for plane in 0..<planes {
            for o in 0..<outSize {
                var oi = [Int](repeating: 0, count: r), rest = o
                for i in stride(from: r - 1, through: 0, by: -1) { oi[i] = rest % out[i]; rest /= out[i] }
                var best = -Float.infinity, sum: Float = 0, count = 0, padded = 1
                for i in 0..<r {
                    let start = oi[i] * s[i] - begin[i]
                    padded *= Swift.min(start + kernel[i], spatial[i] + end[i]) - start
                }
                for t in 0..<kernel.reduce(1, *) {
                    var ki = [Int](repeating: 0, count: r), rest = t
                    for i in stride(from: r - 1, through: 0, by: -1) { ki[i] = rest % kernel[i]; rest /= kernel[i] }
                    var index = 0, inside = true
                    for i in 0..<r {
                        let p = oi[i] * s[i] - begin[i] + ki[i] * d[i]
                        if p < 0 || p >= spatial[i] { inside = false }
                        index = index * spatial[i] + p
                    }
                    guard inside else { continue }
                    let v = x[plane * inSize + index]
                    best = Swift.max(best, v)
                    sum += v
                    count += 1
                }
                y.append(max ? best : sum / Float(includePad ? padded : count))
            }
        }
        return (Array(shape.prefix(2)) + out, y)
    }
}

@Suite("Pools")
struct PoolTests {
    static let cases: [PoolCase] = [
        PoolCase(shape: [1, 2, 7, 9], kernel: [3, 3]),
        PoolCase(shape: [2, 3, 9, 8], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1]),
        PoolCase(shape: [1, 2, 8, 8], kernel: [2, 3], strides: [2, 2], pads: [0, 1, 1, 0]),
        PoolCase(shape: [1, 2, 9, 8], kernel: [3, 3], strides: [2, 2], ceil: true),
        PoolCase(shape: [1, 2, 10, 7], kernel: [3, 2], strides: [3, 2], pads: [1, 1, 1, 1], ceil: true),
        PoolCase(shape: [1, 2, 8, 7], kernel: [3, 3], strides: [2, 2], autoPad: "SAME_UPPER"),
        PoolCase(shape: [1, 2, 8, 7], kernel: [2, 2], strides: [1, 1], autoPad: "SAME_LOWER"),
        PoolCase(shape: [1, 2, 8, 7], kernel: [3, 3], pads: [2, 2, 2, 2], includePad: true),
        PoolCase(shape: [1, 2, 9, 8], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil: true, includePad: true),
        PoolCase(shape: [1, 3, 13], kernel: [4], strides: [3], pads: [1, 2]),
        PoolCase(shape: [1, 2, 4, 5, 6], kernel: [2, 3, 2], strides: [1, 2, 2], pads: [0, 1, 1, 1, 1, 0]),
        PoolCase(shape: [2, 16, 40, 41], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1]),
    ]

    @Test(arguments: cases)
    func maxPoolMatchesDirectLoops(_ c: PoolCase) throws {
        let x = ConvOpsTesting.random(c.shape, seed: 7)
        let y = try ConvOpsTesting.runBoth(c.node("MaxPool"), [x])
        let e = c.reference(x.floats, max: true)
        ConvOpsTesting.expectClose(y[0], shape: e.shape, e.values, tolerance: 0)
    }

    @Test(arguments: cases)
    func averagePoolMatchesDirectLoops(_ c: PoolCase) throws {
        let x = ConvOpsTesting.random(c.shape, seed: 8)
        let y = try ConvOpsTesting.runBoth(c.node("AveragePool"), [x])
        let e = c.reference(x.floats, max: false)
        ConvOpsTesting.expectClose(y[0], shape: e.shape, e.values, tolerance: 1e-5)
    }

    @Test func maxPoolDilations() throws {
        let c = PoolCase(shape: [1, 2, 11, 10], kernel: [3, 2], strides: [1, 2], dilations: [2, 3], pads: [2, 1, 1, 2])
        let x = ConvOpsTesting.random(c.shape, seed: 9)
        let y = try ConvOpsTesting.runBoth(c.node("MaxPool"), [x])
        let e = c.reference(x.floats, max: true)
        ConvOpsTesting.expectClose(y[0], shape: e.shape, e.values, tolerance: 0)
    }

    @Test func globalPools() throws {
        for shape in [[2, 3, 5, 7], [1, 4, 33], [1, 2, 3, 4, 5], [2, 3]] {
            let x = ConvOpsTesting.random(shape, seed: 10)
            let v = x.floats, planes = shape[0] * shape[1], size = v.count / planes
            let outShape = Array(shape.prefix(2)) + Array(repeating: 1, count: shape.count - 2)
            let avg = try ConvOpsTesting.runBoth(ConvOpsTesting.node("GlobalAveragePool", inputs: 1), [x])
            let max = try ConvOpsTesting.runBoth(ConvOpsTesting.node("GlobalMaxPool", inputs: 1), [x])
            ConvOpsTesting.expectClose(avg[0], shape: outShape, (0..<planes).map { p in
                v[(p * size)..<((p + 1) * size)].reduce(0, +) / Float(size)
            }, tolerance: 1e-5)
            ConvOpsTesting.expectClose(max[0], shape: outShape, (0..<planes).map { p in
                v[(p * size)..<((p + 1) * size)].max()!
            }, tolerance: 0)
        }
    }

    @Test func refusals() throws {
        // No kernel_shape, Indices output, an attribute of another opset, non-float input.
        #expect(throws: InferenceError.self) { try OperatorRegistry.make(ConvOpsTesting.node("MaxPool", inputs: 1)) }
        do {
            _ = try OperatorRegistry.make(ConvOpsTesting.node("MaxPool", inputs: 1, outputs: 2, ["kernel_shape": .ints([2, 2])]))
            Issue.record("Indices output accepted")
        } catch let e as InferenceError {
            #expect(e.kind == .unsupportedAttribute && e.message.contains("Indices"))
        }
        #expect(throws: InferenceError.self) {
            try OperatorRegistry.make(ConvOpsTesting.node("AveragePool", inputs: 1, ["kernel_shape": .ints([2, 2]), "dilations": .ints([2, 2])]))
        }
        let pool = try OperatorRegistry.make(ConvOpsTesting.node("MaxPool", inputs: 1, ["kernel_shape": .ints([2, 2])]))
        do {
            _ = try pool.infer([ValueInfo(.uint8, shape: [1, 1, 4, 4])])
            Issue.record("uint8 accepted")
        } catch let e as InferenceError {
            #expect(e.kind == .unsupportedAttribute && e.message.contains("uint8"))
        }
        #expect(throws: InferenceError.self) { try pool.infer([ValueInfo(.float32, shape: [1, 4, 4])]) }
        #expect(throws: InferenceError.self) { try pool.infer([ValueInfo(.float32, shape: [1, 1, 1, 4])]) }
    }
}
