/// k-means clustering of pixel values into a ``ClassMap``.

/// The feature space ``Image/kmeans(k:space:seed:maxIterations:tolerance:sampleSize:)``
/// clusters in.
public enum KMeansSpace: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The samples as stored (intensity, or R, G, B), in the image's units.
    case native
    /// CIELAB (`rgbToLab`): distances follow perceived colour difference. RGB images only.
    case lab

    public var description: String { rawValue }
}

/// The result of ``Image/kmeans(k:space:seed:maxIterations:tolerance:sampleSize:)``.
public struct KMeansResult: Sendable, Equatable {
    /// Every pixel's cluster, classes ordered by intensity: class 0 is the darkest centre.
    public let classMap: ClassMap
    /// The cluster centres in class order, each with one value per feature (1 for gray,
    /// 3 for colour), in the clustering space's units (sample units, or L*, a*, b*).
    public let centers: [[Double]]
    /// Lloyd iterations run (≤ `maxIterations`).
    public let iterations: Int
    /// Whether the centres moved less than the tolerance before `maxIterations`.
    public let converged: Bool
}

extension Image {
    /// Clusters the pixels' values (gray intensity or colour) into `k` classes with k-means.
    ///
    /// Centres start from greedy k-means++ (each next centre the best of 2 + ⌊ln k⌋ draws
    /// with probability proportional to the squared distance to the nearest chosen one) using
    /// a SplitMix64 generator seeded with `seed`; the fit runs from 3 such starts and keeps
    /// the one with the lowest within-cluster sum of squares. Lloyd iterations run until the summed squared centre movement is
    /// ≤ `tolerance` × the mean per-feature variance (scikit-learn's rule) or
    /// `maxIterations` is reached. An emptied cluster restarts at the sample farthest from
    /// its centre.
    ///
    /// For speed, images with more than `sampleSize` pixels are fitted on `sampleSize`
    /// pixels drawn at random (with the same seeded generator; the whole image if that draw
    /// has fewer than `k` distinct values); every pixel is then assigned to its nearest
    /// centre. The result depends only on the inputs: it is identical for any thread count
    /// and on any machine (sums are combined in a fixed order).
    ///
    /// - Parameters:
    ///   - k: the number of clusters, 2...256, at most the number of distinct pixel values.
    ///   - space: `.native` (default) or `.lab` (3-channel images only).
    ///   - seed: the random seed (default 0).
    ///   - maxIterations: Lloyd iterations at most, ≥ 1 (default 300).
    ///   - tolerance: relative convergence tolerance, ≥ 0 (default 1e-4).
    ///   - sampleSize: pixels fitted on, ≥ k (default 65 536).
    /// - Returns: the class map (classes `class 0`… by increasing intensity: the centre's
    ///   value for gray, the mean of R, G, B for colour, L* for Lab) and the centres.
    /// - Throws: ``PixelEngineError`` (operation `kmeans`) for an empty image, a channel
    ///   count other than 1 or 3, Lab on gray, `k` out of range or above the number of
    ///   distinct values, non-finite samples, or bad iteration parameters.
    ///
    /// ```swift
    /// let result = try rgb8.kmeans(k: 3, seed: 42)
    /// let background = result.classMap      // class 0: darkest
    /// ```
    public func kmeans(k: Int, space: KMeansSpace = .native, seed: UInt64 = 0, maxIterations: Int = 300,
                       tolerance: Double = 1e-4, sampleSize: Int = 65_536) throws(PixelEngineError) -> KMeansResult {
        let op = "kmeans"
        try Validate.nonEmpty(self, op)
        try Validate.channels(self, [1, 3], op)
        try Validate.inRange(k, 2...256, "k", op)
        try Validate.inRange(maxIterations, 1...1_000_000, "maxIterations", op)
        if !(tolerance >= 0 && tolerance.isFinite) { throw PixelEngineError(op, "tolerance must be >= 0, got \(tolerance)") }
        if sampleSize < k { throw PixelEngineError(op, "sampleSize must be >= k (\(k)), got \(sampleSize)") }
        if space == .lab && channels != 3 {
            throw PixelEngineError(op, "the lab space needs an RGB image, got \(ImageLayout.channelName(channels))")
        }
        if Sample.isFloatingPoint && !withUnsafeSamples({ $0.allSatisfy { $0.doubleValue.isFinite } }) {
            throw PixelEngineError(op, "the image holds NaN or infinity; replace them first")
        }
        if space == .lab {
            let lab: Image<Float>
            do { lab = try rgbToLab() } catch { throw PixelEngineError(op, error.message) }
            return try lab.kmeansFeatures(k: k, seed: seed, maxIterations: maxIterations, tolerance: tolerance,
                                          sampleSize: sampleSize, intensity: { $0[0] })
        }
        let d = channels
        let mean: ([Double]) -> Double = { c in c.reduce(0, +) / Double(d) }
        switch concrete {
        case .uint8(let image):
            return try image.kmeansFeatures(k: k, seed: seed, maxIterations: maxIterations, tolerance: tolerance, sampleSize: sampleSize, intensity: mean)
        case .uint16(let image):
            return try image.kmeansFeatures(k: k, seed: seed, maxIterations: maxIterations, tolerance: tolerance, sampleSize: sampleSize, intensity: mean)
        case .uint32(let image):
            return try image.kmeansFeatures(k: k, seed: seed, maxIterations: maxIterations, tolerance: tolerance, sampleSize: sampleSize, intensity: mean)
        case .float32(let image):
            return try image.kmeansFeatures(k: k, seed: seed, maxIterations: maxIterations, tolerance: tolerance, sampleSize: sampleSize, intensity: mean)
        }
    }

