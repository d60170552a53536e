import PixelEngine

/// ONNX `Conv` (opsets 1–18) on float32 NCHW tensors with one to three spatial axes:
/// groups, strides, dilations, explicit pads or `auto_pad`, an optional bias, and the
/// activation the fusion pass may fold in (`segsh.activation`, see ``FusedActivation``).
///
/// Three kernels, chosen per layer:
/// - **depthwise** (`group == C_in`, up to two spatial axes): a direct SIMD kernel over a
///   zero-padded, stride-phase-split copy of each input plane, so every tap is a
///   contiguous vector load;
/// - **pointwise** (1×1, stride 1, no padding): a product `W · X` straight on the NCHW
///   layout, no copy;
/// - **everything else**: im2col + sgemm, tiled over output pixels so that a tile's columns
///   (at most 8 MB) and its output stay in cache and memory stays bounded.
///
/// The product kernels run one tile per task through `parallelRows`, OpenBLAS
/// single-threaded (see ``MatrixProduct``), and apply bias and activation to a tile right after its
/// product.
struct Conv: Operator {
    let node: Node
    let window: WindowAttributes
    let group: Int
    let activation: FusedActivation

    init(_ node: Node) throws {
        try node.checkAttributes(WindowAttributes.names.union(["group"]).union(FusedActivation.attributeNames))
        window = try WindowAttributes(node)
        group = try node.int("group", default: 1)
        guard group >= 1 else { throw node.error(.invalidModel, "group \(group) must be positive") }
        activation = try FusedActivation(node)
        self.node = node
    }

    /// Shapes checked and the geometry worked out once per call.
    struct Plan {
        var batch: Int, inChannels: Int, outChannels: Int
        var geometry: WindowGeometry
        var outputShape: [Int] { [batch, outChannels] + geometry.outputExtents }
    }

