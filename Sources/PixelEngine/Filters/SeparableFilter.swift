/// The separable-correlation core shared by the Gaussian, Sobel/Scharr, Laplacian-of-Gaussian
/// and difference-of-Gaussians filters, and the 1-D border index maps every neighbourhood
/// filter of this folder uses.
///
/// Algorithm apart from schedule (see STYLE.md, Halide): the result is
/// `out(x, y) = Σ_j column[j] · Σ_i row[i] · in(x + i − rx, y + j − ry)` with pixels outside the
/// image read through a ``BorderMode``; the schedule is one band of output rows per
/// ``parallelRows(_:costPerRow:_:)`` task, a ring of `2·ry + 1` horizontally filtered rows per
/// band (each input row is filtered once per band), and a column pass that walks whole rows
/// so the inner loops are unit-stride over `width · channels` floats and vectorise.

/// A 1-D correlation kernel of odd length, centred: `weights[radius]` is the centre tap.
@usableFromInline
struct Kernel1D: Sendable {
    @usableFromInline var weights: [Float]

    @inlinable init(_ weights: [Float]) {
        precondition(weights.count % 2 == 1, "Kernel1D: length \(weights.count) is not odd")
        self.weights = weights
    }

    @inlinable var radius: Int { weights.count / 2 }

    /// `weights[r − i] == weights[r + i]` for all `i`.
    @inlinable var isSymmetric: Bool {
        let r = radius
        for i in 1...max(1, r) where i <= r { if weights[r - i] != weights[r + i] { return false } }
        return true
    }

    /// `weights[r − i] == −weights[r + i]` for all `i`, and a zero centre.
    @inlinable var isAntisymmetric: Bool {
        let r = radius
        if weights[r] != 0 { return false }
        for i in 1...max(1, r) where i <= r { if weights[r - i] != -weights[r + i] { return false } }
        return true
    }

    /// The same kernel with every weight multiplied by `factor`.
    @inlinable func scaled(by factor: Float) -> Kernel1D {
        factor == 1 ? self : Kernel1D(weights.map { $0 * factor })
    }
}

/// Where each position of a line padded by `radius` on both sides reads from.
@usableFromInline
enum BorderIndex {
    /// `map[p]` is the source index of padded position `p` (`p − radius` in image
    /// coordinates), or −1 where `.constant` supplies the value.
    @inlinable
    static func map(count n: Int, radius: Int, mode: BorderMode) -> [Int] {
        (0..<(n + 2 * radius)).map { mode.sourceIndex($0 - radius, count: n) ?? -1 }
    }

    /// The constant of `.constant`, or 0.
    @inlinable
    static func constant(_ mode: BorderMode) -> Float {
        if case .constant(let value) = mode { return value }
        return 0
    }
}