    /// k-means on this image's samples as features (`channels` per pixel).
    func kmeansFeatures(k: Int, seed: UInt64, maxIterations: Int, tolerance: Double, sampleSize: Int,
                        intensity: ([Double]) -> Double) throws(PixelEngineError) -> KMeansResult {
        let d = channels, n = pixelCount
        let distinct = distinctPixelCount(limit: k)
        if distinct < k {
            throw PixelEngineError("kmeans", "the image has only \(distinct) distinct values; k must be at most that, got \(k)")
        }
        var rng = SeededRandom(seed: seed)
        var features: [Float]
        if n > sampleSize {
            let picks = (0..<sampleSize).map { _ in rng.index(below: n) }
            features = withUnsafeSamples { s in
                var f = [Float](repeating: 0, count: sampleSize * d)
                for (i, p) in picks.enumerated() { for c in 0..<d { f[i * d + c] = Float(s[p * d + c].doubleValue) } }
                return f
            }
            if KMeansFit.distinctCount(features, d, limit: k) < k {
                features = withUnsafeSamples { s in s.map { Float($0.doubleValue) } }
            }
        } else {
            features = withUnsafeSamples { s in s.map { Float($0.doubleValue) } }
        }
        // Several starts, the lowest within-cluster sum of squares kept: one greedy
        // k-means++ start still lands in a poor local optimum on some images.
        var fit = KMeansFit(features: features, dimensions: d, k: k)
        var iterations = 0, converged = false, bestInertia = Double.infinity
        for _ in 0..<KMeansFit.starts {
            var trial = KMeansFit(features: features, dimensions: d, k: k)
            trial.initialise(&rng)
            let (runs, done) = trial.iterate(maxIterations: maxIterations, tolerance: tolerance)
            let inertia = trial.inertia()
            if inertia < bestInertia {
                (fit, iterations, converged, bestInertia) = (trial, runs, done, inertia)
            }
        }
        // Class order: increasing intensity, ties by the fit's order.
        let centres = (0..<k).map { c in (0..<d).map { Double(fit.centres[c * d + $0]) } }
        let order = (0..<k).sorted { (intensity(centres[$0]), $0) < (intensity(centres[$1]), $1) }
        var rank = [UInt8](repeating: 0, count: k)
        for (r, c) in order.enumerated() { rank[c] = UInt8(r) }
        let indices = assignAll(centres: fit.centres, rank: rank, k: k)
        let map = try ClassMap(indices: indices, classCount: k)
        return KMeansResult(classMap: map, centers: order.map { centres[$0] }, iterations: iterations, converged: converged)
    }

    /// The number of distinct pixel values, counting up to `limit`.
    func distinctPixelCount(limit: Int) -> Int {
        var seen = Set<SIMD4<UInt64>>()
        let d = channels
        return withUnsafeSamples { s in
            var i = 0
            while i < s.count && seen.count < limit {
                var key = SIMD4<UInt64>(repeating: 0)
                for c in 0..<d { key[c] = s[i + c].doubleValue.bitPattern }
                seen.insert(key)
                i += d
            }
            return seen.count
        }
    }

    /// Every pixel's nearest centre (first on ties), mapped through `rank`, in parallel.
    func assignAll(centres: [Float], rank: [UInt8], k: Int) -> Image<UInt8> {
        let d = channels
        if Sample.self == UInt8.self && d == 1 {
            // 256 possible values: one table.
            let table = (0..<256).map { v in rank[KMeansFit.nearest(Float(v), centres, k).index] }
            return unsafeBitCast(self, to: Image<UInt8>.self).lookup(table)
        }
        return centres.withUnsafeBufferPointer { cp in
            rank.withUnsafeBufferPointer { rp in
                mapRows(outputChannels: 1) { (_, input, output: UnsafeMutableBufferPointer<UInt8>) in
                    let point = UnsafeMutablePointer<Float>.allocate(capacity: d)
                    defer { point.deallocate() }
                    for x in 0..<output.count {
                        for c in 0..<d { point[c] = Float(input[x &* d &+ c].doubleValue) }
                        output[x] = rp[d == 3 ? KMeansFit.nearest3(point, cp, k) : KMeansFit.nearest(point, cp, k, d).index]
                    }
                }
            }
        }
    }
}