    func plan(x: [Int], w: [Int], bias: [Int]?) throws -> Plan {
        guard (3...5).contains(x.count) else {
            throw node.error(.invalidModel, "input X has shape \(x); Conv needs N×C×D1[×D2[×D3]] (1 to 3 spatial axes)")
        }
        guard w.count == x.count else {
            throw node.error(.invalidModel, "weight W has shape \(w) but X has \(x.count) axes; W must be M×C/group×k1…")
        }
        let c = x[1], m = w[0]
        guard w[1] * group == c else {
            throw node.error(.invalidModel, "W has \(w[1]) input channels per group × group \(group) ≠ X's \(c) channels")
        }
        guard m % group == 0, m > 0 else {
            throw node.error(.invalidModel, "W's \(m) output channels are not a positive multiple of group \(group)")
        }
        let kernel = Array(w.dropFirst(2))
        if let k = window.kernelShape, k != kernel {
            throw node.error(.invalidModel, "kernel_shape \(k) differs from W's spatial shape \(kernel)")
        }
        if let bias, bias != [m] {
            throw node.error(.invalidModel, "bias B has shape \(bias); it must be [\(m)]")
        }
        let g = try window.geometry(node: node, input: Array(x.dropFirst(2)), kernel: kernel)
        return Plan(batch: x[0], inChannels: c, outChannels: m, geometry: g)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard inputs.count >= 2, inputs.count <= 3, let x = inputs[0], let w = inputs[1] else {
            throw node.error(.invalidModel, "Conv needs inputs X and W (and an optional B)")
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
        withExtendedLifetime((inputs, outputs)) {
            let x = xt.floatPointer, w = wt.floatPointer, b = bt?.floatPointer
            let y = outputs[0].mutableFloatPointer
            if group == p.inChannels && p.geometry.rank <= 2 {
                Self.depthwise(x: x, w: w, bias: b, y: y, plan: p, activation: activation)
            } else {
                Self.gemm(x: x, w: w, bias: b, y: y, plan: p, group: group, activation: activation)
            }
        }
    }

    // MARK: - im2col / pointwise product

    /// Output pixels per tile: the output tile (`m × t`) within 1 MB, the column tile
    /// (`k × t`) within 8 MB, at least 256 columns for an efficient product, and at least
    /// two tiles per core when the image is large enough.
    static func tileColumns(pixels: Int, k: Int, m: Int, pointwise: Bool) -> Int {
        var t = 262_144 / max(m, 1)
        if !pointwise { t = min(t, 2_097_152 / max(k, 1)) }
        t = max(t, 256)
        t = min(t, max(ceilDiv(pixels, 2 * ParallelRows.processorCount), 64))
        t = (t + 15) / 16 * 16
        return min(t, pixels)
    }

    static func gemm(x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                     y: UnsafeMutablePointer<Float>, plan: Plan, group: Int, activation: FusedActivation) {
        let g = plan.geometry
        let pixels = g.outputCount, inPixels = g.inputCount
        let c = plan.inChannels, m = plan.outChannels
        let cg = c / group, mg = m / group, k = cg * g.kernelCount
        let pointwise = g.kernelCount == 1 && g.strides == [1, 1, 1] && g.padBegin == [0, 0, 0] && g.padEnd == [0, 0, 0]
        guard pixels > 0, plan.batch > 0 else { return }
        let tile = tileColumns(pixels: pixels, k: k, m: mg, pointwise: pointwise)
        let tiles = ceilDiv(pixels, tile)
        // Few tiles (a small image): split the output channels too, so both cores work.
        var units = plan.batch * tiles * group
        var mBlock = mg
        let wanted = 4 * ParallelRows.processorCount
        if units < wanted {
            let splits = min(ceilDiv(wanted, units), ceilDiv(mg, 16))
            mBlock = (ceilDiv(mg, max(splits, 1)) + 15) / 16 * 16
        }
        let mSplits = ceilDiv(mg, mBlock)
        units *= mSplits
        parallelRows(units, costPerRow: mBlock * tile * k) { range in
            let scratch: UnsafeMutablePointer<Float>? = pointwise ? nil : .allocate(capacity: k * tile)
            defer { scratch?.deallocate() }
            for unit in range {
                var u = unit
                let split = u % mSplits; u /= mSplits
                let gi = u % group; u /= group
                let ti = u % tiles
                let n = u / tiles
                let p0 = ti * tile, len = min(tile, pixels - p0)
                let m0 = split * mBlock, m1 = min(mg, m0 + mBlock)
                let xg = x + (n * c + gi * cg) * inPixels
                let b: UnsafePointer<Float>, ldb: Int
                if let scratch {
                    im2col(xg, channels: cg, g, p0: p0, len: len, scratch)
                    b = UnsafePointer(scratch)
                    ldb = len
                } else {
                    b = xg + p0
                    ldb = pixels
                }
                let out = y + (n * m + gi * mg + m0) * pixels + p0
                MatrixProduct.serial(m: m1 - m0, n: len, k: k, a: w + (gi * mg + m0) * k, lda: k, b: b, ldb: ldb,
                            c: out, ldc: pixels)
                for i in 0..<(m1 - m0) {
                    activation.apply(out + i * pixels, count: len, bias: bias?[gi * mg + m0 + i] ?? 0)
                }
            }
        }
    }

    /// Writes columns `p0..<p0+len` of the im2col matrix of `channels` input channels at
    /// `x` into `col` (row stride `len`): row `(c, kd, kh, kw)`, column = output pixel,
    /// zero where the tap falls in the padding.
    static func im2col(_ x: UnsafePointer<Float>, channels: Int, _ g: WindowGeometry, p0: Int, len: Int,
                       _ col: UnsafeMutablePointer<Float>) {
        let d = g.input[0], h = g.input[1], w = g.input[2]
        let oh = g.output[1], ow = g.output[2]
        let sd = g.strides[0], sh = g.strides[1], sw = g.strides[2]
        let dd = g.dilations[0], dh = g.dilations[1], dw = g.dilations[2]
        let pd = g.padBegin[0], ph = g.padBegin[1], pw = g.padBegin[2]
        var dst = col
        for ch in 0..<channels {
            let xc = x + ch &* d &* h &* w
            for kd in 0..<g.kernel[0] {
                for kh in 0..<g.kernel[1] {
                    for kw in 0..<g.kernel[2] {
                        let iwOff = kw &* dw &- pw
                        let validLo = max(0, ceilDiv(-iwOff, sw)), validHi = min(ow, floorDiv(w &- 1 &- iwOff, sw) &+ 1)
                        var x0 = p0 % ow
                        let t = p0 / ow
                        var y0 = t % oh
                        var z0 = t / oh
                        var j = 0
                        while j < len {
                            let seg = min(ow &- x0, len &- j)
                            let id = z0 &* sd &- pd &+ kd &* dd, ih = y0 &* sh &- ph &+ kh &* dh
                            let out = dst + (j &- x0)  // out[ox] for ox in x0..<x0+seg
                            if id < 0 || id >= d || ih < 0 || ih >= h {
                                (out + x0).update(repeating: 0, count: seg)
                            } else {
                                let src = xc + ((id &* h &+ ih) &* w &+ iwOff)
                                let e = x0 &+ seg
                                let lo = min(max(x0, validLo), e), hi = max(min(e, validHi), lo)
                                if lo > x0 { (out + x0).update(repeating: 0, count: lo &- x0) }
                                if sw == 1 {
                                    (out + lo).update(from: src + lo, count: hi &- lo)
                                } else {
                                    var ox = lo
                                    while ox < hi { out[ox] = src[ox &* sw]; ox &+= 1 }
                                }
                                if e > hi { (out + hi).update(repeating: 0, count: e &- hi) }
                            }
                            j &+= seg
                            x0 = 0
                            y0 &+= 1
                            if y0 == oh { y0 = 0; z0 &+= 1 }
                        }
                        dst += len
                    }
                }
            }
        }
    }

    // MARK: - depthwise

    /// One output plane per input plane (times the channel multiplier `M / C`), computed
    /// directly: each plane is first copied into a buffer split by stride phase and padded
    /// with zeros on the width axis, so output pixel `ox` of tap `kw` reads phase
    /// `(kw·d) mod s` at column `ox + (kw·d) div s` — contiguous for any stride.
    static func depthwise(x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                          y: UnsafeMutablePointer<Float>, plan: Plan, activation: FusedActivation) {
        let g = plan.geometry
        let h = g.input[1], wd = g.input[2], oh = g.output[1], ow = g.output[2]
        let kh = g.kernel[1], kw = g.kernel[2]
        let sh = g.strides[1], sw = g.strides[2], dh = g.dilations[1], dw = g.dilations[2]
        let ph = g.padBegin[1], pw = g.padBegin[2]
        let c = plan.inChannels, m = plan.outChannels, multiplier = m / c
        let ow8 = (ow + 7) / 8 * 8
        let reach = ((kw - 1) * dw) / sw
        let rowStride = ow8 + reach + 8          // columns per phase row, zero beyond the input
        let phaseStride = h * rowStride
        let planes = plan.batch * m
        parallelRows(planes, costPerRow: oh * ow * kh * kw) { range in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: sw * phaseStride)
            buffer.initialize(repeating: 0, count: sw * phaseStride)
            let taps = UnsafeMutablePointer<Int>.allocate(capacity: kw)
            defer { buffer.deallocate(); taps.deallocate() }
            for j in 0..<kw {
                let offset = j * dw
                taps[j] = (offset % sw) * phaseStride + offset / sw
            }
            // The valid columns of each phase (the rest stay zero across planes).
            var lastInput = -1
            for plane in range {
                let n = plane / m, oc = plane % m, ic = oc / multiplier
                let input = n * c + ic
                if input != lastInput {
                    lastInput = input
                    let src = x + input * h * wd
                    for q in 0..<sw {
                        // Padded column j*sw + q holds input column j*sw + q - pw.
                        let lo = max(0, ceilDiv(pw - q, sw)), hi = min(rowStride, floorDiv(wd - 1 + pw - q, sw) + 1)
                        guard lo < hi else { continue }
                        for iy in 0..<h {
                            let dst = buffer + q * phaseStride + iy * rowStride
                            let row = src + iy * wd + q - pw
                            if sw == 1 {
                                (dst + lo).update(from: row + lo, count: hi - lo)
                            } else {
                                var j = lo
                                while j < hi { dst[j] = row[j &* sw]; j &+= 1 }
                            }
                        }
                    }
                }
                let weights = w + oc * kh * kw
                let b = bias?[oc] ?? 0
                let out = y + plane * oh * ow
                for oy in 0..<oh {
                    let iy0 = oy * sh - ph
                    var kyLo = 0, kyHi = kh
                    while kyLo < kh && iy0 + kyLo * dh < 0 { kyLo += 1 }
                    while kyHi > kyLo && iy0 + (kyHi - 1) * dh >= h { kyHi -= 1 }
                    depthwiseRow(buffer: buffer, rowStride: rowStride, iy0: iy0, dh: dh, kyLo: kyLo, kyHi: kyHi,
                                 kw: kw, taps: taps, weights: weights, bias: b, out: out + oy * ow, count: ow,
                                 activation: activation)
                }
            }
        }
    }

