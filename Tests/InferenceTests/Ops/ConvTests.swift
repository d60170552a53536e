import PixelEngine
import Testing
@testable import Inference

/// One Conv configuration: shapes, window, groups, padding mode, bias and fused activation.
struct ConvCase: Sendable, CustomStringConvertible {
    var batch = 1
    var channels: Int
    var outChannels: Int
    var group = 1
    var spatial: [Int]
    var kernel: [Int]
    var strides: [Int]? = nil
    var dilations: [Int]? = nil
    var pads: [Int]? = nil
    var autoPad: String? = nil
    var bias = true
    var activation: String? = nil
    var alpha: Float? = nil
    var beta: Float? = nil
    var clip: (Float, Float)? = nil

    var description: String {
        "N\(batch) C\(channels)→\(outChannels) g\(group) \(spatial) k\(kernel) s\(strides ?? []) d\(dilations ?? []) p\(pads ?? []) \(autoPad ?? "") \(activation ?? "")"
    }

    var node: Node {
        var a: [String: Attribute] = ["group": .int(group), "kernel_shape": .ints(kernel)]
        if let strides { a["strides"] = .ints(strides) }
        if let dilations { a["dilations"] = .ints(dilations) }
        if let pads { a["pads"] = .ints(pads) }
        if let autoPad { a["auto_pad"] = .string(autoPad) }
        if let activation { a["segsh.activation"] = .string(activation) }
        if let alpha { a["segsh.alpha"] = .float(alpha) }
        if let beta { a["segsh.beta"] = .float(beta) }
        if let clip { a["segsh.min"] = .float(clip.0); a["segsh.max"] = .float(clip.1) }
        return ConvOpsTesting.node("Conv", inputs: bias ? 3 : 2, a)
    }

    /// Direct loops over every output pixel and tap.
    func reference(x: [Float], w: [Float], b: [Float]?) -> (shape: [Int], values: [Float]) {
        let r = spatial.count
        func pad3(_ v: [Int], _ fill: Int) -> [Int] { Array(repeating: fill, count: 3 - r) + v }
        let inp = pad3(spatial, 1), k = pad3(kernel, 1)
        let s = pad3(strides ?? Array(repeating: 1, count: r), 1)
        let d = pad3(dilations ?? Array(repeating: 1, count: r), 1)
        var begin = [0, 0, 0], out = [1, 1, 1]
        for i in 0..<3 {
            let dk = (k[i] - 1) * d[i] + 1
            let axis = i - (3 - r)
            if axis < 0 { continue }
            switch autoPad {
            case "SAME_UPPER", "SAME_LOWER":
                out[i] = (inp[i] + s[i] - 1) / s[i]
                let total = max(0, (out[i] - 1) * s[i] + dk - inp[i])
                begin[i] = autoPad == "SAME_UPPER" ? total / 2 : (total + 1) / 2
            case "VALID":
                out[i] = (inp[i] - dk) / s[i] + 1
            default:
                let pb = pads?[axis] ?? 0, pe = pads?[r + axis] ?? 0
                begin[i] = pb
                out[i] = (inp[i] + pb + pe - dk) / s[i] + 1
            }
        }
        let cg = channels / group, mg = outChannels / group
        var y = [Float](repeating: 0, count: batch * outChannels * out[0] * out[1] * out[2])
        var index = 0
        for n in 0..<batch {
            for m in 0..<outChannels {
                let g = m / mg
                for oz in 0..<out[0] { for oy in 0..<out[1] { for ox in 0..<out[2] {
                    var sum = Double(b?[m] ?? 0)
                    for c in 0..<cg { for kz in 0..<k[0] { for ky in 0..<k[1] { for kx in 0..<k[2] {
                        let iz = oz * s[0] - begin[0] + kz * d[0]
                        let iy = oy * s[1] - begin[1] + ky * d[1]
                        let ix = ox * s[2] - begin[2] + kx * d[2]
                        guard iz >= 0, iz < inp[0], iy >= 0, iy < inp[1], ix >= 0, ix < inp[2] else { continue }
                        let xi = (((n * channels + g * cg + c) * inp[0] + iz) * inp[1] + iy) * inp[2] + ix
                        let wi = (((m * cg + c) * k[0] + kz) * k[1] + ky) * k[2] + kx
                        sum += Double(x[xi]) * Double(w[wi])
                    }}}}
                    y[index] = ConvOpsTesting.activate(Float(sum), activation, alpha: alpha, beta: beta, min: clip?.0, max: clip?.1)
                    index += 1
                }}}
            }
        }
        return ([batch, outChannels] + Array(out.suffix(r)), y)
    }
}

