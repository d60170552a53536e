/// ONNX `auto_pad`: how a windowed operator pads its input when `pads` is not stated.
enum AutoPad: String, Sendable {
    case notSet = "NOTSET"
    case sameUpper = "SAME_UPPER"
    case sameLower = "SAME_LOWER"
    case valid = "VALID"
}

/// The window attributes of Conv, ConvTranspose and the pools as the node states them:
/// `kernel_shape`, `strides`, `dilations`, `pads`, `auto_pad`. Lengths are checked against
/// the input's spatial rank in ``geometry(node:input:kernel:ceilMode:)``.
struct WindowAttributes: Sendable {
    var kernelShape: [Int]?
    var strides: [Int]?
    var dilations: [Int]?
    var pads: [Int]?
    var autoPad: AutoPad

    /// The attribute names read here.
    static let names: Set<String> = ["kernel_shape", "strides", "dilations", "pads", "auto_pad"]

    init(_ node: Node) throws {
        kernelShape = try node.ints("kernel_shape")
        strides = try node.ints("strides")
        dilations = try node.ints("dilations")
        pads = try node.ints("pads")
        let mode = try node.string("auto_pad", default: "NOTSET")
        guard let autoPad = AutoPad(rawValue: mode) else {
            throw node.error(.unsupportedAttribute, "auto_pad '\(mode)' is not supported (supported: NOTSET, SAME_UPPER, SAME_LOWER, VALID)")
        }
        self.autoPad = autoPad
        if let k = kernelShape, k.contains(where: { $0 < 1 }) {
            throw node.error(.invalidModel, "kernel_shape \(k) must be positive")
        }
        if let s = strides, s.contains(where: { $0 < 1 }) {
            throw node.error(.invalidModel, "strides \(s) must be positive")
        }
        if let d = dilations, d.contains(where: { $0 < 1 }) {
            throw node.error(.invalidModel, "dilations \(d) must be positive")
        }
        if let p = pads, p.contains(where: { $0 < 0 }) {
            throw node.error(.unsupportedAttribute, "negative pads \(p) are not supported")
        }
    }

    /// The geometry of a window of `kernel` over `input` (spatial extents), with the
    /// output extents: floor division, or ceiling division for pools with `ceil_mode`.
    func geometry(node: Node, input: [Int], kernel: [Int], ceilMode: Bool = false) throws -> WindowGeometry {
        let r = input.count
        func check(_ values: [Int]?, _ name: String, count: Int) throws -> [Int]? {
            if let values, values.count != count {
                throw node.error(.invalidModel, "\(name) \(values) needs \(count) values for \(r) spatial axes")
            }
            return values
        }
        let strides = try check(self.strides, "strides", count: r) ?? Array(repeating: 1, count: r)
        let dilations = try check(self.dilations, "dilations", count: r) ?? Array(repeating: 1, count: r)
        let pads = try check(self.pads, "pads", count: 2 * r) ?? Array(repeating: 0, count: 2 * r)
        var g = WindowGeometry(rank: r)
        for i in 0..<r {
            let dk = (kernel[i] - 1) * dilations[i] + 1
            let s = strides[i]
            var begin = pads[i], end = pads[r + i]
            let out: Int
            switch autoPad {
            case .notSet:
                let span = input[i] + begin + end - dk
                guard span >= 0 else {
                    throw node.error(.invalidModel, "the window \(dk) is larger than the padded input \(input[i] + begin + end) on spatial axis \(i)")
                }
                if ceilMode {
                    var o = ceilDiv(span, s) + 1
                    // A last window starting inside the end padding only would see no input.
                    if (o - 1) * s >= input[i] + begin { o -= 1 }
                    out = o
                } else {
                    out = span / s + 1
                }
            case .valid:
                guard input[i] >= dk else {
                    throw node.error(.invalidModel, "the window \(dk) is larger than the input \(input[i]) on spatial axis \(i) (auto_pad VALID)")
                }
                begin = 0
                end = 0
                out = (input[i] - dk) / s + 1
            case .sameUpper, .sameLower:
                out = ceilDiv(input[i], s)
                let total = max(0, (out - 1) * s + dk - input[i])
                begin = autoPad == .sameUpper ? total / 2 : total - total / 2
                end = total - begin
            }
            g.set(axis: i, input: input[i], kernel: kernel[i], stride: s, dilation: dilations[i],
                  padBegin: begin, padEnd: end, output: out)
        }
        return g
    }
}

/// A window's geometry normalised to three spatial axes (depth, height, width): a 1-D or
/// 2-D operator gets leading axes of extent 1 with kernel 1, stride 1 and no padding, so
/// every kernel loops over the same three axes.
struct WindowGeometry: Sendable, Equatable {
    /// The operator's own spatial rank (1, 2 or 3).
    let rank: Int
    var input = [1, 1, 1]
    var kernel = [1, 1, 1]
    var strides = [1, 1, 1]
    var dilations = [1, 1, 1]
    var padBegin = [0, 0, 0]
    var padEnd = [0, 0, 0]
    var output = [1, 1, 1]

    init(rank: Int) {
        precondition((1...3).contains(rank), "WindowGeometry: spatial rank \(rank)")
        self.rank = rank
    }

    mutating func set(axis: Int, input i: Int, kernel k: Int, stride s: Int, dilation d: Int,
                      padBegin pb: Int, padEnd pe: Int, output o: Int) {
        let a = 3 - rank + axis
        input[a] = i; kernel[a] = k; strides[a] = s; dilations[a] = d
        padBegin[a] = pb; padEnd[a] = pe; output[a] = o
    }

    /// The output's spatial extents at the operator's own rank.
    var outputExtents: [Int] { Array(output.suffix(rank)) }
    /// Input and output pixels per channel, and window taps.
    var inputCount: Int { input[0] * input[1] * input[2] }
    var outputCount: Int { output[0] * output[1] * output[2] }
    var kernelCount: Int { kernel[0] * kernel[1] * kernel[2] }
}
