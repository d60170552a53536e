/// The plane operations the filter bank is built from: 1-D correlation along rows or down
/// columns with scipy's `reflect` border, `numpy.gradient`, and point-wise combinations.
/// All work on single-channel `Float` images and run in parallel over rows; every output
/// value is computed by the same arithmetic whatever the schedule, so results do not
/// depend on the thread count.

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

/// How ``FeaturePlane/columns(_:combine:)`` joins the results of its terms.
enum FeatureCombine {
    /// `a + b + …`
    case sum
    /// `sqrt(a² + b² + …)`
    case magnitude
}

/// Plane operations of the filter bank (single-channel `Float` images, scipy `reflect`
/// borders).
enum FeaturePlane {
    /// Positions `0 ..< n + 2r` of a line padded by `r` on both sides mapped to the index
    /// they read under scipy's `reflect` mode (`c b a | a b c d | d c b`), for any `r`.
    static func reflectMap(count n: Int, radius r: Int) -> [Int] {
        (0..<(n + 2 * r)).map { BorderMode.reflect.sourceIndex($0 - r, count: n)! }
    }

    /// Correlates every row with `kernel` (scipy `correlate1d(axis=1, mode='reflect')`).
    static func rows(_ source: Image<Float>, _ kernel: FeatureKernel) -> Image<Float> {
        precondition(source.channels == 1 && !source.isEmpty, "FeaturePlane.rows: \(source)")
        let w = source.width, h = source.height, r = kernel.radius
        let xmap = reflectMap(count: w, radius: r)
        return source.withUnsafeSamples { samples in
            kernel.weights.withUnsafeBufferPointer { weights in
                xmap.withUnsafeBufferPointer { xmap in
                    let input = samples.baseAddress!
                    return Image<Float>.generate(width: w, height: h, costPerRow: w &* (r &+ 1)) { rows, output in
                        let padded = UnsafeMutablePointer<Float>.allocate(capacity: w &+ 2 &* r)
                        defer { padded.deallocate() }
                        for y in rows {
                            let line = input + y &* w
                            (padded + r).update(from: line, count: w)
                            for p in 0..<r {
                                padded[p] = line[xmap[p]]
                                padded[w &+ r &+ p] = line[xmap[w &+ r &+ p]]
                            }
                            correlateLine(UnsafePointer(padded + r), into: output.baseAddress! + y &* w, count: w,
                                          weights: weights, odd: kernel.isOdd)
                        }
                    }
                }
            }
        }
    }

    /// `out[i] = Σ_t w[r+t] · centre[i + t]`, `centre[−r ..< count + r]` readable.
    @inline(__always)
    static func correlateLine(
        _ centre: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int,
        weights: UnsafeBufferPointer<Float>, odd: Bool
    ) {
        let r = weights.count / 2
        let w = weights.baseAddress! + r
        var i = 0
        if odd {
            while i &+ 16 <= count {
                var acc = FeatureBlock()
                var t = 1
                while t <= r {
                    acc += FeatureBlock(repeating: w[t]) * (loadFeatureBlock(centre + (i &+ t)) - loadFeatureBlock(centre + (i &- t)))
                    t &+= 1
                }
                storeFeatureBlock(acc, out + i)
                i &+= 16
            }
            while i < count {
                var acc: Float = 0
                var t = 1
                while t <= r {
                    acc += w[t] * (centre[i &+ t] - centre[i &- t])
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
                    acc += FeatureBlock(repeating: w[t]) * (loadFeatureBlock(centre + (i &+ t)) + loadFeatureBlock(centre + (i &- t)))
                    t &+= 1
                }
                storeFeatureBlock(acc, out + i)
                i &+= 16
            }
            while i < count {
                var acc = w[0] * centre[i]
                var t = 1
                while t <= r {
                    acc += w[t] * (centre[i &+ t] + centre[i &- t])
                    t &+= 1
                }
                out[i] = acc
                i &+= 1
            }
        }
    }

