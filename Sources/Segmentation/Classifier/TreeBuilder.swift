/// Grows one classification tree of a ``RandomForest`` (depth first, as scikit-learn's
/// `DepthFirstTreeBuilder`), reusing its buffers from tree to tree.
///
/// A split tries features in a random order until `maxFeatures` non-constant ones have been
/// evaluated (constant features do not count, as in scikit-learn, so a node with any
/// varying feature always finds a split). For each feature the node's values are sorted
/// with their classes, and every boundary between distinct values is scored by the Gini
/// proxy `Σ L_k²/n_L + Σ R_k²/n_R` computed from integer counts, so the choice is exact
/// and the same on every machine. The threshold is the midpoint of the two values
/// (rounded to `Float`; the lower value if the midpoint rounds up to the upper one).
struct TreeBuilder {
    /// The read-only training data shared by all builders.
    struct Context: @unchecked Sendable {
        /// Column-major values: feature `f` of sample `i` is `columns[f * sampleCount + i]`.
        let columns: [Float]
        let labels: [UInt8]
        let sampleCount: Int
        let featureCount: Int
        let classCount: Int
        let parameters: RandomForest.Parameters
    }

    /// A grown tree with tree-local indices (children and leaves numbered from 0).
    struct Tree {
        var nodes: [RandomForest.Node]
        var leafValues: [Float]
        /// Σ over the splits on each feature of `n·gini − n_L·gini_L − n_R·gini_R`.
        var importances: [Double]
    }

    let context: Context
    private var indices: [Int32] = []
    private var keys: [UInt64] = []
    private var featureOrder: [Int32] = []
    private var counts: [Int] = []
    private var leftCounts: [Int] = []
    private var bestLeftCounts: [Int] = []

    init(_ context: Context) {
        self.context = context
        indices = [Int32](repeating: 0, count: context.sampleCount)
        keys = [UInt64](repeating: 0, count: context.sampleCount)
        featureOrder = (0..<Int32(context.featureCount)).map { $0 }
        counts = [Int](repeating: 0, count: context.classCount)
        leftCounts = counts
        bestLeftCounts = counts
    }

    /// The generator of tree `t`: its own stream, derived from the forest seed and `t` only.
    static func generator(seed: UInt64, tree t: Int) -> ForestRandom {
        var mixer = ForestRandom(state: seed ^ (UInt64(t) &* 0xD1B5_4A32_D192_ED03))
        return ForestRandom(state: mixer.next())
    }

    private struct Pending {
        var node: Int
        var start: Int
        var end: Int
        var depth: Int
    }

