/// Sums and sums of squares over a sliding window, the kernel of the mean, Niblack and
/// Sauvola local thresholds.
extension Image {
    /// Builds an image row by row from the window sums (and, with `squares`, sums of
    /// squares) of a one-channel image over a `size × size` window centred on each pixel.
    ///
    /// Cost is independent of `size`: each task keeps running column sums over its window
    /// rows, sliding down one row per output row, and takes each row's horizontal window sums
    /// as differences of a prefix sum. Accumulation is in `Double`, so sums of 8- and 16-bit
    /// samples are exact.
    ///
    /// `finish(y, sums, squares, input, output)` writes the `width` samples of output row
    /// `y`; `sums[x]` is the window sum at column `x`, `input` the image's row `y`.
    func windowMoments<Out: PixelSample>(
        size: Int, mode: BorderMode, squares: Bool,
        _ finish: (_ y: Int, _ sums: UnsafePointer<Double>, _ squares: UnsafePointer<Double>,
                   _ input: UnsafePointer<Sample>, _ output: UnsafeMutablePointer<Out>) -> Void
    ) -> Image<Out> {
        precondition(channels == 1 && size >= 1 && size % 2 == 1, "windowMoments: one channel, odd size")
        let w = width, h = height, r = size / 2
        let cval: Double
        if case .constant(let c) = mode { cval = Double(c) } else { cval = 0 }
        // Source column of each padded column j (x = j − r), or −1 outside (constant mode).
        let columns = (0..<(w + size - 1)).map { mode.sourceIndex($0 - r, count: w) ?? -1 }
        return withUnsafeSamples { samples in
            let base = samples.baseAddress!
            return Image<Out>.generate(width: w, height: h, costPerRow: w * 12) { rows, out in
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 4 * w + 2 * (w + size))
                defer { scratch.deallocate() }
                let colSum = scratch, colSq = scratch + w
                let sums = scratch + 2 * w, sqs = scratch + 3 * w
                let prefix = scratch + 4 * w, prefixSq = prefix + (w + size)
                colSum.initialize(repeating: 0, count: w)
                colSq.initialize(repeating: 0, count: w)
                sqs.initialize(repeating: 0, count: w)
                @inline(__always) func addRow(_ source: Int, _ sign: Double) {
                    if let y = mode.sourceIndex(source, count: h) {
                        let row = base + y * w
                        if squares {
                            for x in 0..<w {
                                let v = row[x].doubleValue
                                colSum[x] += sign * v
                                colSq[x] += sign * (v * v)
                            }
                        } else {
                            for x in 0..<w { colSum[x] += sign * row[x].doubleValue }
                        }
                    } else if cval != 0 {
                        for x in 0..<w {
                            colSum[x] += sign * cval
                            colSq[x] += sign * (cval * cval)
                        }
                    }
                }
                let first = rows.lowerBound
                for source in (first - r)...(first + r) { addRow(source, 1) }
                let edgeSum = cval * Double(size), edgeSq = cval * cval * Double(size)
                for y in rows {
                    if y > first {
                        addRow(y - 1 - r, -1)
                        addRow(y + r, 1)
                    }
                    prefix[0] = 0
                    prefixSq[0] = 0
                    for j in 0..<(w + size - 1) {
                        let c = columns[j]
                        prefix[j + 1] = prefix[j] + (c >= 0 ? colSum[c] : edgeSum)
                        if squares { prefixSq[j + 1] = prefixSq[j] + (c >= 0 ? colSq[c] : edgeSq) }
                    }
                    for x in 0..<w { sums[x] = prefix[x + size] - prefix[x] }
                    if squares { for x in 0..<w { sqs[x] = prefixSq[x + size] - prefixSq[x] } }
                    finish(y, sums, sqs, base + y * w, out.baseAddress! + y * w)
                }
            }
        }
    }
}
