import Foundation

/// Where the tiles of an image go: overlapping windows of the network's input size,
/// blended with cosine ramps across each overlap (as cellpose and StarDist), so that no
/// seam shows; an axis shorter than a tile is one window padded (by reflection) to the
/// input size.
///
/// Along an axis of length `L` with windows of `T` (a multiple of the model's `multiple_of`):
/// `L ≤ T` gives one window at 0 of input size `roundUp(L, multiple_of)` (or `T` when the
/// network's size is fixed); otherwise `n = ⌈(L − overlap) / (T − overlap)⌉` windows of `T`
/// spaced evenly from 0 to `L − T`.
///
/// ```swift
/// let layout = try TileLayout(width: 2048, height: 2048, tile: 512, overlap: 64, multipleOf: 16)
/// layout.count   // 25
/// ```
public struct TileLayout: Sendable, Equatable {
    /// One axis: window origins, the window length in the image, and the network input length.
    public struct Axis: Sendable, Equatable {
        /// Where each window starts.
        public let starts: [Int]
        /// How many image pixels each window covers (`≤` ``input``).
        public let length: Int
        /// The network's input extent along the axis (the window padded).
        public let input: Int

        init(length total: Int, tile: Int, overlap: Int, multipleOf: Int, fixed: Bool) {
            let roundUp = { (n: Int) in (n + multipleOf - 1) / multipleOf * multipleOf }
            if total <= tile {
                starts = [0]
                length = total
                input = fixed ? tile : roundUp(total)
            } else {
                let n = (total - overlap + tile - overlap - 1) / (tile - overlap)
                let span = total - tile
                starts = (0..<n).map { i in n == 1 ? 0 : Int((Double(i * span) / Double(n - 1)).rounded()) }
                length = tile
                input = tile
            }
        }

        /// The blending weight of each of a window's pixels: a cosine ramp over the overlap
        /// with the previous and the next window, 1 elsewhere (and at the image's edges).
        func weights(window i: Int) -> [Float] {
            var w = [Float](repeating: 1, count: length)
            let start = starts[i]
            if i > 0 {
                let r = starts[i - 1] + length - start
                for d in 0..<min(r, length) { w[d] *= Self.ramp(d, r) }
            }
            if i + 1 < starts.count {
                let r = start + length - starts[i + 1]
                for d in 0..<min(r, length) { w[length - 1 - d] *= Self.ramp(d, r) }
            }
            return w
        }

        /// Rises from near 0 to near 1 over `r` pixels; ramp(d) + ramp(r − 1 − d) = 1.
        static func ramp(_ d: Int, _ r: Int) -> Float {
            let t = (Double(d) + 0.5) / Double(r)
            let s = sin(Double.pi / 2 * t)
            return Float(s * s)
        }
    }

    /// The image's width and height.
    public let width: Int, height: Int
    /// The windows along x and along y.
    public let x: Axis, y: Axis

    /// The number of tiles.
    public var count: Int { x.starts.count * y.starts.count }

    /// A layout for an image of `width × height`.
    ///
    /// - Parameters:
    ///   - tile: the window size (rounded down to a multiple of `multipleOf`), or the
    ///     network's fixed input size with `fixed`.
    ///   - overlap: pixels shared by neighbouring windows, `0 ≤ overlap < tile / 2`.
    ///   - multipleOf: input sizes are multiples of this.
    ///   - fixed: the network takes exactly `fixedSize` (height, width).
    /// - Throws: ``NetworkError`` (`.option`) for a tile smaller than `multipleOf` or an
    ///   overlap out of range.
    public init(width: Int, height: Int, tile: Int, overlap: Int, multipleOf: Int = 1,
                fixedSize: (height: Int, width: Int)? = nil) throws(NetworkError) {
        let m = max(1, multipleOf)
        let tileY = fixedSize?.height ?? tile / m * m
        let tileX = fixedSize?.width ?? tile / m * m
        guard tileY >= m, tileX >= m, tileY > 0, tileX > 0 else {
            throw NetworkError(.option, "tile \(tile) is smaller than the model's multiple of \(m); give tile: \(m * 16) or more")
        }
        guard overlap >= 0, 2 * overlap < min(tileX, tileY) else {
            throw NetworkError(.option, "overlap must be in 0..<\((min(tileX, tileY) + 1) / 2) (half the tile of \(min(tileX, tileY))), got \(overlap)")
        }
        self.width = width
        self.height = height
        x = Axis(length: width, tile: tileX, overlap: overlap, multipleOf: m, fixed: fixedSize != nil)
        y = Axis(length: height, tile: tileY, overlap: overlap, multipleOf: m, fixed: fixedSize != nil)
    }