extension Image {
    /// Correlates every channel with `row` along x and `column` along y, accumulating in
    /// `Float`, and converts each result with `Out(clamping:)` (integers round half away
    /// from zero and clamp; floats are stored as they are).
    ///
    /// `inputScale` multiplies every input sample (and the border constant) first, e.g.
    /// `1 / 255` to read 8-bit samples as scikit-image's `img_as_float` does. The image must
    /// not be empty (callers validate).
    ///
    /// With `.constant(k)`, `axisWiseConstant: false` is a true 2-D correlation of the image
    /// padded with `k` (scipy `correlate`/`convolve`, what scikit-image's Sobel uses);
    /// `true` is scipy's sequence of 1-D filters (`gaussian_filter`, `gaussian_laplace`),
    /// where the second pass pads the first pass's output with `k` again. The two agree for
    /// kernels that sum to 1 and differ near the border otherwise.
    @inlinable
    func separableCorrelate<Out: PixelSample>(
        row: Kernel1D, column: Kernel1D, mode: BorderMode, inputScale: Float = 1,
        axisWiseConstant: Bool = false, as _: Out.Type = Out.self
    ) -> Image<Out> {
        precondition(!isEmpty, "separableCorrelate: empty image")
        let w = width, h = height, c = channels, rs = rowStride
        let rowKernel = row.scaled(by: inputScale)
        let rx = rowKernel.radius, ry = column.radius
        let xmap = BorderIndex.map(count: w, radius: rx, mode: mode)
        let ymap = BorderIndex.map(count: h, radius: ry, mode: mode)
        let givenConstant = BorderIndex.constant(mode)
        let corrected = axisWiseConstant && givenConstant != 0
        // scipy's axis-wise constant border, by linearity: filter with zero padding, then add
        // k · (A(x) · B(y) + Σh − A(x)), A(x) = Σ of row taps landing inside the image and
        // B(y) = Σ of column taps landing outside (scipy filters columns first).
        let cval: Float = corrected ? 0 : givenConstant
        let rowSum = rowKernel.weights.reduce(0, +)
        let inside: [Float] = (0..<w).map { x in
            (0..<rowKernel.weights.count).reduce(Float(0)) { acc, i in
                (0..<w).contains(x + i - rx) ? acc + rowKernel.weights[i] : acc
            }
        }
        let outside: [Float] = (0..<h).map { y in
            (0..<column.weights.count).reduce(Float(0)) { acc, j in
                (0..<h).contains(y + j - ry) ? acc : acc + column.weights[j]
            }
        }
        let taps = rowKernel.weights.count + column.weights.count
        let rowSymmetric = rowKernel.isSymmetric, rowAntisymmetric = rowKernel.isAntisymmetric
        let columnSymmetric = column.isSymmetric, columnAntisymmetric = column.isAntisymmetric
        let constantRowValue = cval * rowKernel.weights.reduce(0, +)

        return withUnsafeSamples { input in
            rowKernel.weights.withUnsafeBufferPointer { rk in
            column.weights.withUnsafeBufferPointer { ck in
            xmap.withUnsafeBufferPointer { xmap in
            ymap.withUnsafeBufferPointer { ymap in
                Image<Out>.generate(width: w, height: h, channels: c, costPerRow: rs &* taps) { rows, output in
                    let ringCount = 2 &* ry &+ 1
                    let padded = UnsafeMutablePointer<Float>.allocate(capacity: (w &+ 2 &* rx) &* c)
                    let ring = UnsafeMutablePointer<Float>.allocate(capacity: ringCount &* rs)
                    let accumulator = UnsafeMutablePointer<Float>.allocate(capacity: rs)
                    var ringHolds = [Int](repeating: Int.min, count: ringCount)
                    defer {
                        padded.deallocate()
                        ring.deallocate()
                        accumulator.deallocate()
                    }
                    for y in rows {
                        // Make sure the ring holds the filtered rows y − ry ... y + ry.
                        for j in 0..<ringCount {
                            let v = y &- ry &+ j
                            let slot = (v &+ ry) % ringCount
                            if ringHolds[slot] == v { continue }
                            ringHolds[slot] = v
                            let destination = ring + slot &* rs
                            let source = ymap[v &+ ry]
                            if source < 0 {
                                for i in 0..<rs { destination[i] = constantRowValue }
                                continue
                            }
                            let line = input.baseAddress! + source &* rs
                            loadPadded(line, into: padded, width: w, channels: c, radius: rx, xmap: xmap, constant: cval)
                            correlateLine(padded, into: destination, count: rs, step: c, kernel: rk,
                                          symmetric: rowSymmetric, antisymmetric: rowAntisymmetric)
                        }
                        // Column pass over whole rows of the ring.
                        let target = Out.self == Float.self
                            ? UnsafeMutableRawPointer(output.baseAddress! + y &* rs).assumingMemoryBound(to: Float.self)
                            : accumulator
                        combineRows(ring: ring, rowStride: rs, ringCount: ringCount, centre: y, kernel: ck,
                                    symmetric: columnSymmetric, antisymmetric: columnAntisymmetric, into: target)
                        if corrected {
                            let b = outside[y]
                            for x in 0..<w {
                                let a = inside[x]
                                let correction = givenConstant * (a * b + rowSum - a)
                                for k in 0..<c { target[x &* c &+ k] += correction }
                            }
                        }
                        if Out.self != Float.self {
                            let out = output.baseAddress! + y &* rs
                            for i in 0..<rs { out[i] = Out(clamping: accumulator[i]) }
                        }
                    }
                }
            }
            }
            }
            }
        }
    }
}

