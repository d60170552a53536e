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
                    // Vertical strips keep the ring (2·ry + 1 strip rows) in L1: the column
                    // pass reads every ring row for every output row.
                    let stripPixels = max(16, 256 / c)
                    let stripStride = stripPixels &* c
                    let ringCount = 2 &* ry &+ 1
                    let padded = UnsafeMutablePointer<Float>.allocate(capacity: (stripPixels &+ 2 &* rx) &* c &+ 16)
                    let ring = UnsafeMutablePointer<Float>.allocate(capacity: ringCount &* stripStride)
                    let accumulator = UnsafeMutablePointer<Float>.allocate(capacity: stripStride)
                    var ringHolds = [Int](repeating: Int.min, count: ringCount)
                    defer {
                        padded.deallocate()
                        ring.deallocate()
                        accumulator.deallocate()
                    }
                    var x0 = 0
                    while x0 < w {
                        let stripWidth = min(stripPixels, w &- x0)
                        let count = stripWidth &* c
                        for j in 0..<ringCount { ringHolds[j] = Int.min }
                        for y in rows {
                            // Make sure the ring holds the filtered rows y − ry ... y + ry.
                            for j in 0..<ringCount {
                                let v = y &- ry &+ j
                                let slot = (v &+ ry) % ringCount
                                if ringHolds[slot] == v { continue }
                                ringHolds[slot] = v
                                let destination = ring + slot &* stripStride
                                let source = ymap[v &+ ry]
                                if source < 0 {
                                    for i in 0..<count { destination[i] = constantRowValue }
                                    continue
                                }
                                let line = input.baseAddress! + source &* rs
                                loadPaddedStrip(line, into: padded, from: x0, count: stripWidth, width: w, channels: c,
                                                radius: rx, xmap: xmap, constant: cval)
                                correlateLine(padded, into: destination, count: count, step: c, kernel: rk,
                                              symmetric: rowSymmetric, antisymmetric: rowAntisymmetric)
                            }
                            let rowStart = y &* rs &+ x0 &* c
                            let target = Out.self == Float.self
                                ? UnsafeMutableRawPointer(output.baseAddress! + rowStart).assumingMemoryBound(to: Float.self)
                                : accumulator
                            combineRows(ring: ring, rowStride: stripStride, count: count, ringCount: ringCount, centre: y,
                                        kernel: ck, symmetric: columnSymmetric, antisymmetric: columnAntisymmetric, into: target)
                            if corrected {
                                let b = outside[y]
                                for x in 0..<stripWidth {
                                    let a = inside[x0 &+ x]
                                    let correction = givenConstant * (a * b + rowSum - a)
                                    for k in 0..<c { target[x &* c &+ k] += correction }
                                }
                            }
                            if Out.self == UInt8.self {
                                let out = UnsafeMutableRawPointer(output.baseAddress! + rowStart).assumingMemoryBound(to: UInt8.self)
                                storeRoundedUInt8(accumulator, out, count: count)
                            } else if Out.self != Float.self {
                                let out = output.baseAddress! + rowStart
                                for i in 0..<count { out[i] = Out(clamping: accumulator[i]) }
                            }
                        }
                        x0 &+= stripWidth
                    }
                }
            }
            }
            }
            }
        }
    }
}

/// Copies pixels `from − radius ..< from + count + radius` of one image row into `padded` as
/// floats, reading positions outside the row through `xmap` (indexed by `x + radius`).
@inlinable
func loadPaddedStrip<S: PixelSample>(
    _ line: UnsafePointer<S>, into padded: UnsafeMutablePointer<Float>, from x0: Int, count: Int,
    width w: Int, channels c: Int, radius r: Int, xmap: UnsafeBufferPointer<Int>, constant: Float
) {
    // Padded position p is image column x0 − r + p; the columns inside the row are copied
    // with one unit-stride conversion loop.
    let total = count &+ 2 &* r
    let firstInside = max(0, r &- x0)
    let endInside = min(total, w &- x0 &+ r)
    if firstInside < endInside {
        let source = line + (x0 &- r &+ firstInside) &* c
        let destination = padded + firstInside &* c
        for i in 0..<((endInside &- firstInside) &* c) { destination[i] = source[i].floatValue }
    }
    func border(_ p: Int) {
        let x = xmap[x0 &+ p]
        for k in 0..<c {
            padded[p &* c &+ k] = x < 0 ? constant : line[x &* c &+ k].floatValue
        }
    }
    if firstInside >= endInside {
        for p in 0..<total { border(p) }
        return
    }
    for p in 0..<firstInside { border(p) }
    for p in endInside..<total { border(p) }
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

/// Sixteen floats: the block the line kernels keep in registers (four SSE registers).
@usableFromInline typealias FloatBlock = SIMD16<Float>

@inlinable @inline(__always)
func loadBlock(_ p: UnsafePointer<Float>) -> FloatBlock {
    UnsafeRawPointer(p).loadUnaligned(as: FloatBlock.self)
}

@inlinable @inline(__always)
func storeBlock(_ v: FloatBlock, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: FloatBlock.self)
}

