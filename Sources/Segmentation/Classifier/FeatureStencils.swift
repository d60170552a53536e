/// The small-stencil passes of the filter bank, on the Gaussian-smoothed plane: scipy's Sobel
/// derivatives (for the structure tensor) and `numpy.gradient` twice (for the Hessian), plus
/// the plane helpers the passes share.

enum FeaturePlane {
    /// Positions `0 ..< n + 2r` of a line padded by `r` on both sides mapped to the index
    /// they read under scipy's `reflect` mode (`c b a | a b c d | d c b`), for any `r`.
    static func reflectMap(count n: Int, radius r: Int) -> [Int] {
        (0..<(n + 2 * r)).map { BorderMode.reflect.sourceIndex($0 - r, count: n)! }
    }

    /// `count` new `width × height` planes, filled by `fill`, which gets a pointer to each
    /// (uninitialised storage) and must write every sample of every plane.
    static func makePlanes(
        count: Int, width: Int, height: Int, _ fill: ([UnsafeMutablePointer<Float>]) -> Void
    ) -> [Image<Float>] {
        let n = width * height
        func nest(_ index: Int, _ pointers: [UnsafeMutablePointer<Float>]) -> [[Float]] {
            if index == count {
                fill(pointers)
                return []
            }
            var rest: [[Float]] = []
            let samples = [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
                rest = nest(index + 1, pointers + [buffer.baseAddress!])
                initialized = n
            }
            return [samples] + rest
        }
        return nest(0, []).map { Image(width: width, height: height, pixels: $0) }
    }