/// Copies one image row into `padded` as floats, with `radius` border pixels on each side.
@inlinable
func loadPadded<S: PixelSample>(
    _ line: UnsafePointer<S>, into padded: UnsafeMutablePointer<Float>,
    width w: Int, channels c: Int, radius r: Int, xmap: UnsafeBufferPointer<Int>, constant: Float
) {
    let interior = padded + r &* c
    for i in 0..<(w &* c) { interior[i] = line[i].floatValue }
    for p in 0..<r {
        for side in 0..<2 {
            let position = side == 0 ? p : w &+ r &+ p
            let source = xmap[position]
            let destination = padded + position &* c
            for k in 0..<c {
                destination[k] = source < 0 ? constant : line[source &* c &+ k].floatValue
            }
        }
    }
}

/// `out[i] = Σ_k kernel[k] · padded[i + k·step]` for `i` in `0..<count`.
@inlinable
func correlateLine(
    _ padded: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int, step: Int,
    kernel: UnsafeBufferPointer<Float>, symmetric: Bool, antisymmetric: Bool
) {
    let r = kernel.count / 2
    let centreWeight = kernel[r]
    let centre = padded + r &* step
    if symmetric || antisymmetric {
        if antisymmetric {
            for i in 0..<count { out[i] = 0 }
        } else {
            for i in 0..<count { out[i] = centreWeight * centre[i] }
        }
        for k in 0..<r {
            let weight = kernel[k]
            if weight == 0 { continue }
            let a = padded + k &* step
            let b = padded + (2 &* r &- k) &* step
            if symmetric {
                for i in 0..<count { out[i] += weight * (a[i] + b[i]) }
            } else {
                for i in 0..<count { out[i] += weight * (a[i] - b[i]) }
            }
        }
    } else {
        for i in 0..<count { out[i] = centreWeight * centre[i] }
        for k in 0..<kernel.count where k != r {
            let weight = kernel[k]
            let a = padded + k &* step
            for i in 0..<count { out[i] += weight * a[i] }
        }
    }
}

/// `out[i] = Σ_j kernel[j] · row(centre − r + j)[i]`, the rows read from the ring.
@inlinable
func combineRows(
    ring: UnsafeMutablePointer<Float>, rowStride rs: Int, ringCount: Int, centre y: Int,
    kernel: UnsafeBufferPointer<Float>, symmetric: Bool, antisymmetric: Bool,
    into out: UnsafeMutablePointer<Float>
) {
    let r = kernel.count / 2
    @inline(__always) func row(_ j: Int) -> UnsafeMutablePointer<Float> {
        ring + ((y &- r &+ j &+ r) % ringCount) &* rs
    }
    let centreWeight = kernel[r]
    let middle = row(r)
    if antisymmetric {
        for i in 0..<rs { out[i] = 0 }
    } else {
        for i in 0..<rs { out[i] = centreWeight * middle[i] }
    }
    if symmetric || antisymmetric {
        for j in 0..<r {
            let weight = kernel[j]
            if weight == 0 { continue }
            let a = row(j), b = row(2 &* r &- j)
            if symmetric {
                for i in 0..<rs { out[i] += weight * (a[i] + b[i]) }
            } else {
                for i in 0..<rs { out[i] += weight * (a[i] - b[i]) }
            }
        }
    } else {
        for j in 0..<kernel.count where j != r {
            let weight = kernel[j]
            let a = row(j)
            for i in 0..<rs { out[i] += weight * a[i] }
        }
    }
}