/// Lloyd's k-means over a flat feature array (`dimensions` floats per point).
struct KMeansFit {
    let features: [Float]
    let dimensions: Int
    let k: Int
    var centres: [Float]
    var count: Int { features.count / dimensions }
    /// Points per block of the parallel passes; blocks, not tasks, fix the summation order.
    static let block = 4096

    init(features: [Float], dimensions: Int, k: Int) {
        self.features = features
        self.dimensions = dimensions
        self.k = k
        self.centres = [Float](repeating: 0, count: k * dimensions)
    }

    static func distinctCount(_ f: [Float], _ d: Int, limit: Int) -> Int {
        var seen = Set<SIMD4<UInt32>>()
        var i = 0
        while i < f.count && seen.count < limit {
            var key = SIMD4<UInt32>(repeating: 0)
            for c in 0..<d { key[c] = f[i + c].bitPattern }
            seen.insert(key)
            i += d
        }
        return seen.count
    }

    @inline(__always)
    /// How many starts ``Image/kmeans(k:space:seed:maxIterations:tolerance:sampleSize:)`` fits.
    static let starts = 3

    /// The within-cluster sum of squares of the features around their nearest centre.
    func inertia() -> Double {
        let d = dimensions
        return features.withUnsafeBufferPointer { f in
            centres.withUnsafeBufferPointer { c in
                var total = 0.0
                for i in 0..<count {
                    var best = Float.infinity
                    for j in 0..<k { best = min(best, Self.distance(f.baseAddress! + i * d, c.baseAddress! + j * d, d)) }
                    total += Double(best)
                }
                return total
            }
        }
    }

    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        var s: Float = 0
        for c in 0..<d { let t = a[c] - b[c]; s += t * t }
        return s
    }

    @inline(__always)
    static func nearest(_ v: Float, _ centres: [Float], _ k: Int) -> (index: Int, distance: Float) {
        var best = 0, bestD = Float.infinity
        for c in 0..<k { let t = v - centres[c]; if t * t < bestD { bestD = t * t; best = c } }
        return (best, bestD)
    }

    @inline(__always)
    static func nearest(_ point: UnsafePointer<Float>, _ centres: UnsafeBufferPointer<Float>, _ k: Int, _ d: Int) -> (index: Int, distance: Float) {
        var best = 0, bestD = Float.infinity
        for c in 0..<k {
            let dist = distance(point, centres.baseAddress! + c &* d, d)
            if dist < bestD { bestD = dist; best = c }
        }
        return (best, bestD)
    }

    /// ``nearest(_:_:_:_:)`` for three features, unrolled (same operations, same result).
    @inline(__always)
    static func nearest3(_ p: UnsafePointer<Float>, _ centres: UnsafeBufferPointer<Float>, _ k: Int) -> Int {
        let c = centres.baseAddress!
        let x = p[0], y = p[1], z = p[2]
        var best = 0, bestD = Float.infinity
        for i in 0..<k {
            let q = c + i &* 3
            var s: Float = 0
            let dx = x - q[0]; s += dx * dx
            let dy = y - q[1]; s += dy * dy
            let dz = z - q[2]; s += dz * dz
            if s < bestD { bestD = s; best = i }
        }
        return best
    }

    /// k-means++: the first centre uniformly, each next with probability ∝ D².
    mutating func initialise(_ rng: inout SeededRandom) {
        // Greedy k-means++ (as scikit-learn): each step draws 2 + ⌊ln k⌋ candidates with
        // probability ∝ D² and keeps the one that lowers the summed D² the most, which avoids
        // most of plain k-means++'s poor starts at little cost.
        let d = dimensions, n = count
        var trials = 2  // 2 + ⌊ln k⌋
        var power = 2.718281828459045
        while power <= Double(k) {
            trials += 1
            power *= 2.718281828459045
        }
        var nearestD = [Double](repeating: .infinity, count: n)
        var candidateD = [Double](repeating: 0, count: n)
        var bestD = [Double](repeating: 0, count: n)
        var chosen = rng.index(below: n)
        features.withUnsafeBufferPointer { f in
            func distances(to p: Int, into out: inout [Double]) -> Double {
                var total = 0.0
                let point = f.baseAddress! + p * d
                for i in 0..<n {
                    let dist = min(nearestD[i], Double(Self.distance(f.baseAddress! + i * d, point, d)))
                    out[i] = dist
                    total += dist
                }
                return total
            }
            // The point whose cumulative D² first exceeds `target` (skipping D² = 0).
            func draw(_ target: Double) -> Int {
                var running = 0.0
                var lastPositive = 0
                for i in 0..<n where nearestD[i] > 0 {
                    lastPositive = i
                    running += nearestD[i]
                    if running > target { return i }
                }
                return lastPositive
            }
            var total = distances(to: chosen, into: &candidateD)
            swap(&nearestD, &candidateD)
            for j in 0..<d { centres[j] = f[chosen * d + j] }
            for c in 1..<k {
                var best = -1, bestTotal = Double.infinity
                for _ in 0..<trials {
                    let candidate = draw(rng.unit() * total)
                    let candidateTotal = distances(to: candidate, into: &candidateD)
                    if candidateTotal < bestTotal {
                        (best, bestTotal) = (candidate, candidateTotal)
                        swap(&bestD, &candidateD)
                    }
                }
                chosen = best
                swap(&nearestD, &bestD)
                total = bestTotal
                for j in 0..<d { centres[c * d + j] = f[chosen * d + j] }
            }
        }
    }

    /// Lloyd iterations; returns the count run and whether they converged.
    mutating func iterate(maxIterations: Int, tolerance: Double) -> (Int, Bool) {
        let d = dimensions, n = count, k = self.k
        let blocks = (n + Self.block - 1) / Self.block
        // sklearn's scale: the mean over features of their variance.
        var variance = 0.0
        for j in 0..<d {
            var sum = 0.0, sq = 0.0
            for i in 0..<n { let v = Double(features[i * d + j]); sum += v; sq += v * v }
            let mean = sum / Double(n)
            variance += max(0, sq / Double(n) - mean * mean)
        }
        let threshold = tolerance * variance / Double(d)
        // Per block: k·d sums, k counts, then the number of points whose label changed.
        let stride = k * d + k + 1
        var partial = [Double](repeating: 0, count: blocks * stride)
        var labels = [Int32](repeating: -1, count: n)
        for iteration in 1...maxIterations {
            let centresNow = centres
            features.withUnsafeBufferPointer { f in
                centresNow.withUnsafeBufferPointer { cp in
                    partial.withUnsafeMutableBufferPointer { pp in
                        labels.withUnsafeMutableBufferPointer { lp in
                            let fBase = f.baseAddress!, pBase = pp.baseAddress!, lBase = lp.baseAddress!
                            parallelRows(blocks, costPerRow: Self.block * k * d) { range in
                                for b in range {
                                    let out = pBase + b * stride
                                    out.initialize(repeating: 0, count: stride)
                                    for i in (b * Self.block)..<min(n, (b + 1) * Self.block) {
                                        let point = fBase + i * d
                                        let c = d == 3 ? Self.nearest3(point, cp, k) : Self.nearest(point, cp, k, d).index
                                        if lBase[i] != Int32(c) { out[stride - 1] += 1 }
                                        lBase[i] = Int32(c)
                                        for j in 0..<d { out[c * d + j] += Double(point[j]) }
                                        out[k * d + c] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var sums = [Double](repeating: 0, count: k * d), counts = [Double](repeating: 0, count: k)
            var changed = 0.0
            for b in 0..<blocks {
                let base = b * stride
                changed += partial[base + stride - 1]
                for j in 0..<(k * d) { sums[j] += partial[base + j] }
                for c in 0..<k { counts[c] += partial[base + k * d + c] }
            }
            var next = centres
            var emptied: [Int] = []
            for c in 0..<k {
                if counts[c] == 0 { emptied.append(c); continue }
                for j in 0..<d { next[c * d + j] = Float(sums[c * d + j] / counts[c]) }
            }
            if !emptied.isEmpty {
                // Restart each empty cluster at the farthest remaining points (largest first).
                var distances = (0..<n).map { i -> (Float, Int) in
                    let c = Int(labels[i])
                    var s: Float = 0
                    for j in 0..<d { let t = features[i * d + j] - centres[c * d + j]; s += t * t }
                    return (s, i)
                }
                distances.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                for (slot, c) in emptied.enumerated() {
                    let i = distances[min(slot, n - 1)].1
                    for j in 0..<d { next[c * d + j] = features[i * d + j] }
                }
            }
            // No label moved: the centres are the means of unchanged classes (scikit-learn's
            // strict convergence).
            if changed == 0 && emptied.isEmpty { return (iteration, true) }
            var shift = 0.0
            for j in 0..<(k * d) { let t = Double(next[j]) - Double(centres[j]); shift += t * t }
            centres = next
            if shift <= threshold && emptied.isEmpty { return (iteration, true) }
        }
        return (maxIterations, false)
    }
}
