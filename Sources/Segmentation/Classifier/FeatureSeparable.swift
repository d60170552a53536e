/// The separable-filter engine of the filter bank: several row filters and column filters
/// of one scale evaluated in one sweep, with scipy's `reflect` border, writing only the
/// final feature planes.
///
/// Algorithm apart from schedule (see STYLE.md): a term is `column ⋆_y (row ⋆_x input)`
/// (scipy `correlate1d` along axis 1, then along axis 0, both `mode='reflect'`); an output
/// joins one to three terms per pixel (a sum, a gradient magnitude, a difference, or the
/// eigenvalues of a symmetric 2 × 2 matrix). The schedule: bands of rows run in parallel;
/// each band walks vertical strips of columns; per strip, each row filter keeps a ring of
/// the `2R + 1` filtered rows its terms read, so every input row is filtered once per band
/// and strip, and terms sharing a row filter (the Gaussian, its derivatives, the LoG) share
/// its ring. Each output value is the same arithmetic whatever the band split, so results
/// do not depend on the thread count.

/// Sixteen floats, the block the inner loops keep in registers.
typealias FeatureBlock = SIMD16<Float>

@inline(__always)
func loadFeatureBlock(_ p: UnsafePointer<Float>) -> FeatureBlock {
    UnsafeRawPointer(p).loadUnaligned(as: FeatureBlock.self)
}

@inline(__always)
func storeFeatureBlock(_ v: FeatureBlock, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: FeatureBlock.self)
}

/// How an output of a ``SeparablePlan`` joins its terms (indices into the plan's terms).
enum SeparableOutput {
    /// The term itself.
    case term(Int)
    /// `a + b`.
    case sum(Int, Int)
    /// `sqrt(a² + b²)`.
    case magnitude(Int, Int)
    /// `a − b`.
    case difference(Int, Int)
    /// The eigenvalues (larger, smaller) of `[[a, b], [b, c]]`: two planes.
    case eigenvalues(Int, Int, Int)

    /// Planes this output produces.
    var planeCount: Int {
        if case .eigenvalues = self { return 2 }
        return 1
    }
}

/// Row filters, column filters and outputs of one sweep over same-sized single-channel
/// `Float` planes.
struct SeparablePlan {
    /// The input planes, all of one size, not empty.
    var inputs: [Image<Float>]
    /// Row filters: which input each reads, and its kernel.
    var rowFilters: [(input: Int, kernel: FeatureKernel)] = []
    /// Terms: a row filter's result correlated down the columns with a kernel.
    var terms: [(row: Int, column: FeatureKernel)] = []
    /// The outputs, in order.
    var outputs: [SeparableOutput] = []

    init(inputs: [Image<Float>]) {
        precondition(!inputs.isEmpty, "SeparablePlan: no input")
        for plane in inputs {
            precondition(plane.channels == 1 && !plane.isEmpty && plane.width == inputs[0].width
                         && plane.height == inputs[0].height, "SeparablePlan: input \(plane)")
        }
        self.inputs = inputs
    }

    /// Adds (or finds) a row filter and returns its index.
    mutating func row(_ kernel: FeatureKernel, input: Int = 0) -> Int {
        if let index = rowFilters.firstIndex(where: { $0.input == input && $0.kernel == kernel }) { return index }
        rowFilters.append((input, kernel))
        return rowFilters.count - 1
    }

    /// Adds (or finds) the term `column ⋆_y (row filter)` and returns its index.
    mutating func term(row: Int, column: FeatureKernel) -> Int {
        if let index = terms.firstIndex(where: { $0.row == row && $0.column == column }) { return index }
        terms.append((row, column))
        return terms.count - 1
    }

    /// Adds (or finds) `column ⋆_y (row ⋆_x input)` and returns its term index.
    mutating func term(_ row: FeatureKernel, _ column: FeatureKernel, input: Int = 0) -> Int {
        term(row: self.row(row, input: input), column: column)
    }

