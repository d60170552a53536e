import PixelEngine

/// ONNX `ConvTranspose` (opsets 1–18) on float32 NCHW tensors with one to three spatial
/// axes: groups, strides, dilations, pads, `output_padding`, `output_shape`, `auto_pad`,
/// an optional bias (and a fused activation, as for ``Conv``).
///
/// Each group is one product `Wᵀ · X` (every input pixel's contribution to every output
/// channel and tap), then col2im adds the columns into the output planes, which start as
/// the bias. Input pixels are taken in chunks so that the columns stay within 16 MB.
///
/// Output extents: `stride·(in−1) + output_padding + (k−1)·dilation + 1 − pad_begin −
/// pad_end`, or `output_shape` (pads then split as for SAME_UPPER: the odd one at the
/// end), or `in·stride` with `auto_pad` SAME_UPPER/SAME_LOWER. Output positions no tap
/// reaches hold the bias.
struct ConvTranspose: Operator {
    let node: Node
    let window: WindowAttributes
    let group: Int
    let outputPadding: [Int]?
    let outputShape: [Int]?
    let activation: FusedActivation

    init(_ node: Node) throws {
        try node.checkAttributes(WindowAttributes.names.union(["group", "output_padding", "output_shape"])
            .union(FusedActivation.attributeNames))
        window = try WindowAttributes(node)
        group = try node.int("group", default: 1)
        guard group >= 1 else { throw node.error(.invalidModel, "group \(group) must be positive") }
        outputPadding = try node.ints("output_padding")
        outputShape = try node.ints("output_shape")
        if let o = outputPadding, o.contains(where: { $0 < 0 }) {
            throw node.error(.invalidModel, "output_padding \(o) must not be negative")
        }
        activation = try FusedActivation(node)
        self.node = node
    }

    struct Plan {
        var batch: Int, inChannels: Int, outChannels: Int
        /// Kernel, strides, dilations, begin pads (the end is implied by the output) and
        /// extents, in the three-axis form: `input` is X's extents, `output` Y's.
        var geometry: WindowGeometry
        var outputShape: [Int] { [batch, outChannels] + geometry.outputExtents }
    }

