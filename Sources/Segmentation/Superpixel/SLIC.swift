#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Image {
    /// SLIC superpixels (`skimage.segmentation.slic`): k-means in colour + position space,
    /// seeded on a regular grid, each centre searching only a window around itself.
    ///
    /// As scikit-image: samples are scaled to 0...1 by the image's own minimum and maximum
    /// (over the colour channels), colour images are converted to CIELAB (``Image/rgbToLab()``),
    /// smoothed by `sigma` if it is > 0, and divided by `compactness`; the spatial distance is
    /// weighted by 1/S² with S the grid step `sqrt(area / nSegments)`; centres start on the
    /// grid (first centre at S/2) with zero colour, so the first assignment is the nearest
    /// grid point. Pixels are then assigned to the closest centre whose 2S×2S window holds
    /// them (the original SLIC paper's window; scikit-image searches ±2S, four times the
    /// work), ties to the lower centre; a centre left without pixels keeps its place
    /// (scikit-image's becomes NaN). Finally, with `enforceConnectivity`, every cluster is
    /// split into its 4-connected pieces (a piece stops growing at `maxSizeFactor` segment
    /// sizes) and pieces smaller than `minSizeFactor` segment sizes join a neighbour met
    /// earlier in raster order, except that each cluster's largest piece is always kept:
    /// scikit-image merges it too, and so returns 20–30% fewer segments than asked for on
    /// textured images; keeping it holds the count within about 10% of `nSegments` and
    /// raises boundary recall. Not pixel-identical to scikit-image (window, float32
    /// arithmetic, those two rules), but the same method with the same parameters.
    ///
    /// - Parameters:
    ///   - nSegments: the approximate number of segments, ≥ 1.
    ///   - compactness: > 0; higher values give more square segments (10 suits CIELAB,
    ///     about 0.1 suits gray images scaled to 0...1).
    ///   - maxIterations: k-means iterations, ≥ 1 (stops early once no pixel changes).
    ///   - sigma: Gaussian smoothing of the features before clustering; 0 (default) for none.
    ///   - convertToLab: cluster RGB images in CIELAB (default true); ignored for gray.
    ///   - enforceConnectivity: make every segment one 4-connected piece (default true).
    ///   - minSizeFactor: pieces smaller than this fraction of `area / seeds` are merged.
    ///   - maxSizeFactor: pieces stop growing at this multiple of `area / seeds`.
    ///   - startLabel: the first label, 0 or 1 (default 1).
    /// - Returns: a label map of the image's size; labels `startLabel...` consecutive,
    ///   numbered in raster order of each segment's first pixel. Gray (+alpha) images are
    ///   clustered on their gray channel, RGB(A) on colour; alpha is ignored.
    /// - Throws: ``PixelEngineError`` (operation `slic`) for an empty image, non-finite
    ///   samples or out-of-range parameters.
    ///
    /// ```swift
    /// let superpixels = try rgb.slic(nSegments: 400, compactness: 10)
    /// let shown = try rgb.markBoundaries(superpixels)
    /// ```
    public func slic(
        nSegments: Int = 100, compactness: Double = 10, maxIterations: Int = 10, sigma: Double = 0,
        convertToLab: Bool = true, enforceConnectivity: Bool = true,
        minSizeFactor: Double = 0.5, maxSizeFactor: Double = 3, startLabel: Int = 1
    ) throws(PixelEngineError) -> LabelMap {
        let op = "slic"
        try Validate.nonEmpty(self, op)
        if nSegments < 1 { throw PixelEngineError(op, "nSegments must be ≥ 1, got \(nSegments)") }
        try Validate.positive(compactness, "compactness", op)
        if maxIterations < 1 { throw PixelEngineError(op, "maxIterations must be ≥ 1, got \(maxIterations)") }
        if !(sigma >= 0 && sigma.isFinite) { throw PixelEngineError(op, "sigma must be ≥ 0, got \(sigma)") }
        if !(minSizeFactor >= 0 && minSizeFactor.isFinite) {
            throw PixelEngineError(op, "minSizeFactor must be ≥ 0, got \(minSizeFactor)")
        }
        if !(maxSizeFactor > 0 && maxSizeFactor.isFinite) {
            throw PixelEngineError(op, "maxSizeFactor must be > 0, got \(maxSizeFactor)")
        }
        if startLabel != 0 && startLabel != 1 { throw PixelEngineError(op, "startLabel must be 0 or 1, got \(startLabel)") }

        let colour = channels >= 3
        let ratio = Float(1 / compactness)
        let planes: [Float]
        if Sample.self == UInt8.self && colour && convertToLab && sigma == 0 {
            planes = SLICFeatures.labPlanes(unsafeBitCast(self, to: Image<UInt8>.self), ratio: ratio)
        } else {
            var features = try SLICFeatures.unitScaled(self, colourChannels: colour ? 3 : 1, op)
            if colour && convertToLab { features = try features.rgbToLab() }
            if sigma > 0 { features = try features.gaussian(sigma: sigma, mode: .reflect) }
            planes = SLICFeatures.planar(features, ratio: ratio)
        }

        let grid = SLICGrid(width: width, height: height, nSegments: nSegments)
        var labels = colour
            ? SLICKernel<SLICThree>.cluster(planes, width: width, height: height, grid: grid, maxIterations: maxIterations)
            : SLICKernel<SLICOne>.cluster(planes, width: width, height: height, grid: grid, maxIterations: maxIterations)
        let start = UInt32(startLabel)
        if enforceConnectivity {
            let segmentSize = Double(width * height) / Double(grid.count)
            labels = SLICConnectivity.enforce(labels, width: width, height: height, clusters: grid.count,
                                              minSize: Int(minSizeFactor * segmentSize),
                                              maxSize: max(1, Int(maxSizeFactor * segmentSize)),
                                              startLabel: start)
            return LabelMap(ids: Image<UInt32>(width: width, height: height, pixels: labels))
        }
        return LabelMap(ids: Image<UInt32>(width: width, height: height, pixels: labels.map { $0 &+ start }))
    }
}