    /// Correlates every column with `kernel` (scipy `correlate1d(axis=0, mode='reflect')`).
    static func columns(_ source: Image<Float>, _ kernel: FeatureKernel) -> Image<Float> {
        columns([(source, kernel)], combine: .sum)
    }

    /// Correlates each term's plane down its columns with the term's kernel and joins the
    /// results per pixel (`combine`), without holding the terms' results as planes.
    static func columns(_ terms: [(Image<Float>, FeatureKernel)], combine: FeatureCombine) -> Image<Float> {
        precondition(!terms.isEmpty, "FeaturePlane.columns: no terms")
        let w = terms[0].0.width, h = terms[0].0.height
        for (plane, _) in terms {
            precondition(plane.channels == 1 && plane.width == w && plane.height == h && !plane.isEmpty,
                         "FeaturePlane.columns: \(plane)")
        }
        let radii = terms.map { $0.1.radius }
        let ymaps = radii.map { reflectMap(count: h, radius: $0) }
        let cost = w &* radii.reduce(0) { $0 &+ $1 &+ 1 }
        return withPlanePointers(terms.map(\.0)) { inputs in
            Image<Float>.generate(width: w, height: h, costPerRow: cost) { rows, output in
                // Strips of columns keep the 2r + 1 input rows a run of outputs reads in cache.
                let strip = 512
                let maxTaps = radii.max()! * 2 + 1
                let rowPointers = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: maxTaps)
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: strip &* terms.count)
                defer {
                    rowPointers.deallocate()
                    scratch.deallocate()
                }
                var x0 = 0
                while x0 < w {
                    let n = min(strip, w &- x0)
                    for y in rows {
                        let target = output.baseAddress! + (y &* w &+ x0)
                        for (k, term) in terms.enumerated() {
                            let r = radii[k]
                            ymaps[k].withUnsafeBufferPointer { ymap in
                                for j in 0..<(2 &* r &+ 1) {
                                    rowPointers[j] = inputs[k] + (ymap[y &+ j] &* w &+ x0)
                                }
                            }
                            let into = terms.count == 1 ? target : scratch + k &* strip
                            term.1.weights.withUnsafeBufferPointer { weights in
                                combineRows(rowPointers, into: into, count: n, weights: weights, odd: term.1.isOdd)
                            }
                        }
                        if terms.count > 1 || combine == .magnitude {
                            join(scratch, strip: strip, terms: terms.count, count: n, combine: combine,
                                 single: terms.count == 1 ? target : nil, into: target)
                        }
                    }
                    x0 &+= n
                }
            }
        }
    }

    /// `out[i] = Σ_j w[j] · rows[j][i]` over `2r + 1` row pointers, paired around the centre.
    @inline(__always)
    static func combineRows(
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

    /// Joins `terms` scratch runs of `count` values (run `k` at `scratch + k · strip`).
    @inline(__always)
    static func join(
        _ scratch: UnsafeMutablePointer<Float>, strip: Int, terms: Int, count: Int, combine: FeatureCombine,
        single: UnsafeMutablePointer<Float>?, into out: UnsafeMutablePointer<Float>
    ) {
        let first = single ?? scratch
        switch combine {
        case .sum:
            for i in 0..<count { out[i] = first[i] }
            for k in 1..<terms {
                let run = scratch + k &* strip
                for i in 0..<count { out[i] += run[i] }
            }
        case .magnitude:
            for i in 0..<count { out[i] = first[i] * first[i] }
            for k in 1..<terms {
                let run = scratch + k &* strip
                for i in 0..<count { out[i] += run[i] * run[i] }
            }
            for i in 0..<count { out[i] = out[i].squareRoot() }
        }
    }

    /// `numpy.gradient(plane, axis=axis)` (axis 0: down the columns, 1: along the rows):
    /// `(f[i+1] − f[i−1]) / 2` inside, `f[1] − f[0]` and `f[n−1] − f[n−2]` at the ends;
    /// zero along an axis of length 1 (where numpy raises).
    static func npGradient(_ source: Image<Float>, axis: Int) -> Image<Float> {
        precondition(source.channels == 1 && !source.isEmpty && (axis == 0 || axis == 1), "npGradient: \(source)")
        let w = source.width, h = source.height
        return source.withUnsafeSamples { samples in
            let input = samples.baseAddress!
            return Image<Float>.generate(width: w, height: h, costPerRow: w &* 2) { rows, output in
                let out = output.baseAddress!
                for y in rows {
                    let o = out + y &* w
                    if axis == 1 {
                        let f = input + y &* w
                        if w == 1 {
                            o[0] = 0
                            continue
                        }
                        o[0] = f[1] - f[0]
                        o[w &- 1] = f[w &- 1] - f[w &- 2]
                        var x = 1
                        while x < w &- 1 {
                            o[x] = (f[x &+ 1] - f[x &- 1]) / 2
                            x &+= 1
                        }
                    } else {
                        if h == 1 {
                            for x in 0..<w { o[x] = 0 }
                            continue
                        }
                        let up = input + max(0, y &- 1) &* w
                        let down = input + min(h &- 1, y &+ 1) &* w
                        if y == 0 || y == h &- 1 {
                            for x in 0..<w { o[x] = down[x] - up[x] }
                        } else {
                            for x in 0..<w { o[x] = (down[x] - up[x]) / 2 }
                        }
                    }
                }
            }
        }
    }

    /// `transform(a[i], b[i])` for every pixel, in parallel.
    static func zip(_ a: Image<Float>, _ b: Image<Float>, _ transform: (Float, Float) -> Float) -> Image<Float> {
        precondition(a.width == b.width && a.height == b.height && a.channels == b.channels, "FeaturePlane.zip")
        let w = a.rowStride
        return a.withUnsafeSamples { pa in
            b.withUnsafeSamples { pb in
                let x = pa.baseAddress!, y = pb.baseAddress!
                return Image<Float>.generate(width: a.width, height: a.height, channels: a.channels) { rows, output in
                    let o = output.baseAddress!
                    for i in (rows.lowerBound &* w)..<(rows.upperBound &* w) { o[i] = transform(x[i], y[i]) }
                }
            }
        }
    }

    /// The eigenvalues (larger, smaller) of the symmetric 2 × 2 matrices `[[a, b], [b, c]]`
    /// of each pixel, by scikit-image's formula (`_symmetric_compute_eigenvalues`):
    /// `(a + c)/2 ± sqrt(b² + ((a − c)/2)²)`.
    static func eigenvalues(_ a: Image<Float>, _ b: Image<Float>, _ c: Image<Float>) -> (Image<Float>, Image<Float>) {
        let w = a.width, h = a.height, n = a.pixelCount
        var smaller = [Float]()
        let larger: [Float] = withPlanePointers([a, b, c]) { p in
            let pa = p[0], pb = p[1], pc = p[2]
            return [Float](unsafeUninitializedCapacity: n) { big, bigCount in
                smaller = [Float](unsafeUninitializedCapacity: n) { small, smallCount in
                    let lo = small.baseAddress!, hi = big.baseAddress!
                    parallelRows(h, costPerRow: w &* 4) { rows in
                        for i in (rows.lowerBound &* w)..<(rows.upperBound &* w) {
                            let mean = (pa[i] + pc[i]) / 2
                            let half = (pa[i] - pc[i]) / 2
                            let root = (pb[i] * pb[i] + half * half).squareRoot()
                            hi[i] = mean + root
                            lo[i] = mean - root
                        }
                    }
                    smallCount = n
                }
                bigCount = n
            }
        }
        return (Image(width: w, height: h, pixels: larger), Image(width: w, height: h, pixels: smaller))
    }
}