    func plan(x: [Int], w: [Int], bias: [Int]?) throws -> Plan {
        guard (3...5).contains(x.count), w.count == x.count else {
            throw node.error(.invalidModel, "X \(x) and W \(w) must both be N×C×D1[×D2[×D3]] with 1 to 3 spatial axes")
        }
        let c = x[1]
        guard w[0] == c else {
            throw node.error(.invalidModel, "W has shape \(w); its first axis must be X's \(c) channels")
        }
        guard c % group == 0 else {
            throw node.error(.invalidModel, "X's \(c) channels are not a multiple of group \(group)")
        }
        let m = w[1] * group
        let r = x.count - 2
        let kernel = Array(w.dropFirst(2)), input = Array(x.dropFirst(2))
        if let k = window.kernelShape, k != kernel {
            throw node.error(.invalidModel, "kernel_shape \(k) differs from W's spatial shape \(kernel)")
        }
        if let bias, bias != [m] { throw node.error(.invalidModel, "bias B has shape \(bias); it must be [\(m)]") }
        func values(_ v: [Int]?, _ name: String, _ count: Int, _ fill: Int) throws -> [Int] {
            guard let v else { return Array(repeating: fill, count: count) }
            guard v.count == count else { throw node.error(.invalidModel, "\(name) \(v) needs \(count) values for \(r) spatial axes") }
            return v
        }
        let strides = try values(window.strides, "strides", r, 1)
        let dilations = try values(window.dilations, "dilations", r, 1)
        let pads = try values(window.pads, "pads", 2 * r, 0)
        let extra = try values(outputPadding, "output_padding", r, 0)
        var requested: [Int]?
        if let outputShape {
            guard outputShape.count == r || outputShape.count == r + 2 else {
                throw node.error(.invalidModel, "output_shape \(outputShape) needs \(r) spatial extents")
            }
            requested = Array(outputShape.suffix(r))
        }
        var g = WindowGeometry(rank: r)
        for i in 0..<r {
            let full = strides[i] * (input[i] - 1) + extra[i] + (kernel[i] - 1) * dilations[i] + 1
            var begin = pads[i], out = full - pads[i] - pads[r + i]
            if let requested {
                out = requested[i]
                let total = max(0, full - out)
                begin = window.autoPad == .sameLower ? total - total / 2 : total / 2
            } else if window.autoPad == .sameUpper || window.autoPad == .sameLower {
                out = input[i] * strides[i]
                let total = max(0, full - out)
                begin = window.autoPad == .sameUpper ? total / 2 : total - total / 2
            } else if window.autoPad == .valid {
                begin = 0
                out = full
            }
            guard out > 0 else {
                throw node.error(.invalidModel, "the output extent on spatial axis \(i) would be \(out); check pads \(pads)")
            }
            g.set(axis: i, input: input[i], kernel: kernel[i], stride: strides[i], dilation: dilations[i],
                  padBegin: begin, padEnd: 0, output: out)
        }
        return Plan(batch: x[0], inChannels: c, outChannels: m, geometry: g)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard (2...3).contains(inputs.count), let x = inputs[0], let w = inputs[1] else {
            throw node.error(.invalidModel, "ConvTranspose needs inputs X and W (and an optional B)")
        }
        try requireFloat(x, "input X", node)
        try requireFloat(w, "weight W", node)
        let b = inputs.count > 2 ? inputs[2] : nil
        if let b { try requireFloat(b, "bias B", node) }
        return [TensorType(.float32, try plan(x: x.shape, w: w.shape, bias: b?.shape).outputShape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let xt = inputs[0]!, wt = inputs[1]!
        let bt = inputs.count > 2 ? inputs[2] : nil
        let p = try plan(x: xt.shape, w: wt.shape, bias: bt?.shape)
        let g = p.geometry
        let inPixels = g.inputCount, outPixels = g.outputCount, taps = g.kernelCount
        let cg = p.inChannels / group, mg = p.outChannels / group
        let rows = mg * taps
        let chunk = max(1, min(inPixels, 4_194_304 / max(rows, 1)))
        let activation = self.activation
        try withExtendedLifetime((inputs, outputs)) {
            let x = xt.floatPointer, w = wt.floatPointer, b = bt?.floatPointer
            let y = outputs[0].mutableFloatPointer
            let planes = p.batch * p.outChannels
            parallelRows(planes, costPerRow: outPixels) { range in
                for plane in range {
                    (y + plane * outPixels).update(repeating: b?[plane % p.outChannels] ?? 0, count: outPixels)
                }
            }
            let col = UnsafeMutablePointer<Float>.allocate(capacity: rows * chunk)
            defer { col.deallocate() }
            for n in 0..<p.batch {
                for gi in 0..<group {
                    var p0 = 0
                    while p0 < inPixels {
                        if context.isCancelled() { throw InferenceError(.cancelled, "\(node.label): cancelled") }
                        let len = min(chunk, inPixels - p0)
                        let xg = x + (n * p.inChannels + gi * cg) * inPixels + p0
                        MatrixProduct.parallel(transA: true, m: rows, n: len, k: cg, a: w + gi * cg * rows, lda: rows,
                                               b: xg, ldb: inPixels, c: col, ldc: len)
                        let yg = y + (n * p.outChannels + gi * mg) * outPixels
                        parallelRows(mg, costPerRow: taps * len) { range in
                            for oc in range {
                                Self.col2im(col + oc * taps * len, len: len, p0: p0, g, yg + oc * outPixels)
                            }
                        }
                        p0 += len
                    }
                }
            }
            if activation.kind != .none {
                parallelRows(planes, costPerRow: outPixels) { range in
                    for plane in range { activation.apply(y + plane * outPixels, count: outPixels, bias: 0) }
                }
            }
        }
    }

    /// Adds the columns of one output channel (rows = taps `(kd, kh, kw)`, columns = input
    /// pixels `p0..<p0+len`) into its output plane.
    static func col2im(_ col: UnsafeMutablePointer<Float>, len: Int, p0: Int, _ g: WindowGeometry,
                       _ out: UnsafeMutablePointer<Float>) {
        let h = g.input[1], w = g.input[2]
        let od = g.output[0], oh = g.output[1], ow = g.output[2]
        let sd = g.strides[0], sh = g.strides[1], sw = g.strides[2]
        let dd = g.dilations[0], dh = g.dilations[1], dw = g.dilations[2]
        let pd = g.padBegin[0], ph = g.padBegin[1], pw = g.padBegin[2]
        var src = UnsafePointer(col)
        for kd in 0..<g.kernel[0] {
            for kh in 0..<g.kernel[1] {
                for kw in 0..<g.kernel[2] {
                    let oxOff = kw &* dw &- pw
                    // Input columns ix whose output column ix·sw + oxOff lies in 0..<ow.
                    let validLo = max(0, ceilDiv(-oxOff, sw)), validHi = min(w, floorDiv(ow &- 1 &- oxOff, sw) &+ 1)
                    var ix0 = p0 % w
                    let t = p0 / w
                    var iy = t % h
                    var iz = t / h
                    var j = 0
                    while j < len {
                        let seg = min(w &- ix0, len &- j)
                        let oz = iz &* sd &- pd &+ kd &* dd, oy = iy &* sh &- ph &+ kh &* dh
                        if oz >= 0 && oz < od && oy >= 0 && oy < oh {
                            let row = src + (j &- ix0)
                            let dst = out + ((oz &* oh &+ oy) &* ow &+ oxOff)
                            let e = ix0 &+ seg
                            var ix = min(max(ix0, validLo), e)
                            let hi = min(e, validHi)
                            while ix < hi {
                                dst[ix &* sw] += row[ix]
                                ix &+= 1
                            }
                        }
                        j &+= seg
                        ix0 = 0
                        iy &+= 1
                        if iy == h { iy = 0; iz &+= 1 }
                    }
                    src += len
                }
            }
        }
    }
}