@Suite("Conv")
struct ConvTests {
    static let cases: [ConvCase] = [
        // im2col + GEMM
        ConvCase(channels: 3, outChannels: 5, spatial: [7, 9], kernel: [3, 3], pads: [1, 1, 1, 1]),
        ConvCase(batch: 2, channels: 4, outChannels: 3, spatial: [9, 8], kernel: [3, 3], strides: [2, 2], pads: [1, 0, 2, 1]),
        ConvCase(channels: 3, outChannels: 4, spatial: [11, 10], kernel: [3, 3], dilations: [2, 2], pads: [2, 2, 2, 2], bias: false),
        ConvCase(channels: 2, outChannels: 3, spatial: [10, 7], kernel: [3, 2], strides: [1, 2], dilations: [2, 1], pads: [0, 1, 3, 0]),
        ConvCase(channels: 4, outChannels: 6, group: 2, spatial: [6, 7], kernel: [3, 3], pads: [1, 1, 1, 1]),
        ConvCase(channels: 3, outChannels: 2, spatial: [8, 8], kernel: [3, 3], strides: [2, 2], autoPad: "SAME_UPPER"),
        ConvCase(channels: 3, outChannels: 2, spatial: [8, 7], kernel: [4, 4], strides: [2, 3], autoPad: "SAME_LOWER"),
        ConvCase(channels: 3, outChannels: 2, spatial: [8, 7], kernel: [3, 3], strides: [2, 2], autoPad: "VALID"),
        ConvCase(channels: 5, outChannels: 33, spatial: [17, 19], kernel: [3, 3], pads: [1, 1, 1, 1]),
        // pointwise
        ConvCase(channels: 6, outChannels: 4, spatial: [11, 13], kernel: [1, 1]),
        ConvCase(batch: 2, channels: 8, outChannels: 20, spatial: [40, 41], kernel: [1, 1], bias: false),
        ConvCase(channels: 6, outChannels: 4, group: 2, spatial: [5, 6], kernel: [1, 1]),
        ConvCase(channels: 6, outChannels: 4, spatial: [9, 9], kernel: [1, 1], strides: [2, 2]),
        ConvCase(channels: 7, outChannels: 50, spatial: [1, 1], kernel: [1, 1]),
        // depthwise
        ConvCase(channels: 5, outChannels: 5, group: 5, spatial: [9, 11], kernel: [3, 3], pads: [1, 1, 1, 1]),
        ConvCase(batch: 2, channels: 4, outChannels: 4, group: 4, spatial: [12, 37], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1]),
        ConvCase(channels: 3, outChannels: 3, group: 3, spatial: [13, 21], kernel: [5, 5], strides: [2, 2], pads: [2, 2, 2, 2]),
        ConvCase(channels: 3, outChannels: 3, group: 3, spatial: [12, 19], kernel: [3, 3], dilations: [2, 3], pads: [2, 3, 2, 3]),
        ConvCase(channels: 3, outChannels: 6, group: 3, spatial: [7, 8], kernel: [3, 3], pads: [0, 1, 2, 0], bias: false),
        ConvCase(channels: 4, outChannels: 4, group: 4, spatial: [8, 9], kernel: [3, 3], strides: [3, 2], autoPad: "SAME_LOWER"),
        ConvCase(channels: 4, outChannels: 4, group: 4, spatial: [8, 9], kernel: [2, 4], strides: [2, 3], autoPad: "SAME_UPPER"),
        ConvCase(channels: 4, outChannels: 4, group: 4, spatial: [8, 9], kernel: [3, 3], autoPad: "VALID"),
        ConvCase(channels: 1, outChannels: 3, spatial: [6, 20], kernel: [3, 3], pads: [1, 1, 1, 1]),
        // one and three spatial axes
        ConvCase(channels: 2, outChannels: 3, spatial: [17], kernel: [3], strides: [2], pads: [1, 2]),
        ConvCase(channels: 3, outChannels: 3, group: 3, spatial: [29], kernel: [5], pads: [2, 2]),
        ConvCase(channels: 2, outChannels: 3, spatial: [4, 5, 6], kernel: [2, 3, 3], pads: [1, 1, 1, 0, 1, 1]),
        ConvCase(channels: 2, outChannels: 2, group: 2, spatial: [4, 5, 6], kernel: [3, 3, 3], strides: [1, 2, 1], pads: [1, 1, 1, 1, 1, 1]),
        // fused activations, on each kernel
        ConvCase(channels: 3, outChannels: 4, spatial: [6, 7], kernel: [3, 3], pads: [1, 1, 1, 1], activation: "Relu"),
        ConvCase(channels: 3, outChannels: 4, spatial: [6, 7], kernel: [1, 1], activation: "HardSwish"),
        ConvCase(channels: 5, outChannels: 5, group: 5, spatial: [9, 21], kernel: [3, 3], pads: [1, 1, 1, 1], activation: "HardSwish"),
        ConvCase(channels: 5, outChannels: 5, group: 5, spatial: [9, 21], kernel: [3, 3], pads: [1, 1, 1, 1], activation: "Relu"),
        ConvCase(channels: 3, outChannels: 4, spatial: [6, 7], kernel: [3, 3], activation: "LeakyRelu", alpha: 0.3),
        ConvCase(channels: 3, outChannels: 4, spatial: [6, 7], kernel: [1, 1], activation: "LeakyRelu"),
        ConvCase(channels: 3, outChannels: 4, spatial: [6, 7], kernel: [3, 3], activation: "Clip", clip: (0, 0.6)),
        ConvCase(channels: 4, outChannels: 4, group: 4, spatial: [6, 17], kernel: [3, 3], activation: "Clip", clip: (-0.2, 0.3)),
        ConvCase(channels: 3, outChannels: 4, spatial: [6, 7], kernel: [3, 3], activation: "HardSigmoid"),
        ConvCase(channels: 3, outChannels: 4, spatial: [6, 7], kernel: [1, 1], activation: "HardSigmoid", alpha: 0.4, beta: 0.3),
        ConvCase(channels: 3, outChannels: 4, spatial: [6, 7], kernel: [3, 3], pads: [1, 1, 1, 1], activation: "Sigmoid"),
        ConvCase(channels: 4, outChannels: 4, group: 4, spatial: [6, 17], kernel: [3, 3], activation: "Sigmoid"),
    ]

    @Test(arguments: cases)
    func matchesDirectLoops(_ c: ConvCase) throws {
        let x = ConvOpsTesting.random([c.batch, c.channels] + c.spatial, seed: 1)
        let w = ConvOpsTesting.random([c.outChannels, c.channels / c.group] + c.kernel, seed: 2)
        let b = c.bias ? ConvOpsTesting.random([c.outChannels], seed: 3) : nil
        let y = try ConvOpsTesting.runBoth(c.node, [x, w] + (b.map { [$0] } ?? []))
        let expected = c.reference(x: x.floats, w: w.floats, b: b?.floats)
        ConvOpsTesting.expectClose(y[0], shape: expected.shape, expected.values)
    }

    @Test func refusesBadShapesAndTypes() throws {
        let conv = ConvOpsTesting.node("Conv", inputs: 2, ["kernel_shape": .ints([3, 3])])
        let op = try OperatorRegistry.make(conv)
        // W's input channels do not match X's.
        #expect(throws: InferenceError.self) {
            try op.infer([ValueInfo(.float32, shape: [1, 3, 8, 8]), ValueInfo(.float32, shape: [4, 2, 3, 3])])
        }
        do {
            _ = try op.infer([ValueInfo(.float32, shape: [1, 3, 8, 8]), ValueInfo(.float32, shape: [4, 3, 5, 5])])
            Issue.record("kernel_shape mismatch accepted")
        } catch let e as InferenceError {
            #expect(e.kind == .invalidModel && e.message.contains("Conv node 'test'") && e.message.contains("kernel_shape"))
        }
        do {
            _ = try op.infer([ValueInfo(.float64, shape: [1, 3, 8, 8]), ValueInfo(.float64, shape: [4, 3, 3, 3])])
            Issue.record("double input accepted")
        } catch let e as InferenceError {
            #expect(e.kind == .unsupportedAttribute && e.message.contains("double"))
        }
        // The window does not fit.
        #expect(throws: InferenceError.self) {
            try op.infer([ValueInfo(.float32, shape: [1, 3, 2, 2]), ValueInfo(.float32, shape: [4, 3, 3, 3])])
        }
        // Bias of the wrong length.
        let biased = try OperatorRegistry.make(ConvOpsTesting.node("Conv", inputs: 3))
        #expect(throws: InferenceError.self) {
            try biased.infer([ValueInfo(.float32, shape: [1, 3, 8, 8]), ValueInfo(.float32, shape: [4, 3, 3, 3]),
                              ValueInfo(.float32, shape: [3])])
        }
    }

    @Test func refusesUnknownAttributesAndActivations() {
        for attributes: [String: Attribute] in [
            ["auto_pad": .string("SAME")], ["weird": .int(1)], ["group": .int(0)], ["strides": .ints([0, 1])],
            ["segsh.activation": .string("Gelu")], ["segsh.activation": .string("Relu"), "segsh.alpha": .float(1)],
            ["segsh.alpha": .float(1)],
        ] {
            #expect(throws: InferenceError.self, "\(attributes)") {
                try OperatorRegistry.make(ConvOpsTesting.node("Conv", inputs: 2, attributes))
            }
        }
    }
}
