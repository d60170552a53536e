#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Image {
    /// A chart of the image's histogram, as an RGB picture to show beside a threshold.
    ///
    /// Bins span the sample type's range (0…255, 0…65535; for `Float`, 0…1 unless values
    /// fall outside, then the data's minimum…maximum). One channel is drawn as dark gray
    /// bars; RGB(A) images as light gray bars (the largest of the three counts) with the red,
    /// green and blue histograms traced over them as 2-pixel lines in their colours. Alpha is
    /// ignored. The tallest column reaches 4 pixels below the top; each column shows the
    /// largest bin it covers. `thresholds` are full-height vertical lines, 2 pixels wide, in
    /// `thresholdColor` (values outside the range are skipped).
    ///
    /// - Parameters:
    ///   - width, height: plot size in pixels, 16…8192 each.
    ///   - bins: number of bins, 1…65536 (default 256).
    ///   - thresholds: sample values to mark (e.g. an Otsu threshold of 117).
    ///   - logScale: heights as `log(1 + count)`, so small bins stay visible.
    ///   - thresholdColor: the colour of the threshold lines; default red for one channel,
    ///     black for colour images.
    /// - Returns: a `width`×`height` RGB uint8 image on a white background.
    /// - Throws: ``PixelEngineError`` (`histogram plot`) for an empty image or a size or
    ///   bin count out of range.
    ///
    /// ```swift
    /// let plot = try img.histogramPlot(thresholds: [117])
    /// ```
    public func histogramPlot(width plotWidth: Int = 512, height plotHeight: Int = 200, bins: Int = 256,
                              thresholds: [Double] = [], logScale: Bool = false,
                              thresholdColor: RGB8? = nil) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.nonEmpty(self, "histogram plot")
        try Validate.inRange(plotWidth, 16...8192, "width", "histogram plot")
        try Validate.inRange(plotHeight, 16...8192, "height", "histogram plot")
        try Validate.inRange(bins, 1...65536, "bins", "histogram plot")
        let range = PlotHistogram.range(self)
        let colour = channels >= 3
        let plotted = colour ? [0, 1, 2] : [0]
        // Column values per plotted channel: the largest bin each column covers.
        let columns: [[Double]] = plotted.map { channel in
            let counts = PlotHistogram.counts(self, channel: channel, bins: bins, range: range)
            return (0..<plotWidth).map { x in
                let first = x * bins / plotWidth
                let last = max(first, (x + 1) * bins / plotWidth - 1)
                let v = counts[first...last].max() ?? 0
                return logScale ? log1p(Double(v)) : Double(v)
            }
        }
        let top = max(columns.map { $0.max() ?? 0 }.max() ?? 0, 1e-12)
        let usable = Double(plotHeight - 5)
        // Heights in pixels from the bottom; a nonzero count shows at least one pixel.
        let heights = columns.map { $0.map { c in c > 0 ? max(1, Int((c / top * usable).rounded()) + 1) : 0 } }
        var canvas = Image<UInt8>(width: plotWidth, height: plotHeight, channels: 3, repeating: 255)
        canvas.withUnsafeMutableSamples { out in
            func paint(_ x: Int, _ fromBottom: Int, _ c: RGB8) {
                guard x >= 0, x < plotWidth, fromBottom >= 0, fromBottom < plotHeight else { return }
                let o = ((plotHeight - 1 - fromBottom) * plotWidth + x) * 3
                out[o] = c.r; out[o + 1] = c.g; out[o + 2] = c.b
            }
            let barColor = colour ? RGB8(215, 215, 215) : RGB8(70, 70, 70)
            for x in 0..<plotWidth {
                let bar = heights.map { $0[x] }.max() ?? 0
                for y in 0..<bar { paint(x, y, barColor) }
            }
            if colour {
                let traces = [RGB8(220, 30, 30), RGB8(20, 160, 40), RGB8(30, 60, 230)]
                for (i, trace) in traces.enumerated() {
                    for x in 0..<plotWidth {
                        // Join to the previous column so the trace is continuous.
                        let here = heights[i][x] - 1
                        let before = x > 0 ? heights[i][x - 1] - 1 : here
                        for y in min(here, before)...max(here, before) {
                            paint(x, y, trace)
                            paint(x, y + 1, trace)
                        }
                    }
                }
            }
            let lineColor = thresholdColor ?? (colour ? RGB8(0, 0, 0) : RGB8(230, 0, 40))
            let span = range.upperBound - range.lowerBound
            for t in thresholds where t.isFinite && t >= range.lowerBound && t <= range.upperBound {
                let x = span > 0 ? Int(((t - range.lowerBound) / span * Double(plotWidth)).rounded(.down)) : plotWidth / 2
                let left = min(max(x, 0), plotWidth - 2)
                for y in 0..<plotHeight {
                    paint(left, y, lineColor)
                    paint(left + 1, y, lineColor)
                }
            }
        }
        return canvas
    }
}
/// The histogram the plot needs; deliberately small and internal, so it can give way to the
/// public histogram type.
private enum PlotHistogram {
    /// The value range the bins cover.
    static func range<S: PixelSample>(_ image: Image<S>) -> ClosedRange<Double> {
        guard S.isFloatingPoint else { return 0...S.nominalMax.doubleValue }
        var lo = Double.infinity, hi = -Double.infinity
        image.withUnsafeSamples { samples in
            for s in samples where s.doubleValue.isFinite {
                lo = min(lo, s.doubleValue)
                hi = max(hi, s.doubleValue)
            }
        }
        if !(lo <= hi) { return 0...1 }
        if lo >= 0 && hi <= 1 { return 0...1 }
        return lo...max(hi, lo + 1e-12)
    }

    /// Counts of `channel` in `bins` equal bins over `range`; the top value falls in the last bin.
    static func counts<S: PixelSample>(_ image: Image<S>, channel: Int, bins: Int, range: ClosedRange<Double>) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        let lo = range.lowerBound
        let scale = Double(bins) / (range.upperBound - range.lowerBound)
        let ch = image.channels
        image.withUnsafeSamples { samples in
            var i = channel
            while i < samples.count {
                let v = samples[i].doubleValue
                if v.isFinite && v >= lo && v <= range.upperBound {
                    counts[min(Int((v - lo) * scale), bins - 1)] += 1
                }
                i += ch
            }
        }
        return counts
    }
}