    /// Runs the sweep and returns the output planes, in ``outputs`` order (two for each
    /// eigenvalue output).
    func run() -> [Image<Float>] {
        precondition(!outputs.isEmpty && !terms.isEmpty, "SeparablePlan: nothing to compute")
        let w = inputs[0].width, h = inputs[0].height
        let planeCount = outputs.reduce(0) { $0 + $1.planeCount }
        // The ring of a row filter spans the widest column kernel reading it.
        let ringRadius = rowFilters.indices.map { r in
            terms.filter { $0.row == r }.map(\.column.radius).max() ?? 0
        }
        let ringRows = ringRadius.map { 2 * $0 + 1 }
        let maxRowRadius = rowFilters.map(\.kernel.radius).max() ?? 0
        // Strips as wide as keeps every ring within about half of a 1 MB L2.
        let totalRingRows = ringRows.reduce(0, +)
        let strip = max(64, min(1024, ((128 * 1024) / max(1, totalRingRows)) / 16 * 16 - 16))
        // Ring rows padded so consecutive rows do not share L1 sets.
        let stripStride = strip + 16
        let xmaps = rowFilters.map { FeaturePlane.reflectMap(count: w, radius: $0.kernel.radius) }
        let ymaps = ringRadius.map { FeaturePlane.reflectMap(count: h, radius: $0) }
        let taps = rowFilters.reduce(0) { $0 + $1.kernel.radius + 1 } + terms.reduce(0) { $0 + $1.column.radius + 1 }
        // Few bands: each band refills its rings (2R rows) before its first output row.
        let bands = max(1, min(h, ParallelRows.taskLimit ?? ParallelRows.processorCount * 2))
        let rowKernels = rowFilters.map(\.kernel)
        let columnKernels = terms.map(\.column)
        // A term that is itself an output is written straight into that output's plane.
        var termPlane = [Int?](repeating: nil, count: terms.count)
        var firstPlane = 0
        for output in outputs {
            if case .term(let t) = output, termPlane[t] == nil { termPlane[t] = firstPlane }
            firstPlane += output.planeCount
        }

        return FeaturePlane.makePlanes(count: planeCount, width: w, height: h) { outputPlanes in
            withPlanePointers(inputs) { inputPointers in
                parallelRows(bands, costPerRow: (h / bands + 1) &* w &* taps) { bandRange in
                    let padded = UnsafeMutablePointer<Float>.allocate(capacity: strip &+ 2 &* maxRowRadius)
                    let ringStarts = ringRows.reduce(into: [0]) { $0.append($0.last! + $1 * stripStride) }
                    let rings = UnsafeMutablePointer<Float>.allocate(capacity: max(1, ringStarts.last!))
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: terms.count &* stripStride)
                    let rowPointers = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 2 &* (ringRadius.max() ?? 0) &+ 1)
                    var holds = ringRows.map { [Int](repeating: Int.min, count: $0) }
                    let termRows = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: terms.count)
                    defer {
                        termRows.deallocate()
                        padded.deallocate()
                        rings.deallocate()
                        scratch.deallocate()
                        rowPointers.deallocate()
                    }
                    for band in bandRange {
                        let rows = (h * band / bands)..<(h * (band + 1) / bands)
                        var x0 = 0
                        while x0 < w {
                            let n = min(strip, w &- x0)
                            for f in holds.indices { for s in holds[f].indices { holds[f][s] = Int.min } }
                            for y in rows {
                                // Bring each ring up to rows y − R ... y + R.
                                for f in rowFilters.indices {
                                    let radius = ringRadius[f], count = ringRows[f]
                                    let kernel = rowKernels[f]
                                    let rx = kernel.radius
                                    for v in (y &- radius)...(y &+ radius) {
                                        let slot = (v &+ radius) % count
                                        if holds[f][slot] == v { continue }
                                        holds[f][slot] = v
                                        let line = inputPointers[rowFilters[f].input] + ymaps[f][v &+ radius] &* w
                                        var centre = line + x0
                                        if x0 < rx || x0 &+ n &+ rx > w {
                                            // The strip's taps leave the row: pad it by reflection.
                                            xmaps[f].withUnsafeBufferPointer { xmap in
                                                loadStrip(line, into: padded, from: x0, count: n, width: w, radius: rx, xmap: xmap)
                                            }
                                            centre = UnsafePointer(padded + rx)
                                        }
                                        kernel.weights.withUnsafeBufferPointer { weights in
                                            correlateLine(centre, into: rings + (ringStarts[f] &+ slot &* stripStride),
                                                          count: n, weights: weights, odd: kernel.isOdd)
                                        }
                                    }
                                }
                                // Each term into its output row (a `.term` output) or its scratch run.
                                let offset = y &* w &+ x0
                                for t in terms.indices {
                                    termRows[t] = termPlane[t].map { outputPlanes[$0] + offset } ?? scratch + t &* stripStride
                                }
                                for t in terms.indices {
                                    let f = terms[t].row
                                    let radius = ringRadius[f], count = ringRows[f]
                                    let rc = columnKernels[t].radius
                                    for j in 0...(2 &* rc) {
                                        let v = y &- rc &+ j
                                        rowPointers[j] = UnsafePointer(rings + (ringStarts[f] &+ ((v &+ radius) % count) &* stripStride))
                                    }
                                    columnKernels[t].weights.withUnsafeBufferPointer { weights in
                                        combineRows(rowPointers, into: termRows[t], count: n,
                                                    weights: weights, odd: columnKernels[t].isOdd)
                                    }
                                }
                                // Outputs.
                                var plane = 0
                                for output in outputs {
                                    let out = outputPlanes[plane] + offset
                                    switch output {
                                    case .term(let a):
                                        if termPlane[a] != plane { out.update(from: termRows[a], count: n) }
                                    case .sum(let a, let b):
                                        let pa = termRows[a], pb = termRows[b]
                                        for i in 0..<n { out[i] = pa[i] + pb[i] }
                                    case .difference(let a, let b):
                                        let pa = termRows[a], pb = termRows[b]
                                        for i in 0..<n { out[i] = pa[i] - pb[i] }
                                    case .magnitude(let a, let b):
                                        let pa = termRows[a], pb = termRows[b]
                                        for i in 0..<n { out[i] = (pa[i] * pa[i] + pb[i] * pb[i]).squareRoot() }
                                    case .eigenvalues(let a, let b, let c):
                                        symmetricEigenvalues(termRows[a], termRows[b], termRows[c], count: n,
                                                             larger: out, smaller: outputPlanes[plane &+ 1] + offset)
                                    }
                                    plane &+= output.planeCount
                                }
                            }
                            x0 &+= n
                        }
                    }
                }
            }
        }
    }
}

