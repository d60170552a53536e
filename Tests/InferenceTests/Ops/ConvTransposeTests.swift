import Testing
@testable import Inference

/// One ConvTranspose configuration.
struct ConvTransposeCase: Sendable, CustomStringConvertible {
    var batch = 1
    var channels: Int
    var outChannels: Int
    var group = 1
    var spatial: [Int]
    var kernel: [Int]
    var strides: [Int]? = nil
    var dilations: [Int]? = nil
    var pads: [Int]? = nil
    var outputPadding: [Int]? = nil
    var outputShape: [Int]? = nil
    var autoPad: String? = nil
    var bias = true
    var activation: String? = nil

    var description: String {
        "C\(channels)→\(outChannels) g\(group) \(spatial) k\(kernel) s\(strides ?? []) d\(dilations ?? []) p\(pads ?? []) op\(outputPadding ?? []) os\(outputShape ?? []) \(autoPad ?? "")"
    }

    var node: Node {
        var a: [String: Attribute] = ["group": .int(group)]
        if let strides { a["strides"] = .ints(strides) }
        if let dilations { a["dilations"] = .ints(dilations) }
        if let pads { a["pads"] = .ints(pads) }
        if let outputPadding { a["output_padding"] = .ints(outputPadding) }
        if let outputShape { a["output_shape"] = .ints(outputShape) }
        if let autoPad { a["auto_pad"] = .string(autoPad) }
        if let activation { a["segsh.activation"] = .string(activation) }
        return ConvOpsTesting.node("ConvTranspose", inputs: bias ? 3 : 2, a)
    }

    /// Scatters every input value times every tap into the output.
    func reference(x: [Float], w: [Float], b: [Float]?) -> (shape: [Int], values: [Float]) {
        let r = spatial.count
        let s = strides ?? Array(repeating: 1, count: r), d = dilations ?? Array(repeating: 1, count: r)
        var begin = [Int](repeating: 0, count: r), out = begin
        for i in 0..<r {
            let full = s[i] * (spatial[i] - 1) + (outputPadding?[i] ?? 0) + (kernel[i] - 1) * d[i] + 1
            if let outputShape {
                out[i] = outputShape[i]
                begin[i] = max(0, full - out[i]) / 2
            } else if autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER" {
                out[i] = spatial[i] * s[i]
                let total = full - out[i]
                begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
            } else {
                begin[i] = pads?[i] ?? 0
                out[i] = full - begin[i] - (pads?[r + i] ?? 0)
            }
        }
        let cg = channels / group, mg = outChannels / group
        let inSize = spatial.reduce(1, *), outSize = out.reduce(1, *), taps = kernel.reduce(1, *)
        var y = [Double](repeating: 0, count: batch * outChannels * outSize)
        for n in 0..<batch { for m in 0..<outChannels { for o in 0..<outSize {
            y[(n * outChannels + m) * outSize + o] = Double(b?[m] ?? 0)
        }}}
        for n in 0..<batch { for c in 0..<channels {
            let g = c / cg
            for p in 0..<inSize {
                var pi = [Int](repeating: 0, count: r), rest = p
                for i in stride(from: r - 1, through: 0, by: -1) { pi[i] = rest % spatial[i]; rest /= spatial[i] }
                for mm in 0..<mg { for t in 0..<taps {
                    var ki = [Int](repeating: 0, count: r), kr = t
                    for i in stride(from: r - 1, through: 0, by: -1) { ki[i] = kr % kernel[i]; kr /= kernel[i] }
                    var index = 0, inside = true
                    for i in 0..<r {
                        let o = pi[i] * s[i] - begin[i] + ki[i] * d[i]
                        if o < 0 || o >= out[i] { inside = false }
                        index = index * out[i] + o
                    }
                    guard inside else { continue }
                    let m = g * mg + mm
                    y[(n * outChannels + m) * outSize + index] +=
                        Double(x[(n * channels + c) * inSize + p]) * Double(w[(c * mg + mm) * taps + t])
                }}
            }
        }}
        return ([batch, outChannels] + out, y.map { ConvOpsTesting.activate(Float($0), activation) })
    }
}

