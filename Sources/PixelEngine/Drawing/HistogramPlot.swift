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
    /// `thresholdColor` (values outside the range are skipped). Plots at least 128×64 get
    /// an axis under the bars: ticks at round values (0, 50, 100 … for 8-bit samples; 0, 0.2
    /// … for floats in 0…1), labelled where the labels do not overlap.
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
        let axis = plotWidth >= 128 && plotHeight >= 64 ? PlotAxis.height : 0
        let barsHeight = plotHeight - axis
        let usable = Double(barsHeight - 5)
        // Heights in pixels from the bottom; a nonzero count shows at least one pixel.
        let heights = columns.map { $0.map { c in c > 0 ? max(1, Int((c / top * usable).rounded()) + 1) : 0 } }
        var canvas = Image<UInt8>(width: plotWidth, height: plotHeight, channels: 3, repeating: 255)
        canvas.withUnsafeMutableSamples { out in
            // y counts up from the bottom of the bars (the top of the axis strip).
            func paint(_ x: Int, _ fromBottom: Int, _ c: RGB8) {
                guard x >= 0, x < plotWidth, fromBottom >= 0, fromBottom < barsHeight else { return }
                let o = ((barsHeight - 1 - fromBottom) * plotWidth + x) * 3
                out[o] = c.r; out[o + 1] = c.g; out[o + 2] = c.b
            }
            if axis > 0 {
                PlotAxis.draw(into: out, width: plotWidth, top: barsHeight, range: range)
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
                for y in 0..<barsHeight {
                    paint(left, y, lineColor)
                    paint(left + 1, y, lineColor)
                }
            }
        }
        return canvas
    }
}
/// The value axis under a histogram plot: a line, ticks at round values, their labels in a
/// 3×5 pixel font drawn at twice its size.
private enum PlotAxis {
    /// The strip's height: line, tick, gap, text, margin.
    static let height = 1 + 3 + 1 + 10 + 1

    /// Rows of each glyph, 3 bits wide (the high bit is the left column).
    static let glyphs: [Character: [UInt8]] = [
        "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7],
        "4": [5, 5, 7, 1, 1], "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 1, 1, 1],
        "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7], ".": [0, 0, 0, 0, 2], "-": [0, 0, 7, 0, 0],
    ]

    /// Round tick values for `range`: multiples of the smallest step of 1, 2, 2.5 or 5 × 10ⁿ
    /// that gives at most six ticks, with the decimals that step needs.
    static func ticks(_ range: ClosedRange<Double>) -> (values: [Double], decimals: Int) {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return ([range.lowerBound], 3) }
        var magnitude = pow(10, (log10(span / 6)).rounded(.down))
        var step = magnitude
        search: while true {
            for factor in [1.0, 2, 2.5, 5] where span / (factor * magnitude) <= 6 {
                step = factor * magnitude
                break search
            }
            magnitude *= 10
        }
        let decimals = max(0, Int((-log10(step)).rounded(.up)) + (step / magnitude == 2.5 ? 1 : 0))
        var values: [Double] = []
        var k = (range.lowerBound / step).rounded(.up)
        while k * step <= range.upperBound + step * 1e-9 {
            values.append(k * step)
            k += 1
        }
        return (values, decimals)
    }

    static func draw(into out: UnsafeMutableBufferPointer<UInt8>, width: Int, top: Int, range: ClosedRange<Double>) {
        let ink: UInt8 = 90
        func dot(_ x: Int, _ y: Int) {
            guard x >= 0, x < width, y >= top, y < top + height else { return }
            let o = (y * width + x) * 3
            out[o] = ink; out[o + 1] = ink; out[o + 2] = ink
        }
        for x in 0..<width { dot(x, top) }
        let scale = 2, advance = 4 * scale
        let (values, decimals) = ticks(range)
        let span = range.upperBound - range.lowerBound
        var free = 0  // the first column a label may use (labels never overlap)
        for value in values {
            let x = span > 0 ? min(width - 1, Int(((value - range.lowerBound) / span * Double(width)).rounded(.down))) : width / 2
            for y in 1...3 { dot(x, top + y) }
            let text = String(format: "%.\(decimals)f", value == 0 ? 0 : value)  // no "-0"
            let textWidth = text.count * advance - scale
            // Centred under the tick, kept inside the plot.
            var left = min(max(0, x - textWidth / 2), width - textWidth)
            guard left >= free else { continue }
            free = left + textWidth + advance
            for character in text {
                for (row, bits) in (glyphs[character] ?? []).enumerated() {
                    for column in 0..<3 where bits & (4 >> column) != 0 {
                        for dy in 0..<scale {
                            for dx in 0..<scale { dot(left + column * scale + dx, top + 5 + row * scale + dy) }
                        }
                    }
                }
                left += advance
            }
        }
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