/// The eigenvalues (larger, smaller) of the symmetric matrices `[[a, b], [b, c]]`, by
/// scikit-image's formula (`_symmetric_compute_eigenvalues`):
/// `(a + c)/2 ± sqrt(b² + ((a − c)/2)²)`.
@inline(__always)
func symmetricEigenvalues(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, count: Int,
    larger: UnsafeMutablePointer<Float>, smaller: UnsafeMutablePointer<Float>
) {
    for i in 0..<count {
        let mean = (a[i] + c[i]) / 2
        let half = (a[i] - c[i]) / 2
        let root = (b[i] * b[i] + half * half).squareRoot()
        larger[i] = mean + root
        smaller[i] = mean - root
    }
}

/// Copies image columns `x0 − r ..< x0 + count + r` of one row into `padded`, reading
/// columns outside the row through `xmap` (indexed by column + r).
@inline(__always)
func loadStrip(
    _ line: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>, from x0: Int, count: Int,
    width w: Int, radius r: Int, xmap: UnsafeBufferPointer<Int>
) {
    let total = count &+ 2 &* r
    let firstInside = max(0, r &- x0)
    let endInside = min(total, w &- x0 &+ r)
    if firstInside < endInside {
        (padded + firstInside).update(from: line + (x0 &- r &+ firstInside), count: endInside &- firstInside)
        for p in 0..<firstInside { padded[p] = line[xmap[x0 &+ p]] }
        for p in endInside..<total { padded[p] = line[xmap[x0 &+ p]] }
    } else {
        for p in 0..<total { padded[p] = line[xmap[x0 &+ p]] }
    }
}

/// `out[i] = Σ_t w[r+t] · centre[i + t]` for `i` in `0..<count`; `centre[−r ..< count + r]`
/// must be readable: ``combineRows(_:into:count:weights:odd:)`` over the shifted line.
@inline(__always)
func correlateLine(
    _ centre: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int,
    weights: UnsafeBufferPointer<Float>, odd: Bool
) {
    let taps = weights.count, r = taps / 2
    withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: taps) { shifted in
        for j in 0..<taps { shifted[j] = centre + (j &- r) }
        combineRows(shifted.baseAddress!, into: out, count: count, weights: weights, odd: odd)
    }
}

/// `out[i] = Σ_j w[j] · rows[j][i]` over `2r + 1` row pointers. Taps are paired around
/// the centre (symmetric: sum, antisymmetric: difference) and sixteen outputs accumulate in
/// registers.
@inline(__always)
func combineRows(
    _ rows: UnsafeMutablePointer<UnsafePointer<Float>>, into out: UnsafeMutablePointer<Float>, count: Int,
    weights: UnsafeBufferPointer<Float>, odd: Bool
) {
    let r = weights.count / 2
    let w = weights.baseAddress! + r
    let centre = rows[r]
    var i = 0
    if odd {
        while i &+ 16 <= count {
            var acc = FeatureBlock()
            var t = 1
            while t <= r {
                acc += FeatureBlock(repeating: w[t]) * (loadFeatureBlock(rows[r &+ t] + i) - loadFeatureBlock(rows[r &- t] + i))
                t &+= 1
            }
            storeFeatureBlock(acc, out + i)
            i &+= 16
        }
        while i < count {
            var acc: Float = 0
            var t = 1
            while t <= r {
                acc += w[t] * (rows[r &+ t][i] - rows[r &- t][i])
                t &+= 1
            }
            out[i] = acc
            i &+= 1
        }
    } else {
        while i &+ 16 <= count {
            var acc = FeatureBlock(repeating: w[0]) * loadFeatureBlock(centre + i)
            var t = 1
            while t <= r {
                acc += FeatureBlock(repeating: w[t]) * (loadFeatureBlock(rows[r &+ t] + i) + loadFeatureBlock(rows[r &- t] + i))
                t &+= 1
            }
            storeFeatureBlock(acc, out + i)
            i &+= 16
        }
        while i < count {
            var acc = w[0] * centre[i]
            var t = 1
            while t <= r {
                acc += w[t] * (rows[r &+ t][i] + rows[r &- t][i])
                t &+= 1
            }
            out[i] = acc
            i &+= 1
        }
    }
}
