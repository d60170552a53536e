extension Image {
    /// Felzenszwalb–Huttenlocher graph segmentation (`skimage.segmentation.felzenszwalb`).
    ///
    /// As scikit-image: samples are scaled to 0...1 (by the type's white value; `Float`
    /// images as they are), each channel is smoothed by a Gaussian of `sigma` (mode
    /// `.reflect`), and every pixel is joined to its 8 neighbours by edges weighted with the
    /// Euclidean colour difference. Edges are taken in increasing weight; two components
    /// merge when the edge is lighter than both of their internal differences (the heaviest
    /// edge joined so far) plus `scale / 255 / size`. Then every edge, in the same order,
    /// merges components still smaller than `minSize`.
    ///
    /// Ties between equal weights are broken by scikit-image's edge order (right, down,
    /// down-right, up-right neighbours, each in raster order) with a stable radix sort;
    /// scikit-image's `argsort` is not stable and it computes weights in float64, so
    /// near-equal edges can be taken in another order and a few segments differ.
    ///
    /// - Parameters:
    ///   - scale: > 0; larger values give larger segments.
    ///   - sigma: Gaussian smoothing before building the graph, ≥ 0 (0: none).
    ///   - minSize: the smallest segment kept, in pixels (≥ 0).
    /// - Returns: a label map of the image's size with labels `1...count`, in raster order of
    ///   each segment's first pixel (scikit-image's labels plus one). Gray+alpha and RGBA
    ///   images are segmented on their colour channels; alpha is ignored.
    /// - Throws: ``PixelEngineError`` (operation `felzenszwalb`) for an empty image, an image
    ///   over 2³⁰ pixels, or out-of-range parameters.
    ///
    /// ```swift
    /// let segments = try rgb.felzenszwalb(scale: 100, sigma: 0.8, minSize: 50)
    /// ```
    public func felzenszwalb(scale: Double = 1, sigma: Double = 0.8, minSize: Int = 20) throws(PixelEngineError) -> LabelMap {
        let op = "felzenszwalb"
        try Validate.nonEmpty(self, op)
        try Validate.positive(scale, "scale", op)
        if !(sigma >= 0 && sigma.isFinite) { throw PixelEngineError(op, "sigma must be ≥ 0, got \(sigma)") }
        if minSize < 0 { throw PixelEngineError(op, "minSize must be ≥ 0, got \(minSize)") }
        if pixelCount > 1 << 30 { throw PixelEngineError(op, "the image has \(pixelCount) pixels; at most 2^30 are supported") }

        let colourChannels = channels >= 3 ? 3 : 1
        let unit = Sample.isFloatingPoint ? Float(1) : 1 / Sample.nominalMax.floatValue
        let c = channels
        var features = mapRows(outputChannels: colourChannels) { (_, input, output: UnsafeMutableBufferPointer<Float>) in
            var i = 0, o = 0
            while o < output.count {
                for k in 0..<colourChannels { output[o &+ k] = input[i &+ k].floatValue * unit }
                i &+= c
                o &+= colourChannels
            }
        }
        if sigma > 0 { features = try features.gaussian(sigma: sigma, mode: .reflect) }
        let ids = colourChannels == 3
            ? FelzenszwalbKernel<SLICThree>.segment(features, scale: scale / 255, minSize: minSize)
            : FelzenszwalbKernel<SLICOne>.segment(features, scale: scale / 255, minSize: minSize)
        return LabelMap(ids: Image<UInt32>(width: width, height: height, pixels: ids))
    }
}

/// A union-find record of ``FelzenszwalbKernel``.
struct FelzenszwalbNode {
    var parent: UInt32
    var size: UInt32
    /// The heaviest edge joined into the segment so far (its internal difference).
    var spread: Float
}

