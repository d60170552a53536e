/// The 8-bit path of the Gaussian blur: 16-bit fixed point, eight samples per SSE register.
///
/// Samples are held as Q7 (`value · 128`, at most 32640, so a pair of taps sums without
/// overflow) and each weight as Q16; one tap pair costs an add and an unsigned high multiply
/// (`pmulhuw`, which the compiler emits for `(UInt32(a) · UInt32(w)) >> 16` in a plain loop).
/// Error budget against the float result, worst case for a 17-tap kernel: weight rounding
/// ≤ 0.04, truncation of the high multiplies (biased to the middle) ≤ 0.04 per pass,
/// Q7 intermediate ≤ 0.004 — well under the 0.5 that keeps the rounded result within ±1 of
/// the float path (it is usually equal).

extension Image where Sample == UInt8 {
    /// ``separableCorrelate(row:column:mode:inputScale:axisWiseConstant:as:)`` for 8-bit in
    /// and out; falls back to it for kernels the fixed-point path cannot hold (a centre
    /// weight near 1, negative weights) and for `.constant` borders.
    @inlinable
    func separableCorrelate8(row: Kernel1D, column: Kernel1D, mode: BorderMode) -> Image<UInt8> {
        guard let rowWeights = FixedPointKernel(row), let columnWeights = FixedPointKernel(column) else {
            return separableCorrelate(row: row, column: column, mode: mode, as: UInt8.self)
        }
        if case .constant = mode {
            return separableCorrelate(row: row, column: column, mode: mode, as: UInt8.self)
        }
        let w = width, h = height, c = channels, rs = rowStride
        let rx = rowWeights.radius, ry = columnWeights.radius
        let xmap = BorderIndex.map(count: w, radius: rx, mode: mode)
        let ymap = BorderIndex.map(count: h, radius: ry, mode: mode)
        return withUnsafeSamples { input in
            rowWeights.weights.withUnsafeBufferPointer { rk in
            columnWeights.weights.withUnsafeBufferPointer { ck in
            xmap.withUnsafeBufferPointer { xmap in
            ymap.withUnsafeBufferPointer { ymap in
                Image<UInt8>.generate(width: w, height: h, channels: c, costPerRow: rs &* (rx + ry + 2)) { rows, output in
                    let stripPixels = max(16, 512 / c)
                    let stripStride = stripPixels &* c
                    let ringCount = 2 &* ry &+ 1
                    let padded = UnsafeMutablePointer<UInt16>.allocate(capacity: (stripPixels &+ 2 &* rx) &* c)
                    let ring = UnsafeMutablePointer<UInt16>.allocate(capacity: ringCount &* stripStride)
                    let accumulator = UnsafeMutablePointer<UInt16>.allocate(capacity: stripStride)
                    let sources = UnsafeMutablePointer<UnsafePointer<UInt16>>.allocate(capacity: 2 &* max(rx, ry) &+ 1)
                    var ringHolds = [Int](repeating: Int.min, count: ringCount)
                    defer {
                        padded.deallocate()
                        ring.deallocate()
                        accumulator.deallocate()
                        sources.deallocate()
                    }
                    var x0 = 0
                    while x0 < w {
                        let stripWidth = min(stripPixels, w &- x0)
                        let count = stripWidth &* c
                        for j in 0..<ringCount { ringHolds[j] = Int.min }
                        for y in rows {
                            for j in 0..<ringCount {
                                let v = y &- ry &+ j
                                let slot = (v &+ ry) % ringCount
                                if ringHolds[slot] == v { continue }
                                ringHolds[slot] = v
                                let line = input.baseAddress! + ymap[v &+ ry] &* rs
                                loadPaddedQ7(line, into: padded, from: x0, count: stripWidth, width: w, channels: c,
                                             radius: rx, xmap: xmap)
                                for k in 0...(2 &* rx) { sources[k] = UnsafePointer(padded + k &* c) }
                                correlateQ16(sources, weights: rk, into: ring + slot &* stripStride, count: count)
                            }
                            for j in 0..<ringCount {
                                sources[j] = UnsafePointer(ring + ((y &+ j) % ringCount) &* stripStride)
                            }
                            correlateQ16(sources, weights: ck, into: accumulator, count: count)
                            let out = output.baseAddress! + (y &* rs &+ x0 &* c)
                            for i in 0..<count {
                                let v = (accumulator[i] &+ 64) &>> 7
                                out[i] = UInt8(truncatingIfNeeded: v < 255 ? v : 255)
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

/// A symmetric kernel of non-negative weights in Q16 (`weights[k] = round(w · 65536)`).
@usableFromInline
struct FixedPointKernel: Sendable {
    @usableFromInline let weights: [UInt16]

    @inlinable init?(_ kernel: Kernel1D) {
        guard kernel.isSymmetric, kernel.weights.allSatisfy({ $0 >= 0 && $0 < 0.99 }) else { return nil }
        var q = kernel.weights.map { Int(($0 * 65536).rounded()) }
        // Make the rounded weights sum to what the float ones do, so flat areas keep their
        // level; the centre absorbs the few units of rounding.
        let target = Int((kernel.weights.reduce(0, +) * 65536).rounded())
        q[q.count / 2] += target - q.reduce(0, +)
        guard q.allSatisfy({ (0...65535).contains($0) }) else { return nil }
        weights = q.map { UInt16($0) }
    }

    @inlinable var radius: Int { weights.count / 2 }
}

/// Zero-extends pixels `from − radius ..< from + count + radius` of a row to Q7 (`v << 7`),
/// reading positions outside the row through `xmap`.
@inlinable
func loadPaddedQ7(
    _ line: UnsafePointer<UInt8>, into padded: UnsafeMutablePointer<UInt16>, from x0: Int, count: Int,
    width w: Int, channels c: Int, radius r: Int, xmap: UnsafeBufferPointer<Int>
) {
    let total = count &+ 2 &* r
    let firstInside = max(0, r &- x0)
    let endInside = min(total, w &- x0 &+ r)
    func border(_ p: Int) {
        let x = xmap[x0 &+ p]
        for k in 0..<c { padded[p &* c &+ k] = UInt16(line[x &* c &+ k]) &<< 7 }
    }
    if firstInside >= endInside {
        for p in 0..<total { border(p) }
        return
    }
    let source = line + (x0 &- r &+ firstInside) &* c
    let destination = padded + firstInside &* c
    for i in 0..<((endInside &- firstInside) &* c) { destination[i] = UInt16(source[i]) &<< 7 }
    for p in 0..<firstInside { border(p) }
    for p in endInside..<total { border(p) }
}

/// `out[i] = Σ_k weights[k] · sources[k][i]` in Q16 × Q7 → Q7, for a symmetric kernel:
/// the centre tap, then tap pairs four at a time (one pass over `out` per four pairs).
@inlinable
func correlateQ16(
    _ sources: UnsafeMutablePointer<UnsafePointer<UInt16>>, weights: UnsafeBufferPointer<UInt16>,
    into out: UnsafeMutablePointer<UInt16>, count: Int
) {
    @inline(__always) func mulhi(_ a: UInt16, _ b: UInt16) -> UInt16 {
        UInt16(truncatingIfNeeded: (UInt32(a) &* UInt32(b)) &>> 16)
    }
    let r = weights.count / 2
    // Each high multiply truncates (on average half a unit low): start half a unit per term up.
    let bias = UInt16(truncatingIfNeeded: (r &+ 1) / 2)
    let centre = sources[r], wc = weights[r]
    for i in 0..<count { out[i] = bias &+ mulhi(centre[i], wc) }
    var k = 0
    while k &+ 4 <= r {
        let a0 = sources[k], b0 = sources[2 &* r &- k], w0 = weights[k]
        let a1 = sources[k &+ 1], b1 = sources[2 &* r &- k &- 1], w1 = weights[k &+ 1]
        let a2 = sources[k &+ 2], b2 = sources[2 &* r &- k &- 2], w2 = weights[k &+ 2]
        let a3 = sources[k &+ 3], b3 = sources[2 &* r &- k &- 3], w3 = weights[k &+ 3]
        for i in 0..<count {
            let s0 = mulhi(a0[i] &+ b0[i], w0) &+ mulhi(a1[i] &+ b1[i], w1)
            let s1 = mulhi(a2[i] &+ b2[i], w2) &+ mulhi(a3[i] &+ b3[i], w3)
            out[i] &+= s0 &+ s1
        }
        k &+= 4
    }
    while k < r {
        let a = sources[k], b = sources[2 &* r &- k], weight = weights[k]
        for i in 0..<count { out[i] &+= mulhi(a[i] &+ b[i], weight) }
        k &+= 1
    }
}