    /// The products of scipy's Sobel derivatives of `g` (`ndimage.sobel(g, axis=0/1,
    /// mode='reflect')`: `[-1, 0, 1]` along the axis, then `[1, 2, 1]` across it), the
    /// unsmoothed entries of `skimage.feature.structure_tensor`: `(dr·dr, dr·dc, dc·dc)`,
    /// written over `rr`, `rc` and `cc` (planes of `g`'s size, reused between scales).
    static func sobelProducts(_ g: Image<Float>, into rr: inout Image<Float>, _ rc: inout Image<Float>, _ cc: inout Image<Float>) {
        let w = g.width, h = g.height
        precondition([rr, rc, cc].allSatisfy { $0.width == w && $0.height == h && $0.channels == 1 }, "sobelProducts: sizes")
        g.withUnsafeSamples { samples in
            let input = samples.baseAddress!
            rr.withUnsafeMutableSamples { prr in
            rc.withUnsafeMutableSamples { prc in
            cc.withUnsafeMutableSamples { pcc in
                let out = [prr.baseAddress!, prc.baseAddress!, pcc.baseAddress!]
                parallelRows(h, costPerRow: w &* 16) { rows in
                    // Rows y−1, y, y+1 padded by one reflected column each side; the vertical
                    // difference D and the horizontal differences T of those rows.
                    let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 6 &* (w &+ 2))
                    defer { buffer.deallocate() }
                    let up = buffer, mid = buffer + (w &+ 2), down = buffer + 2 &* (w &+ 2)
                    let vertical = buffer + 3 &* (w &+ 2)
                    let dr = buffer + 4 &* (w &+ 2), dc = buffer + 5 &* (w &+ 2)
                    func load(_ y: Int, _ into: UnsafeMutablePointer<Float>) {
                        let line = input + (y < 0 ? 0 : (y >= h ? h &- 1 : y)) &* w
                        (into + 1).update(from: line, count: w)
                        into[0] = line[0]
                        into[w &+ 1] = line[w &- 1]
                    }
                    for y in rows {
                        load(y &- 1, up)
                        load(y, mid)
                        load(y &+ 1, down)
                        // axis 0: [-1, 0, 1] down the column, then [1, 2, 1] along the row.
                        for i in 0..<(w &+ 2) { vertical[i] = down[i] - up[i] }
                        for x in 0..<w { dr[x] = vertical[x] + 2 * vertical[x &+ 1] + vertical[x &+ 2] }
                        // axis 1: [-1, 0, 1] along the row, then [1, 2, 1] down the column.
                        for x in 0..<w {
                            let tu = up[x &+ 2] - up[x], tm = mid[x &+ 2] - mid[x], td = down[x &+ 2] - down[x]
                            dc[x] = tu + 2 * tm + td
                        }
                        let o = y &* w
                        let rr = out[0] + o, rc = out[1] + o, cc = out[2] + o
                        for x in 0..<w {
                            rr[x] = dr[x] * dr[x]
                            rc[x] = dr[x] * dc[x]
                            cc[x] = dc[x] * dc[x]
                        }
                    }
                }
            }
            }
            }
        }
    }

    /// The eigenvalues (larger, smaller) of scikit-image's `hessian_matrix(…,
    /// use_gaussian_derivatives=False)` of the smoothed plane `g`: `numpy.gradient` along
    /// rows and columns, then again, giving `Hrr = ∂r ∂r g`, `Hrc = ∂c ∂r g`, `Hcc = ∂c ∂c g`.
    /// `numpy.gradient` is `(f[i+1] − f[i−1]) / 2` inside and one-sided at the ends; an axis
    /// of length 1 has zero derivatives.
    static func hessianEigenvalues(_ g: Image<Float>) -> [Image<Float>] {
        let w = g.width, h = g.height
        return g.withUnsafeSamples { samples in
            let input = samples.baseAddress!
            return makePlanes(count: 2, width: w, height: h) { out in
                parallelRows(h, costPerRow: w &* 24) { rows in
                    let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 7 &* w)
                    defer { buffer.deallocate() }
                    let before = buffer, here = buffer + w, after = buffer + 2 &* w
                    let hrr = buffer + 3 &* w, hrc = buffer + 4 &* w, hcc = buffer + 5 &* w, gc = buffer + 6 &* w
                    /// Row `v` of ∂r g.
                    func rowDerivative(_ v: Int, _ into: UnsafeMutablePointer<Float>) {
                        verticalGradient(input, row: v, width: w, height: h, into: into)
                    }
                    for y in rows {
                        rowDerivative(y, here)
                        if h == 1 {
                            for x in 0..<w { hrr[x] = 0 }
                        } else if y == 0 || y == h &- 1 {
                            // One-sided: ∂r at the first/last row of ∂r g.
                            let other = y == 0 ? 1 : h &- 2
                            rowDerivative(other, after)
                            let sign: Float = y == 0 ? 1 : -1
                            for x in 0..<w { hrr[x] = sign * (after[x] - here[x]) }
                        } else {
                            rowDerivative(y &- 1, before)
                            rowDerivative(y &+ 1, after)
                            for x in 0..<w { hrr[x] = (after[x] - before[x]) / 2 }
                        }
                        horizontalGradient(UnsafePointer(here), count: w, into: hrc)
                        horizontalGradient(input + y &* w, count: w, into: gc)
                        horizontalGradient(UnsafePointer(gc), count: w, into: hcc)
                        symmetricEigenvalues(hrr, hrc, hcc, count: w, larger: out[0] + y &* w, smaller: out[1] + y &* w)
                    }
                }
            }
        }
    }

    /// Row `v` of `numpy.gradient(plane, axis=0)`.
    @inline(__always)
    static func verticalGradient(
        _ plane: UnsafePointer<Float>, row v: Int, width w: Int, height h: Int, into out: UnsafeMutablePointer<Float>
    ) {
        if h == 1 {
            for x in 0..<w { out[x] = 0 }
            return
        }
        if v == 0 || v == h &- 1 {
            let a = plane + (v == 0 ? 0 : h &- 2) &* w, b = plane + (v == 0 ? 1 : h &- 1) &* w
            for x in 0..<w { out[x] = b[x] - a[x] }
            return
        }
        let a = plane + (v &- 1) &* w, b = plane + (v &+ 1) &* w
        for x in 0..<w { out[x] = (b[x] - a[x]) / 2 }
    }

    /// `numpy.gradient` of one row of `count` values.
    @inline(__always)
    static func horizontalGradient(_ f: UnsafePointer<Float>, count n: Int, into out: UnsafeMutablePointer<Float>) {
        if n == 1 {
            out[0] = 0
            return
        }
        out[0] = f[1] - f[0]
        out[n &- 1] = f[n &- 1] - f[n &- 2]
        var x = 1
        while x < n &- 1 {
            out[x] = (f[x &+ 1] - f[x &- 1]) / 2
            x &+= 1
        }
    }
}
