#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Image {
    /// A bar chart of the image's histogram, as an RGB picture to show beside a threshold.
    ///
    /// Bins span the sample type's range (0…255, 0…65535; for `Float`, 0…1 unless values
    /// fall outside, then the data's minimum…maximum). Bars are dark gray for one channel;
    /// RGB(A) images draw the red, green and blue histograms over each other in their
    /// colours (multiplied, so overlaps darken); gray+alpha and RGBA ignore alpha. The
    /// tallest bin reaches the top; `thresholds` are drawn as full-height vertical lines in
    /// `thresholdColor` (values outside the range are skipped).
    ///
    /// - Parameters:
    ///   - width, height: plot size in pixels, 16…8192 each.
    ///   - bins: number of bins, 1…65536 (default 256).
    ///   - thresholds: sample values to mark (e.g. an Otsu threshold of 117).
    ///   - logScale: bar heights as `log(1 + count)`, so small bins stay visible.
    ///   - thresholdColor: the colour of the threshold lines.
    /// - Returns: a `width`×`height` RGB uint8 image on a white background.
    /// - Throws: ``PixelEngineError`` (`histogram plot`) for an empty image or a size or
    ///   bin count out of range.
    ///
    /// ```swift
    /// let plot = try img.histogramPlot(thresholds: [117])
    /// ```
    public func histogramPlot(width plotWidth: Int = 512, height plotHeight: Int = 200, bins: Int = 256,
                              thresholds: [Double] = [], logScale: Bool = false,
                              thresholdColor: RGB8 = RGB8(230, 0, 40)) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.nonEmpty(self, "histogram plot")
        try Validate.inRange(plotWidth, 16...8192, "width", "histogram plot")
        try Validate.inRange(plotHeight, 16...8192, "height", "histogram plot")
        try Validate.inRange(bins, 1...65536, "bins", "histogram plot")
        let range = PlotHistogram.range(self)
        let plotted = channels >= 3 ? [0, 1, 2] : [0]
        let tints = channels >= 3
            ? [RGB8(255, 80, 80), RGB8(80, 200, 80), RGB8(90, 90, 255)]
            : [RGB8(70, 70, 70)]
        // Column heights per plotted channel.
        var heights: [[Int]] = []
        for channel in plotted {
            let counts = PlotHistogram.counts(self, channel: channel, bins: bins, range: range)
            // Each column shows the largest bin it covers.
            var columns = [Double](repeating: 0, count: plotWidth)
            for x in 0..<plotWidth {
                let first = x * bins / plotWidth
                let last = max(first, (x + 1) * bins / plotWidth - 1)
                var v = 0
                for b in first...last { v = max(v, counts[b]) }
                columns[x] = logScale ? log1p(Double(v)) : Double(v)
            }
            let top = max(columns.max() ?? 0, 1e-12)
            heights.append(columns.map { c in c > 0 ? max(1, Int((c / top * Double(plotHeight - 1)).rounded())) : 0 })
        }
        var lines = [Bool](repeating: false, count: plotWidth)
        for t in thresholds where t.isFinite && t >= range.lowerBound && t <= range.upperBound {
            let span = range.upperBound - range.lowerBound
            let x = span > 0 ? Int(((t - range.lowerBound) / span * Double(plotWidth)).rounded(.down)) : plotWidth / 2
            lines[min(max(x, 0), plotWidth - 1)] = true
            if plotWidth > 512 { lines[min(x + 1, plotWidth - 1)] = true }
        }
        return Image<UInt8>.generate(width: plotWidth, height: plotHeight, channels: 3) { rows, out in
            for y in rows {
                let fromBottom = plotHeight - 1 - y
                for x in 0..<plotWidth {
                    var r = 255, g = 255, b = 255
                    if lines[x] {
                        (r, g, b) = (Int(thresholdColor.r), Int(thresholdColor.g), Int(thresholdColor.b))
                    } else {
                        for (i, tint) in tints.enumerated() where heights[i][x] > fromBottom {
                            r = r * Int(tint.r) / 255
                            g = g * Int(tint.g) / 255
                            b = b * Int(tint.b) / 255
                        }
                    }
                    let o = (y * plotWidth + x) * 3
                    out[o] = UInt8(r); out[o + 1] = UInt8(g); out[o + 2] = UInt8(b)
                }
            }
        }
    }
}

/// The histogram the plot needs; deliberately small and internal, so it can give way to the
/// public histogram type.
enum PlotHistogram {
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
