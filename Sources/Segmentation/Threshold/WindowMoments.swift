/// Sums and sums of squares over a sliding window, the kernel of the mean, Niblack and
/// Sauvola local thresholds.

/// The running-sum type of ``Image/windowMoments(size:mode:squares:accumulator:_:)``:
/// `Int` for integer samples (exact), `Double` for float samples.
protocol WindowAccumulator: Numeric, Comparable {
    init<S: PixelSample>(sample: S)
    init(constant: Double)
    var doubleValue: Double { get }
}

extension Int: WindowAccumulator {
    @inline(__always) init<S: PixelSample>(sample: S) { self = Int(sample.doubleValue) }
    @inline(__always) init(constant: Double) { self = Int(constant.rounded()) }
    @inline(__always) var doubleValue: Double { Double(self) }
}

extension Double: WindowAccumulator {
    @inline(__always) init<S: PixelSample>(sample: S) { self = sample.doubleValue }
    @inline(__always) init(constant: Double) { self = constant }
    @inline(__always) var doubleValue: Double { self }
}

extension Image {
    /// Builds an image row by row from the window sums (and, with `squares`, sums of
    /// squares) of a one-channel image over a `size × size` window centred on each pixel.
    ///
    /// Cost is independent of `size`: each task keeps running column sums over its window
    /// rows, sliding down one row per output row, and takes each row's horizontal window sums
    /// as differences of a prefix sum over the border-extended row. With `Int` accumulators
    /// (integer samples) every sum is exact.
    ///
    /// `finish(y, sums, squares, input, output)` writes the `width` samples of output row
    /// `y`; `sums[x]` is the window sum at column `x`, `input` the image's row `y`.
    func windowMoments<Acc: WindowAccumulator, Out: PixelSample>(
        size: Int, mode: BorderMode, squares: Bool, accumulator _: Acc.Type,
        _ finish: (_ y: Int, _ sums: UnsafePointer<Acc>, _ squares: UnsafePointer<Acc>,
                   _ input: UnsafePointer<Sample>, _ output: UnsafeMutablePointer<Out>) -> Void
    ) -> Image<Out> {
        precondition(channels == 1 && size >= 1 && size % 2 == 1, "windowMoments: one channel, odd size")
        let w = width, h = height, r = size / 2, padded = w + size - 1
        let cval: Acc
        if case .constant(let c) = mode { cval = Acc(constant: Double(c)) } else { cval = 0 }
        let edgeSum = cval * Acc(exactly: size)!, edgeSq = cval * cval * Acc(exactly: size)!
        // Source column of each padded column j (x = j − r), or −1 outside (constant mode).
        let columns = (0..<padded).map { mode.sourceIndex($0 - r, count: w) ?? -1 }
        return columns.withUnsafeBufferPointer { columnBuffer in
            withUnsafeSamples { samples in
                let base = samples.baseAddress!, column = columnBuffer.baseAddress!
                return Image<Out>.generate(width: w, height: h, costPerRow: w * 16) { rows, out in
                    let scratch = UnsafeMutablePointer<Acc>.allocate(capacity: 4 * w + 2 * (padded + 1))
                    defer { scratch.deallocate() }
                    let colSum = scratch, colSq = scratch + w
                    let sums = scratch + 2 * w, sqs = scratch + 3 * w
                    let prefix = scratch + 4 * w, prefixSq = prefix + (padded + 1)
                    scratch.initialize(repeating: 0, count: 4 * w + 2 * (padded + 1))
                    /// Adds source row `source` to the column sums and removes row `old`.
                    @inline(__always) func update(adding source: Int, removing old: Int?) {
                        let add = mode.sourceIndex(source, count: h).map { base + $0 * w }
                        let remove = old.flatMap { mode.sourceIndex($0, count: h) }.map { base + $0 * w }
                        if let a = add, old == nil || remove != nil {
                            // Inside rows (every mode but constant): the vectorisable loop.
                            if let b = remove {
                                for x in 0..<w {
                                    let va = Acc(sample: a[x]), vb = Acc(sample: b[x])
                                    colSum[x] += va - vb
                                    if squares { colSq[x] += va * va - vb * vb }
                                }
                            } else {
                                for x in 0..<w {
                                    let va = Acc(sample: a[x])
                                    colSum[x] += va
                                    if squares { colSq[x] += va * va }
                                }
                            }
                            return
                        }
                        for x in 0..<w {
                            let va = add.map { Acc(sample: $0[x]) } ?? cval
                            let vb = old == nil ? 0 : (remove.map { Acc(sample: $0[x]) } ?? cval)
                            colSum[x] += va - vb
                            if squares { colSq[x] += va * va - vb * vb }
                        }
                    }
                    let first = rows.lowerBound
                    for source in (first - r)...(first + r) { update(adding: source, removing: nil) }
                    for y in rows {
                        if y > first { update(adding: y + r, removing: y - 1 - r) }
                        var running: Acc = 0, runningSq: Acc = 0
                        for j in 0..<padded {
                            let c = column[j]
                            running += c >= 0 ? colSum[c] : edgeSum
                            prefix[j + 1] = running
                            if squares {
                                runningSq += c >= 0 ? colSq[c] : edgeSq
                                prefixSq[j + 1] = runningSq
                            }
                        }
                        for x in 0..<w { sums[x] = prefix[x + size] - prefix[x] }
                        if squares { for x in 0..<w { sqs[x] = prefixSq[x + size] - prefixSq[x] } }
                        finish(y, sums, sqs, base + y * w, out.baseAddress! + y * w)
                    }
                }
            }
        }
    }
}