/// Feature preparation of ``Image/slic(nSegments:compactness:maxIterations:sigma:convertToLab:enforceConnectivity:minSizeFactor:maxSizeFactor:startLabel:)``.
enum SLICFeatures {
    /// The first `colourChannels` channels as `Float`, scaled so the smallest sample is 0 and
    /// the largest 1 (all 0 for a constant image), as scikit-image does before clustering.
    static func unitScaled<S: PixelSample>(_ image: Image<S>, colourChannels: Int, _ op: String) throws(PixelEngineError) -> Image<Float> {
        let c = image.channels
        var low = Double.infinity, high = -Double.infinity, finite = true
        image.withUnsafeSamples { s in
            var i = 0
            while i < s.count {
                for k in 0..<colourChannels {
                    let v = s[i &+ k].doubleValue
                    if !v.isFinite { finite = false }
                    low = Swift.min(low, v)
                    high = Swift.max(high, v)
                }
                i &+= c
            }
        }
        if !finite { throw PixelEngineError(op, "the image holds NaN or infinite samples") }
        let offset = Float(low)
        let scale = high > low ? Float(1 / (high - low)) : 0
        return image.mapRows(outputChannels: colourChannels) { (_, input, output: UnsafeMutableBufferPointer<Float>) in
            var i = 0, o = 0
            while o < output.count {
                for k in 0..<colourChannels { output[o &+ k] = (input[i &+ k].floatValue - offset) * scale }
                i &+= c
                o &+= colourChannels
            }
        }
    }
}

extension SLICFeatures {
    /// Interleaved features to planes (one per channel, for contiguous inner loops),
    /// multiplied by `ratio`.
    static func planar(_ features: Image<Float>, ratio: Float) -> [Float] {
        let nc = features.channels, plane = features.pixelCount, w = features.width
        return features.withUnsafeSamples { src in
            [Float](unsafeUninitializedCapacity: nc &* plane) { dst, count in
                let out = dst
                parallelRows(features.height, costPerRow: w &* nc) { rows in
                    for p in (rows.lowerBound &* w)..<(rows.upperBound &* w) {
                        for c in 0..<nc { out[c &* plane &+ p] = src[p &* nc &+ c] * ratio }
                    }
                }
                count = nc &* plane
            }
        }
    }