@Suite("ConvTranspose")
struct ConvTransposeTests {
    static let cases: [ConvTransposeCase] = [
        ConvTransposeCase(channels: 3, outChannels: 2, spatial: [4, 5], kernel: [3, 3]),
        ConvTransposeCase(batch: 2, channels: 4, outChannels: 6, spatial: [5, 6], kernel: [2, 2], strides: [2, 2]),
        ConvTransposeCase(channels: 3, outChannels: 2, spatial: [4, 5], kernel: [3, 3], strides: [3, 2], pads: [1, 2, 1, 2], bias: false),
        ConvTransposeCase(channels: 3, outChannels: 2, spatial: [4, 5], kernel: [3, 3], strides: [3, 2], outputPadding: [1, 1]),
        ConvTransposeCase(channels: 2, outChannels: 3, spatial: [3, 3], kernel: [3, 3], strides: [3, 2], outputShape: [10, 8]),
        ConvTransposeCase(channels: 2, outChannels: 3, spatial: [3, 3], kernel: [3, 3], strides: [3, 2], outputShape: [9, 6]),
        ConvTransposeCase(channels: 1, outChannels: 2, spatial: [3, 3], kernel: [3, 3], strides: [2, 2], autoPad: "SAME_UPPER"),
        ConvTransposeCase(channels: 1, outChannels: 2, spatial: [3, 3], kernel: [3, 3], strides: [2, 2], autoPad: "SAME_LOWER"),
        ConvTransposeCase(channels: 2, outChannels: 2, spatial: [3, 4], kernel: [2, 2], dilations: [2, 3]),
        ConvTransposeCase(channels: 4, outChannels: 6, group: 2, spatial: [4, 4], kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1]),
        ConvTransposeCase(channels: 2, outChannels: 3, spatial: [7], kernel: [3], strides: [2]),
        ConvTransposeCase(channels: 2, outChannels: 2, spatial: [3, 4, 3], kernel: [2, 3, 2], strides: [2, 1, 2], pads: [0, 1, 0, 1, 1, 0]),
        ConvTransposeCase(channels: 8, outChannels: 4, spatial: [9, 11], kernel: [2, 2], strides: [2, 2], activation: "Relu"),
    ]

    @Test(arguments: cases)
    func matchesScatterLoops(_ c: ConvTransposeCase) throws {
        let x = ConvOpsTesting.random([c.batch, c.channels] + c.spatial, seed: 11)
        let w = ConvOpsTesting.random([c.channels, c.outChannels / c.group] + c.kernel, seed: 12)
        let b = c.bias ? ConvOpsTesting.random([c.outChannels], seed: 13) : nil
        let y = try ConvOpsTesting.runBoth(c.node, [x, w] + (b.map { [$0] } ?? []))
        let e = c.reference(x: x.floats, w: w.floats, b: b?.floats)
        ConvOpsTesting.expectClose(y[0], shape: e.shape, e.values)
    }

    @Test func refusesBadShapes() throws {
        let op = try OperatorRegistry.make(ConvOpsTesting.node("ConvTranspose", inputs: 2))
        #expect(throws: InferenceError.self) { try op.infer([ValueInfo(.float32, shape: [1, 3, 4, 4]), ValueInfo(.float32, shape: [2, 3, 3, 3])]) }
        #expect(throws: InferenceError.self) { try op.infer([ValueInfo(.float32, shape: [1, 3, 4, 4]), ValueInfo(.float32, shape: [3, 3, 3])]) }
        let padded = try OperatorRegistry.make(ConvOpsTesting.node("ConvTranspose", inputs: 2, ["pads": .ints([4, 4, 4, 4])]))
        #expect(throws: InferenceError.self) { try padded.infer([ValueInfo(.float32, shape: [1, 3, 2, 2]), ValueInfo(.float32, shape: [3, 3, 3, 3])]) }
        #expect(throws: InferenceError.self) { try op.infer([ValueInfo(.float64, shape: [1, 3, 4, 4]), ValueInfo(.float64, shape: [3, 3, 3, 3])]) }
    }
}