/// The graph of ``Image/felzenszwalb(scale:sigma:minSize:)``: weights, a stable radix sort,
/// and union-find.
enum FelzenszwalbKernel<C: SLICChannelCount> {
    /// Edge `e` of an image of `n` pixels is direction `e / n` (0 right, 1 down,
    /// 2 down-right, 3 up-right, scikit-image's order) from pixel `e % n`; edges leaving the
    /// image are absent. Sorted entries are `(weight bits << 32) | e`.
    static func segment(_ features: Image<Float>, scale: Double, minSize: Int) -> [UInt32] {
        let w = features.width, h = features.height, n = w &* h
        var edges = weightedEdges(features)
        radixSortByHighWord(&edges)

        // One record per pixel (parent, size, internal difference) so that a root's data
        // shares a cache line: the edge loop is bound by cache misses.
        let nodes = UnsafeMutablePointer<FelzenszwalbNode>.allocate(capacity: n)
        defer { nodes.deallocate() }
        for i in 0..<n { (nodes + i).initialize(to: FelzenszwalbNode(parent: UInt32(truncatingIfNeeded: i), size: 1, spread: 0)) }
        @inline(__always) func find(_ i: Int) -> Int {
            var i = i
            while Int(nodes[i].parent) != i {
                let up = Int(nodes[i].parent)
                nodes[i].parent = nodes[up].parent
                i = up
            }
            return i
        }
        let n2 = 2 &* n, n3 = 3 &* n
        @inline(__always) func ends(_ entry: UInt64) -> (Int, Int) {
            let e = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)
            if e < n { return (e, e &+ 1) }
            if e < n2 { return (e &- n, e &- n &+ w) }
            if e < n3 { return (e &- n2, e &- n2 &+ w &+ 1) }
            return (e &- n3 &+ 1, e &- n3 &+ w)
        }
        @inline(__always) func join(_ a: Int, _ b: Int) -> Int {
            let (big, small) = nodes[a].size >= nodes[b].size ? (a, b) : (b, a)
            nodes[small].parent = UInt32(truncatingIfNeeded: big)
            nodes[big].size &+= nodes[small].size
            return big
        }
        let threshold = scale
        edges.withUnsafeBufferPointer { edges in
            for entry in edges {
                let (p, q) = ends(entry)
                let a = find(p), b = find(q)
                if a == b { continue }
                let weight = Float(bitPattern: UInt32(truncatingIfNeeded: entry >> 32))
                // scikit-image rounds each threshold to float32.
                let ta = Float(Double(nodes[a].spread) + threshold / Double(nodes[a].size))
                let tb = Float(Double(nodes[b].spread) + threshold / Double(nodes[b].size))
                if weight < min(ta, tb) {
                    nodes[join(a, b)].spread = weight
                }
            }
            guard minSize > 1 else { return }
            // Only edges touching a segment that is small now can merge (segments only
            // grow), so a per-pixel flag skips the rest without walking the forest.
            var small = [Bool](repeating: false, count: n)
            small.withUnsafeMutableBufferPointer { small in
                for i in 0..<n { small[i] = Int(nodes[find(i)].size) < minSize }
                for entry in edges {
                    let (p, q) = ends(entry)
                    if !small[p] && !small[q] { continue }
                    let a = find(p), b = find(q)
                    if a == b { continue }
                    if Int(nodes[a].size) < minSize || Int(nodes[b].size) < minSize { _ = join(a, b) }
                }
            }
        }
        return relabel(nodes, count: n)
    }

    /// Labels `1...` in raster order of first pixels, from the forest.
    static func relabel(_ nodes: UnsafeMutablePointer<FelzenszwalbNode>, count n: Int) -> [UInt32] {
        var label = [UInt32](repeating: 0, count: n)
        var out = [UInt32](repeating: 0, count: n)
        var next: UInt32 = 0
        label.withUnsafeMutableBufferPointer { label in
            out.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    var r = Int(nodes[i].parent)
                    while Int(nodes[r].parent) != r { r = Int(nodes[r].parent) }
                    nodes[i].parent = UInt32(truncatingIfNeeded: r)
                    if label[r] == 0 {
                        next &+= 1
                        label[r] = next
                    }
                    out[i] = label[r]
                }
            }
        }
        return out
    }

    /// All edges with their weights, `(Float weight bits << 32) | edge index`, in edge order.
    static func weightedEdges(_ features: Image<Float>) -> [UInt64] {
        let w = features.width, h = features.height, n = w &* h
        let nc = C.count
        // Per direction: the first edge index, and which pixels have that edge.
        let total = (w &- 1) &* h &+ w &* (h &- 1) &+ 2 &* (w &- 1) &* (h &- 1)
        return features.withUnsafeSamples { f in
            [UInt64](unsafeUninitializedCapacity: total) { buffer, count in
                let out = buffer
                // Offsets of each direction's block in the output (edges leaving the image
                // are skipped, so blocks are packed).
                let blockStart = [0, (w &- 1) &* h, (w &- 1) &* h &+ w &* (h &- 1),
                                  (w &- 1) &* h &+ w &* (h &- 1) &+ (w &- 1) &* (h &- 1)]
                for direction in 0..<4 {
                    let rows = direction == 0 ? h : h &- 1
                    let cols = direction == 1 ? w : w &- 1
                    if rows <= 0 || cols <= 0 { continue }
                    let start = blockStart[direction]
                    let offsetA: Int, offsetB: Int
                    switch direction {
                    case 0: (offsetA, offsetB) = (0, 1)
                    case 1: (offsetA, offsetB) = (0, w)
                    case 2: (offsetA, offsetB) = (0, w &+ 1)
                    default: (offsetA, offsetB) = (1, w)
                    }
                    parallelRows(rows, costPerRow: cols &* 8) { range in
                        for y in range {
                            var o = start &+ y &* cols
                            let base = UInt64(direction &* n &+ y &* w)
                            for x in 0..<cols {
                                let p = y &* w &+ x
                                let a = (p &+ offsetA) &* nc, b = (p &+ offsetB) &* nc
                                var sum: Float = 0
                                for k in 0..<nc {
                                    let d = f[a &+ k] - f[b &+ k]
                                    sum += d * d
                                }
                                let weight = sum.squareRoot().bitPattern
                                out[o] = UInt64(weight) << 32 | (base &+ UInt64(x))
                                o &+= 1
                            }
                        }
                    }
                }
                count = total
            }
        }
    }

    /// Stable LSD radix sort on the high 32 bits (11-bit digits; digits where every entry
    /// agrees are skipped).
    static func radixSortByHighWord(_ values: inout [UInt64]) {
        let count = values.count
        if count < 2 { return }
        let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
        let histogram = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2048)
        defer { scratch.deallocate(); histogram.deallocate() }
        values.withUnsafeMutableBufferPointer { values in
            var src = values, dst = scratch
            for shift in stride(from: UInt64(32), to: 64, by: 11) {
                histogram.initialize(repeating: 0)
                for v in src { histogram[Int(truncatingIfNeeded: (v >> shift) & 2047)] &+= 1 }
                if histogram.contains(count) { continue }
                var offset = 0
                for i in 0..<2048 {
                    let c = histogram[i]
                    histogram[i] = offset
                    offset &+= c
                }
                for v in src {
                    let digit = Int(truncatingIfNeeded: (v >> shift) & 2047)
                    dst[histogram[digit]] = v
                    histogram[digit] &+= 1
                }
                swap(&src, &dst)
            }
            if src.baseAddress != values.baseAddress {
                _ = values.update(fromContentsOf: src)
            }
        }
    }
}