    /// CIELAB planes of an 8-bit RGB(A) image after scikit-image's min–max scaling, times
    /// `ratio`: the sRGB curve from a 256-entry table, XYZ and `f` in single precision
    /// (within about 1e-4 of ``Image/rgbToLab()`` on the scaled image, far below what
    /// changes a clustering).
    static func labPlanes(_ image: Image<UInt8>, ratio: Float) -> [Float] {
        let c = image.channels, w = image.width, plane = image.pixelCount
        var low: UInt8 = 255, high: UInt8 = 0
        image.withUnsafeSamples { s in
            var i = 0
            while i < s.count {
                for k in 0..<3 {
                    low = min(low, s[i &+ k])
                    high = max(high, s[i &+ k])
                }
                i &+= c
            }
        }
        let span = high > low ? Double(high - low) : 1
        let table: [Float] = (0..<256).map { v in
            let u = max(0, Double(v) - Double(low)) / span
            return Float(u > 0.04045 ? pow((u + 0.055) / 1.055, 2.4) : u / 12.92)
        }
        let m: [Float] = [0.412453 / 0.95047, 0.357580 / 0.95047, 0.180423 / 0.95047,
                          0.212671, 0.715160, 0.072169,
                          0.019334 / 1.08883, 0.119193 / 1.08883, 0.950227 / 1.08883]
        return image.withUnsafeSamples { src in
            table.withUnsafeBufferPointer { lut in
                m.withUnsafeBufferPointer { m in
                    [Float](unsafeUninitializedCapacity: 3 &* plane) { dst, count in
                        let out = dst
                        parallelRows(image.height, costPerRow: w &* 30) { rows in
                            for p in (rows.lowerBound &* w)..<(rows.upperBound &* w) {
                                let i = p &* c
                                let r = lut[Int(src[i])], g = lut[Int(src[i &+ 1])], b = lut[Int(src[i &+ 2])]
                                let fx = labF(r * m[0] + g * m[1] + b * m[2])
                                let fy = labF(r * m[3] + g * m[4] + b * m[5])
                                let fz = labF(r * m[6] + g * m[7] + b * m[8])
                                out[p] = (116 * fy - 16) * ratio
                                out[plane &+ p] = 500 * (fx - fy) * ratio
                                out[2 &* plane &+ p] = 200 * (fy - fz) * ratio
                            }
                        }
                        count = 3 &* plane
                    }
                }
            }
        }
    }

    /// The CIELAB `f(t)` (scikit-image's constants) with a single-precision cube root:
    /// a bit-trick estimate of t^(-1/3) and three Newton steps (≈ 1e-7 relative).
    @inline(__always)
    static func labF(_ t: Float) -> Float {
        if t <= 0.008856 { return 7.787 * t + 16.0 / 116.0 }
        var r = Float(bitPattern: 0x54A2_FA8C &- t.bitPattern / 3)
        r = r * (4 - t * r * r * r) * (1.0 / 3.0)
        r = r * (4 - t * r * r * r) * (1.0 / 3.0)
        r = r * (4 - t * r * r * r) * (1.0 / 3.0)
        return t * r * r
    }
}

/// The seed grid of SLIC, as `skimage.util.regular_grid((1, height, width), n)`.
struct SLICGrid: Sendable {
    let startY: Int, stepY: Int, startX: Int, stepX: Int
    let countY: Int, countX: Int
    /// The spatial normaliser S (scikit-image's `max(steps)`).
    let step: Int

    var count: Int { countY * countX }