    @inline(__always)
    static func depthwiseRow(buffer: UnsafeMutablePointer<Float>, rowStride: Int, iy0: Int, dh: Int, kyLo: Int, kyHi: Int,
                             kw: Int, taps: UnsafeMutablePointer<Int>, weights: UnsafePointer<Float>, bias: Float,
                             out: UnsafeMutablePointer<Float>, count: Int, activation: FusedActivation) {
        typealias V = SIMD8<Float>
        let raw = UnsafeMutableRawPointer(out)
        var ox = 0
        while ox &+ 16 <= count {
            var a0 = V(repeating: bias), a1 = V(repeating: bias)
            var ky = kyLo
            while ky < kyHi {
                let offset: Int = (iy0 &+ ky &* dh) &* rowStride &+ ox
                let row = UnsafeRawPointer(buffer + offset)
                let wrow = weights + (ky &* kw)
                for j in 0..<kw {
                    let p = row + (taps[j] &* 4)
                    let wv = V(repeating: wrow[j])
                    a0 += wv * p.loadUnaligned(as: V.self)
                    a1 += wv * p.loadUnaligned(fromByteOffset: 32, as: V.self)
                }
                ky &+= 1
            }
            raw.storeBytes(of: activation.vector(a0), toByteOffset: ox &* 4, as: V.self)
            raw.storeBytes(of: activation.vector(a1), toByteOffset: ox &* 4 &+ 32, as: V.self)
            ox &+= 16
        }
        while ox < count {
            var a0 = V(repeating: bias)
            var ky = kyLo
            while ky < kyHi {
                let offset: Int = (iy0 &+ ky &* dh) &* rowStride &+ ox
                let row = UnsafeRawPointer(buffer + offset)
                let wrow = weights + (ky &* kw)
                for j in 0..<kw {
                    a0 += V(repeating: wrow[j]) * (row + taps[j] &* 4).loadUnaligned(as: V.self)
                }
                ky &+= 1
            }
            let r = activation.vector(a0)
            if ox &+ 8 <= count {
                raw.storeBytes(of: r, toByteOffset: ox &* 4, as: V.self)
            } else {
                for i in 0..<(count &- ox) { out[ox &+ i] = r[i] }
            }
            ox &+= 8
        }
    }
}