    /// Grows tree `t`; `nil` if `cancelled` returned true midway.
    mutating func build(tree t: Int, cancelled: () -> Bool) -> Tree? {
        let c = context
        let p = c.parameters
        let n = c.sampleCount
        var rng = Self.generator(seed: p.seed, tree: t)
        if p.bootstrap {
            for i in 0..<n { indices[i] = Int32(rng.index(below: n)) }
        } else {
            for i in 0..<n { indices[i] = Int32(i) }
        }
        for f in 0..<c.featureCount { featureOrder[f] = Int32(f) }
        let mtry = p.maxFeatures.resolved(featureCount: c.featureCount)
        let maxDepth = p.maxDepth ?? Int.max
        let minLeaf = p.minSamplesLeaf
        let minSplit = max(p.minSamplesSplit, 2 * minLeaf)

        var tree = Tree(nodes: [RandomForest.Node(feature: -1, threshold: 0, left: 0)], leafValues: [],
                        importances: [Double](repeating: 0, count: c.featureCount))
        var stack = [Pending(node: 0, start: 0, end: n, depth: 0)]
        var visited = 0
        while let job = stack.popLast() {
            visited += 1
            if visited & 255 == 0, cancelled() { return nil }
            let size = job.end - job.start
            countClasses(job.start, job.end)
            let sumSquares = counts.reduce(0) { $0 &+ $1 &* $1 }
            let gini = 1 - Double(sumSquares) / (Double(size) * Double(size))
            var split: Split?
            if size >= minSplit, job.depth < maxDepth, gini > 1e-7 {
                split = bestSplit(job.start, job.end, mtry: mtry, minLeaf: minLeaf, rng: &rng)
            }
            guard let split else {
                let leaf = tree.leafValues.count / c.classCount
                let scale = 1 / Float(size)
                for k in 0..<c.classCount { tree.leafValues.append(Float(counts[k]) * scale) }
                tree.nodes[job.node] = RandomForest.Node(feature: -1, threshold: 0, left: Int32(leaf))
                continue
            }
            let middle = partition(job.start, job.end, feature: split.feature, threshold: split.threshold)
            let left = tree.nodes.count
            tree.nodes[job.node] = RandomForest.Node(feature: Int32(split.feature), threshold: split.threshold, left: Int32(left))
            tree.nodes.append(RandomForest.Node(feature: -1, threshold: 0, left: 0))
            tree.nodes.append(RandomForest.Node(feature: -1, threshold: 0, left: 0))
            tree.importances[split.feature] += Double(size) * gini - split.childImpurity
            // Right pushed first so the left subtree is grown (and numbered) first.
            stack.append(Pending(node: left + 1, start: middle, end: job.end, depth: job.depth + 1))
            stack.append(Pending(node: left, start: job.start, end: middle, depth: job.depth + 1))
        }
        return tree
    }

    private mutating func countClasses(_ start: Int, _ end: Int) {
        for k in counts.indices { counts[k] = 0 }
        indices.withUnsafeBufferPointer { idx in
            context.labels.withUnsafeBufferPointer { labels in
                counts.withUnsafeMutableBufferPointer { counts in
                    for j in start..<end { counts[Int(labels[Int(idx[j])])] &+= 1 }
                }
            }
        }
    }

    private struct Split {
        var feature: Int
        var threshold: Float
        /// `n_L·gini_L + n_R·gini_R`.
        var childImpurity: Double
    }

    /// The order-preserving map of a float onto unsigned integers (NaN sorts last).
    @inline(__always)
    static func sortableBits(_ v: Float) -> UInt32 {
        let b = v.isNaN ? Float.nan.bitPattern : (v == 0 ? 0 : v.bitPattern)  // -0 == +0
        return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
    }

    @inline(__always)
    static func float(fromSortable s: UInt32) -> Float {
        Float(bitPattern: s & 0x8000_0000 != 0 ? s & 0x7FFF_FFFF : ~s)
    }