/// `out[i] = Σ_k kernel[k] · padded[i + k·step]` for `i` in `0..<count`.
///
/// Symmetric and antisymmetric kernels (Gaussians, derivatives) pair taps around the centre
/// and accumulate sixteen outputs in registers across all taps, so each output is stored once.
@inlinable
func correlateLine(
    _ padded: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int, step: Int,
    kernel: UnsafeBufferPointer<Float>, symmetric: Bool, antisymmetric: Bool
) {
    let r = kernel.count / 2
    let centreWeight = kernel[r]
    let centre = padded + r &* step
    if symmetric || antisymmetric {
        var i = 0
        if antisymmetric {
            while i &+ 16 <= count {
                var acc = FloatBlock()
                for k in 0..<r {
                    let a = loadBlock(padded + (i &+ k &* step)), b = loadBlock(padded + (i &+ (2 &* r &- k) &* step))
                    acc += FloatBlock(repeating: kernel[k]) * (a - b)
                }
                storeBlock(acc, out + i)
                i &+= 16
            }
        } else {
            while i &+ 16 <= count {
                var acc = FloatBlock(repeating: centreWeight) * loadBlock(centre + i)
                for k in 0..<r {
                    let a = loadBlock(padded + (i &+ k &* step)), b = loadBlock(padded + (i &+ (2 &* r &- k) &* step))
                    acc += FloatBlock(repeating: kernel[k]) * (a + b)
                }
                storeBlock(acc, out + i)
                i &+= 16
            }
        }
        while i < count {
            var acc = antisymmetric ? 0 : centreWeight * centre[i]
            for k in 0..<r {
                let a = padded[i &+ k &* step], b = padded[i &+ (2 &* r &- k) &* step]
                acc += kernel[k] * (antisymmetric ? a - b : a + b)
            }
            out[i] = acc
            i &+= 1
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

/// `out[i] = Σ_j kernel[j] · row(centre − r + j)[i]`, the rows read from the ring; blocked
/// like ``correlateLine(_:into:count:step:kernel:symmetric:antisymmetric:)``.
@inlinable
func combineRows(
    ring: UnsafeMutablePointer<Float>, rowStride: Int, count rs: Int, ringCount: Int, centre y: Int,
    kernel: UnsafeBufferPointer<Float>, symmetric: Bool, antisymmetric: Bool,
    into out: UnsafeMutablePointer<Float>
) {
    let r = kernel.count / 2
    withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: kernel.count) { rowsBuffer in
        let rows = rowsBuffer.baseAddress!
        for j in 0..<kernel.count {
            rows[j] = UnsafePointer(ring + ((y &+ j) % ringCount) &* rowStride)
        }
        let centreWeight = kernel[r]
        let middle = rows[r]
        if symmetric || antisymmetric {
            var i = 0
            while i &+ 16 <= rs {
                var acc = antisymmetric ? FloatBlock() : FloatBlock(repeating: centreWeight) * loadBlock(middle + i)
                if antisymmetric {
                    for j in 0..<r {
                        acc += FloatBlock(repeating: kernel[j]) * (loadBlock(rows[j] + i) - loadBlock(rows[2 &* r &- j] + i))
                    }
                } else {
                    for j in 0..<r {
                        acc += FloatBlock(repeating: kernel[j]) * (loadBlock(rows[j] + i) + loadBlock(rows[2 &* r &- j] + i))
                    }
                }
                storeBlock(acc, out + i)
                i &+= 16
            }
            while i < rs {
                var acc = antisymmetric ? 0 : centreWeight * middle[i]
                for j in 0..<r {
                    let a = rows[j][i], b = rows[2 &* r &- j][i]
                    acc += kernel[j] * (antisymmetric ? a - b : a + b)
                }
                out[i] = acc
                i &+= 1
            }
        } else {
            for i in 0..<rs { out[i] = centreWeight * middle[i] }
            for j in 0..<kernel.count where j != r {
                let weight = kernel[j]
                let a = rows[j]
                for i in 0..<rs { out[i] += weight * a[i] }
            }
        }
    }
}

/// Rounds to nearest (ties to even) and clamps to 0...255, in a form the compiler
/// vectorises: adding 1.5 · 2²³ leaves the rounded integer in the low mantissa bits.
@inlinable
func storeRoundedUInt8(_ values: UnsafePointer<Float>, _ out: UnsafeMutablePointer<UInt8>, count: Int) {
    for i in 0..<count {
        var v = values[i]
        v = v > 0 ? v : 0
        v = v < 255 ? v : 255
        out[i] = UInt8(truncatingIfNeeded: (v + 12_582_912).bitPattern)
    }
}