    /// The default overlap for a tile size: an eighth of it, at least 16 pixels where the
    /// tile allows (cellpose overlaps by 10 %, StarDist by its receptive field).
    public static func defaultOverlap(tile: Int) -> Int {
        min(max(tile / 8, 16), max(0, (tile - 1) / 2))
    }
}

/// Runs a network over an image tile by tile and blends the per-class probabilities.
///
/// `run` receives one `[1, channels, inputHeight, inputWidth]` tile and returns that tile's
/// class probabilities, `classes` planes of the tile's input size (logits already turned
/// into probabilities). The result is `classes` planes of the image's size.
///
/// - Throws: what `run` throws; ``NetworkError`` (`.cancelled`) when `cancel` says so
///   between tiles.
func runTiled(_ input: NetworkInput, layout: TileLayout, classes: Int,
              progress: ((Int, Int) -> Void)?, cancel: (() -> Bool)?,
              run: ([Float], _ inputHeight: Int, _ inputWidth: Int) throws -> [Float]) throws -> [[Float]] {
    let w = input.width, h = input.height, c = input.channels
    let ih = layout.y.input, iw = layout.x.input
    var sums = [[Float]](repeating: [Float](repeating: 0, count: w * h), count: classes)
    var weightSum = [Float](repeating: 0, count: w * h)
    let total = layout.count
    var done = 0
    progress?(0, total)
    // Source index along an axis for padded positions: reflection without repeating the
    // edge (numpy "reflect"), folded again for paddings longer than the image.
    func reflect(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let period = 2 * (n - 1)
        var j = i % period
        if j < 0 { j += period }
        return j < n ? j : period - j
    }
    for (yi, y0) in layout.y.starts.enumerated() {
        let wy = layout.y.weights(window: yi)
        for (xi, x0) in layout.x.starts.enumerated() {
            if cancel?() == true { throw NetworkError(.cancelled, "cancelled") }
            let wx = layout.x.weights(window: xi)
            var tile = [Float](repeating: 0, count: c * ih * iw)
            let ly = layout.y.length, lx = layout.x.length
            // Rows and columns of the window, padded by reflection inside the window.
            let rows = (0..<ih).map { y0 + reflect($0, ly) }
            let cols = (0..<iw).map { x0 + reflect($0, lx) }
            input.values.withUnsafeBufferPointer { src in
                tile.withUnsafeMutableBufferPointer { dst in
                    for k in 0..<c {
                        for ty in 0..<ih {
                            let s = k &* w &* h &+ rows[ty] &* w
                            let d = (k &* ih &+ ty) &* iw
                            for tx in 0..<iw { dst[d &+ tx] = src[s &+ cols[tx]] }
                        }
                    }
                }
            }
            let out = try run(tile, ih, iw)
            precondition(out.count == classes * ih * iw, "runTiled: \(out.count) outputs for \(classes)×\(ih)×\(iw)")
            out.withUnsafeBufferPointer { o in
                for ty in 0..<ly {
                    let row = (y0 + ty) * w + x0
                    for tx in 0..<lx {
                        let weight = wy[ty] * wx[tx]
                        weightSum[row + tx] += weight
                    }
                }
                for k in 0..<classes {
                    sums[k].withUnsafeMutableBufferPointer { s in
                        for ty in 0..<ly {
                            let row = (y0 + ty) * w + x0
                            let src = (k * ih + ty) * iw
                            for tx in 0..<lx { s[row + tx] += wy[ty] * wx[tx] * o[src + tx] }
                        }
                    }
                }
            }
            done += 1
            progress?(done, total)
        }
    }
    for k in 0..<classes {
        sums[k].withUnsafeMutableBufferPointer { s in
            weightSum.withUnsafeBufferPointer { ws in
                for i in s.indices { s[i] /= ws[i] }
            }
        }
    }
    return sums
}

/// Logits to probabilities in place, per pixel over `classes` planes of `n` values: a
/// softmax, or for one plane a sigmoid followed by its complement (background first).
func classProbabilities(logits: [Float], classes: Int, pixels n: Int) -> [Float] {
    if classes == 1 {
        var out = [Float](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let p = 1 / (1 + exp(-logits[i]))
            out[n + i] = p
            out[i] = 1 - p
        }
        return out
    }
    var out = logits
    out.withUnsafeMutableBufferPointer { v in
        for i in 0..<n {
            var m = -Float.infinity
            for k in 0..<classes { m = max(m, v[k &* n &+ i]) }
            var sum: Float = 0
            for k in 0..<classes {
                let e = exp(v[k &* n &+ i] - m)
                v[k &* n &+ i] = e
                sum += e
            }
            let inv = 1 / sum
            for k in 0..<classes { v[k &* n &+ i] *= inv }
        }
    }
    return out
}