    /// The best split of the node's samples `indices[start..<end]` (whose class counts are
    /// in `counts`), or `nil` if every feature is constant on them or no split leaves
    /// `minLeaf` samples on both sides.
    private mutating func bestSplit(_ start: Int, _ end: Int, mtry: Int, minLeaf: Int,
                                    rng: inout ForestRandom) -> Split? {
        let c = context
        let n = c.sampleCount
        let size = end - start
        let classCount = c.classCount
        var best: Split?
        var bestProxy = -Double.infinity
        var evaluated = 0
        var drawn = 0
        let totalSquares = counts.reduce(0) { $0 &+ $1 &* $1 }
        while evaluated < mtry && drawn < c.featureCount {
            // Partial Fisher–Yates: the next feature not yet tried at this node.
            let pick = drawn + rng.index(below: c.featureCount - drawn)
            featureOrder.swapAt(drawn, pick)
            let f = Int(featureOrder[drawn])
            drawn += 1

            let found: (proxy: Double, position: Int, threshold: Float, constant: Bool) =
                c.columns.withUnsafeBufferPointer { columns in
                c.labels.withUnsafeBufferPointer { labels in
                indices.withUnsafeBufferPointer { idx in
                keys.withUnsafeMutableBufferPointer { keys in
                counts.withUnsafeBufferPointer { counts in
                leftCounts.withUnsafeMutableBufferPointer { left in
                    let column = columns.baseAddress! + f &* n
                    for j in 0..<size {
                        let i = Int(idx[start &+ j])
                        keys[j] = UInt64(Self.sortableBits(column[i])) << 32 | UInt64(labels[i])
                    }
                    var sorted = UnsafeMutableBufferPointer(rebasing: keys[0..<size])
                    sorted.sort()
                    if sorted[0] >> 32 == sorted[size - 1] >> 32 { return (0, 0, 0, true) }
                    for k in 0..<classCount { left[k] = 0 }
                    var leftSquares = 0, rightSquares = totalSquares
                    var bestHere = -Double.infinity, position = -1
                    // Moving sample j from the right side to the left: class k's count
                    // changes by one on each side, so the sums of squares update exactly.
                    for j in 0..<(size - 1) {
                        let k = Int(sorted[j] & 0xFF)
                        let l = left[k]
                        leftSquares &+= 2 &* l &+ 1
                        rightSquares &-= 2 &* (counts[k] &- l) &- 1
                        left[k] = l &+ 1
                        let nl = j &+ 1
                        guard sorted[j] >> 32 != sorted[j &+ 1] >> 32, nl >= minLeaf, size &- nl >= minLeaf else { continue }
                        let proxy = Double(leftSquares) / Double(nl) + Double(rightSquares) / Double(size &- nl)
                        if proxy > bestHere {
                            bestHere = proxy
                            position = j
                        }
                    }
                    guard position >= 0 else { return (0, 0, 0, false) }
                    let a = Self.float(fromSortable: UInt32(sorted[position] >> 32))
                    let b = Self.float(fromSortable: UInt32(sorted[position &+ 1] >> 32))
                    var t = b.isNaN ? a : Float((Double(a) + Double(b)) / 2)
                    if t >= b || t.isInfinite { t = a }
                    return (bestHere, position, t, false)
                }}}}}}
            if found.constant { continue }
            evaluated += 1
            guard found.position >= 0, found.proxy > bestProxy else { continue }
            bestProxy = found.proxy
            // Recount the left side at the chosen position for the children's impurity.
            for k in 0..<classCount { bestLeftCounts[k] = 0 }
            for j in 0...found.position { bestLeftCounts[Int(keys[j] & 0xFF)] += 1 }
            let nl = found.position + 1, nr = size - nl
            var sl = 0, sr = 0
            for k in 0..<classCount {
                sl += bestLeftCounts[k] * bestLeftCounts[k]
                let r = counts[k] - bestLeftCounts[k]
                sr += r * r
            }
            let impurity = (Double(nl) - Double(sl) / Double(nl)) + (Double(nr) - Double(sr) / Double(nr))
            best = Split(feature: f, threshold: found.threshold, childImpurity: impurity)
        }
        return best
    }

    /// Reorders `indices[start..<end]` so the samples with `value <= threshold` come first;
    /// returns where the right part starts.
    private mutating func partition(_ start: Int, _ end: Int, feature f: Int, threshold: Float) -> Int {
        let n = context.sampleCount
        return context.columns.withUnsafeBufferPointer { columns in
            indices.withUnsafeMutableBufferPointer { idx in
                let column = columns.baseAddress! + f &* n
                var i = start, j = end - 1
                while i <= j {
                    if column[Int(idx[i])] <= threshold {
                        i += 1
                    } else {
                        idx.swapAt(i, j)
                        j -= 1
                    }
                }
                return i
            }
        }
    }
}

/// SplitMix64: the forest's generator, the same sequence on every machine and build.
struct ForestRandom {
    var state: UInt64

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform index in `0..<count` (multiply-shift on the top 32 bits; counts < 2³¹).
    @inline(__always)
    mutating func index(below count: Int) -> Int {
        Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(count)) >> 32)
    }
}