    init(width: Int, height: Int, nSegments: Int) {
        let area = Double(width) * Double(height)
        if area <= Double(nSegments) {
            (startY, stepY, startX, stepX) = (0, 1, 0, 1)
        } else {
            // regular_grid on the sorted dims (1, short, long): depth gets step 1; if the
            // short side is below sqrt(area / n) it gets a single seed and the long side
            // takes the rest.
            let short = Double(min(width, height)), long = Double(max(width, height))
            var steps = (area / Double(nSegments)).squareRoot()
            var shortStep = steps, longStep = steps
            if short < steps {
                shortStep = short
                steps = long / Double(nSegments)
                longStep = steps
                if long < longStep { longStep = long }
            }
            let (sy, sx) = height <= width ? (shortStep, longStep) : (longStep, shortStep)
            startY = Int(sy / 2)
            startX = Int(sx / 2)
            stepY = max(1, Int(sy.rounded(.toNearestOrEven)))
            stepX = max(1, Int(sx.rounded(.toNearestOrEven)))
        }
        countY = max(1, (height - 1 - startY) / stepY + 1)
        countX = max(1, (width - 1 - startX) / stepX + 1)
        step = max(stepY, stepX)
    }
}

/// The number of feature channels of a SLIC kernel, fixed at compile time so the
/// per-pixel colour loop unrolls.
protocol SLICChannelCount {
    static var count: Int { get }
}
enum SLICOne: SLICChannelCount { static var count: Int { 1 } }
enum SLICThree: SLICChannelCount { static var count: Int { 3 } }

/// The k-means iterations of SLIC over planar features.
enum SLICKernel<C: SLICChannelCount> {
    /// Fixed-point scale of the exact (integer) centre sums: sums do not depend on how the
    /// rows are split between tasks, so results are the same for every schedule.
    static var fixedScale: Double { 1_048_576 }

    /// The sum of `count` floats, eight lanes at a time, in double.
    @inline(__always)
    static func runSum(_ p: UnsafePointer<Float>, _ count: Int) -> Double {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        while i &+ 8 <= count {
            lanes += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
            i &+= 8
        }
        var total = Double(lanes.sum())
        while i < count {
            total += Double(p[i])
            i &+= 1
        }
        return total
    }

    /// Rows per block of the assignment and update passes.
    static var blockRows: Int { 16 }

    /// Labels `0..<grid.count` (unconnected).
    static func cluster(_ planes: [Float], width w: Int, height h: Int, grid: SLICGrid, maxIterations: Int) -> [UInt32] {
        let n = grid.count
        let nc = C.count
        let stride = 2 &+ nc
        // Centres: y, x, features…, as Float.
        var centres = [Float](repeating: 0, count: n &* stride)
        for j in 0..<grid.countY {
            for i in 0..<grid.countX {
                let k = j &* grid.countX &+ i
                centres[k &* stride] = Float(grid.startY &+ j &* grid.stepY)
                centres[k &* stride &+ 1] = Float(grid.startX &+ i &* grid.stepX)
            }
        }
        var labels = [UInt32](repeating: UInt32.max, count: w &* h)
        let radius = Float(grid.step)
        let spatialWeight = 1 / (Float(grid.step) * Float(grid.step))
        let blocks = (h &+ blockRows &- 1) / blockRows
        var blockChanged = [Bool](repeating: false, count: blocks)

        for iteration in 0..<maxIterations {
            // Assignment: each block of rows owns its labels.
            centres.withUnsafeBufferPointer { centres in
                planes.withUnsafeBufferPointer { planes in
                    labels.withUnsafeMutableBufferPointer { labels in
                        blockChanged.withUnsafeMutableBufferPointer { changed in
                            let labelsOut = labels, changedOut = changed
                            parallelRows(blocks, costPerRow: blockRows &* w &* 8) { range in
                                let distance = UnsafeMutablePointer<Float>.allocate(capacity: blockRows &* w)
                                let best = UnsafeMutablePointer<UInt32>.allocate(capacity: blockRows &* w)
                                defer { distance.deallocate(); best.deallocate() }
                                for b in range {
                                    changedOut[b] = assign(block: b, width: w, height: h, count: n, centres: centres,
                                                           planes: planes, radius: radius, spatialWeight: spatialWeight,
                                                           labels: labelsOut, distance: distance, best: best)
                                }
                            }
                        }
                    }
                }
            }
            if iteration > 0 && !blockChanged.contains(true) { break }
            if iteration == maxIterations &- 1 { break }
            // Update: exact integer sums per task (integer addition does not depend on
            // the order, so neither does the result on the schedule).
            let per = stride &+ 1
            var partials = [UnsafeMutablePointer<Int64>?](repeating: nil, count: blocks)
            labels.withUnsafeBufferPointer { labels in
                planes.withUnsafeBufferPointer { planes in
                    partials.withUnsafeMutableBufferPointer { partials in
                        let slots = partials
                        parallelRows(blocks, costPerRow: blockRows &* w &* 4) { range in
                            let sums = UnsafeMutablePointer<Int64>.allocate(capacity: n &* per)
                            sums.initialize(repeating: 0, count: n &* per)
                            for b in range {
                                accumulate(block: b, width: w, height: h, labels: labels, planes: planes, sums: sums)
                            }
                            slots[range.lowerBound] = sums
                        }
                    }
                }
            }
            var total = [Int64](repeating: 0, count: n &* per)
            for case let sums? in partials {
                for i in 0..<(n &* per) { total[i] &+= sums[i] }
                sums.deallocate()
            }
            for k in 0..<n {
                let count = total[k &* per &+ stride]
                // An empty centre keeps its place (scikit-image's becomes NaN and is lost).
                if count == 0 { continue }
                let d = Double(count)
                centres[k &* stride] = Float(Double(total[k &* per]) / d)
                centres[k &* stride &+ 1] = Float(Double(total[k &* per &+ 1]) / d)
                for c in 0..<nc {
                    centres[k &* stride &+ 2 &+ c] = Float(Double(total[k &* per &+ 2 &+ c]) / d / fixedScale)
                }
            }
        }
        return labels
    }

