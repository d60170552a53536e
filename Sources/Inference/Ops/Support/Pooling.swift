import PixelEngine

/// The window loops of MaxPool and AveragePool over planes of up to three spatial axes
/// (see ``WindowGeometry``): one task per run of output rows, each output pixel reading
/// only the taps of its window that fall inside the input.
enum Pooling {
    enum Mode: Sendable, Equatable {
        case max
        /// Averages over the taps inside the input, or (`countIncludePad`) over the window
        /// clipped to the padded input, with the padding counting as zeros.
        case average(countIncludePad: Bool)
    }

    static func run(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, planes: Int, _ g: WindowGeometry, mode: Mode) {
        let d = g.input[0], h = g.input[1], w = g.input[2]
        let od = g.output[0], oh = g.output[1], ow = g.output[2]
        let rows = planes * od * oh
        let inPlane = d * h * w
        parallelRows(rows, costPerRow: ow * g.kernelCount) { range in
            for row in range {
                let plane = row / (od * oh), zy = row % (od * oh)
                let oz = zy / oh, oy = zy % oh
                let src = x + plane * inPlane
                let out = y + row * ow
                let (z0, z1, zPad) = span(oz, axis: 0, g)
                let (y0, y1, yPad) = span(oy, axis: 1, g)
                let dz = g.dilations[0], dy = g.dilations[1], dx = g.dilations[2]
                for ox in 0..<ow {
                    let (x0, x1, xPad) = span(ox, axis: 2, g)
                    switch mode {
                    case .max:
                        var best = -Float.infinity
                        var iz = z0
                        while iz < z1 {
                            var iy = y0
                            while iy < y1 {
                                let line = src + (iz &* h &+ iy) &* w
                                var ix = x0
                                while ix < x1 {
                                    let v = line[ix]
                                    if v > best || v.isNaN { best = v }
                                    ix &+= dx
                                }
                                iy &+= dy
                            }
                            iz &+= dz
                        }
                        out[ox] = best
                    case .average(let includePad):
                        var sum: Float = 0
                        var iz = z0
                        while iz < z1 {
                            var iy = y0
                            while iy < y1 {
                                let line = src + (iz &* h &+ iy) &* w
                                var ix = x0
                                while ix < x1 { sum += line[ix]; ix &+= dx }
                                iy &+= dy
                            }
                            iz &+= dz
                        }
                        let count = includePad
                            ? zPad * yPad * xPad
                            : ceilDiv(z1 - z0, dz) * ceilDiv(y1 - y0, dy) * ceilDiv(x1 - x0, dx)
                        out[ox] = count > 0 ? sum / Float(count) : 0
                    }
                }
            }
        }
    }

    /// The input positions of window `o` on `axis`: first tap inside the input, the end
    /// (exclusive, stepping by the dilation), and the window's tap count clipped to the
    /// padded input (what `count_include_pad` divides by).
    @inline(__always)
    static func span(_ o: Int, axis: Int, _ g: WindowGeometry) -> (Int, Int, Int) {
        let s = g.strides[axis], d = g.dilations[axis], k = g.kernel[axis]
        let n = g.input[axis]
        let start = o * s - g.padBegin[axis]
        let paddedEnd = min(start + (k - 1) * d + 1, n + g.padEnd[axis])
        let padded = max(0, ceilDiv(paddedEnd - start, d))
        // Taps start + j·d with 0 ≤ j < k inside 0..<n.
        let jLo = max(0, ceilDiv(-start, d)), jHi = min(k, floorDiv(n - 1 - start, d) + 1)
        guard jLo < jHi else { return (0, 0, padded) }
        return (start + jLo * d, start + (jHi - 1) * d + 1, padded)
    }
}