    /// Assigns the pixels of one block of rows to their closest centre; returns whether any
    /// label changed. Pixels no window reaches keep their label.
    @inline(__always)
    static func assign(block b: Int, width w: Int, height h: Int, count n: Int,
                       centres: UnsafeBufferPointer<Float>,
                       planes: UnsafeBufferPointer<Float>, radius: Float, spatialWeight: Float,
                       labels: UnsafeMutableBufferPointer<UInt32>,
                       distance: UnsafeMutablePointer<Float>, best: UnsafeMutablePointer<UInt32>) -> Bool {
        typealias V = SIMD8<Float>
        let nc = C.count
        let stride = 2 &+ nc
        let plane = w &* h
        let y0 = b &* blockRows, y1 = min(h, y0 &+ blockRows)
        let cells = (y1 &- y0) &* w
        distance.initialize(repeating: .greatestFiniteMagnitude, count: cells)
        best.initialize(repeating: UInt32.max, count: cells)
        let fw = Float(w), fy0 = Float(y0), fy1 = Float(y1)
        let base = planes.baseAddress!
        let lanes = V(0, 1, 2, 3, 4, 5, 6, 7)
        let sw = V(repeating: spatialWeight)
        for k in 0..<n {
            let cy = centres[k &* stride], cx = centres[k &* stride &+ 1]
            // The window as scikit-image computes it: [int(max(c - r, 0)), int(min(c + r + 1, n))),
            // clipped to the block.
            let wy0 = max(cy - radius, fy0), wy1 = min(cy + radius + 1, fy1)
            if !(wy1 > wy0) { continue }
            let ya = Int(wy0), yb = Int(wy1)
            let xa = Int(max(cx - radius, 0)), xb = Int(min(cx + radius + 1, fw))
            if ya >= yb || xa >= xb { continue }
            let c0 = V(repeating: centres[k &* stride &+ 2])
            let c1 = V(repeating: nc > 1 ? centres[k &* stride &+ 3] : 0)
            let c2 = V(repeating: nc > 2 ? centres[k &* stride &+ 4] : 0)
            let label = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: k))
            let vcx = V(repeating: cx)
            for y in ya..<yb {
                let dy = cy - Float(y)
                let dyTerm = V(repeating: dy * dy * spatialWeight)
                let row = y &* w
                let local = (y &- y0) &* w
                var x = xa
                // Eight pixels at a time; the last group overlaps the previous one (min is
                // idempotent and ties keep the earlier centre, so re-testing is harmless).
                while x < xb {
                    if xb &- xa < 8 { break }
                    let xs = min(x, xb &- 8)
                    let dx = vcx - (V(repeating: Float(xs)) + lanes)
                    var d = dyTerm + dx * dx * sw
                    let p = row &+ xs
                    let t0 = UnsafeRawPointer(base + p).loadUnaligned(as: V.self) - c0
                    d += t0 * t0
                    if nc > 1 {
                        let t1 = UnsafeRawPointer(base + (plane &+ p)).loadUnaligned(as: V.self) - c1
                        let t2 = UnsafeRawPointer(base + (2 &* plane &+ p)).loadUnaligned(as: V.self) - c2
                        d += t1 * t1 + t2 * t2
                    }
                    let q = local &+ xs
                    let old = UnsafeRawPointer(distance + q).loadUnaligned(as: V.self)
                    let closer = d .< old
                    if any(closer) {
                        let oldBest = UnsafeRawPointer(best + q).loadUnaligned(as: SIMD8<UInt32>.self)
                        UnsafeMutableRawPointer(distance + q).storeBytes(of: old.replacing(with: d, where: closer), as: V.self)
                        UnsafeMutableRawPointer(best + q).storeBytes(of: oldBest.replacing(with: label, where: closer), as: SIMD8<UInt32>.self)
                    }
                    x = xs &+ 8
                }
                if xb &- xa < 8 {
                    for x in xa..<xb {
                        let dx = cx - Float(x)
                        var d = dyTerm[0] + dx * dx * spatialWeight
                        let p = row &+ x
                        let t0 = base[p] - c0[0]
                        d += t0 * t0
                        if nc > 1 {
                            let t1 = base[plane &+ p] - c1[0]
                            let t2 = base[2 &* plane &+ p] - c2[0]
                            d += t1 * t1 + t2 * t2
                        }
                        let q = local &+ x
                        if d < distance[q] {
                            distance[q] = d
                            best[q] = label[0]
                        }
                    }
                }
            }
        }
        var changed = false
        let first = y0 &* w
        for i in 0..<cells {
            let l = best[i]
            if l != UInt32.max && labels[first &+ i] != l {
                labels[first &+ i] = l
                changed = true
            }
        }
        return changed
    }

    /// Adds the pixels of one block of rows to per-centre sums: y, x, features in fixed
    /// point (truncated, so exact and order-free), then the count. Runs of one label are
    /// summed locally first.
    @inline(__always)
    static func accumulate(block b: Int, width w: Int, height h: Int,
                           labels: UnsafeBufferPointer<UInt32>, planes: UnsafeBufferPointer<Float>,
                           sums: UnsafeMutablePointer<Int64>) {
        let nc = C.count
        let stride = 2 &+ nc
        let plane = w &* h
        let per = stride &+ 1
        let y0 = b &* blockRows, y1 = min(h, y0 &+ blockRows)
        let scale = fixedScale
        for y in y0..<y1 {
            var x = 0
            let row = y &* w
            while x < w {
                let l = labels[row &+ x]
                var end = x &+ 1
                while end < w && labels[row &+ end] == l { end &+= 1 }
                if l != UInt32.max {
                    // A run lies in one row, which one task owns whole: its float sums are
                    // the same for every schedule.
                    let f0 = Int64(runSum(planes.baseAddress! + (row &+ x), end &- x) * scale)
                    let f1 = nc > 1 ? Int64(runSum(planes.baseAddress! + (plane &+ row &+ x), end &- x) * scale) : 0
                    let f2 = nc > 2 ? Int64(runSum(planes.baseAddress! + (2 &* plane &+ row &+ x), end &- x) * scale) : 0
                    let run = Int64(end &- x)
                    let s = sums + Int(l) &* per
                    s[0] &+= Int64(y) &* run
                    s[1] &+= Int64(x &+ end &- 1) &* run / 2
                    s[2] &+= f0
                    if nc > 1 {
                        s[3] &+= f1
                        s[4] &+= f2
                    }
                    s[stride] &+= run
                }
                x = end
            }
        }
    }
}
