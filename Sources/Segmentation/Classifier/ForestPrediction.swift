extension RandomForest {
    /// The nodes rearranged for branch-free descent: a leaf becomes a node that leads to
    /// itself (threshold NaN, so the comparison is always false and `left + 1` is the leaf),
    /// so every sample can take the same number of steps without testing for leaves.
    struct Walk: Sendable, Equatable {
        /// Inner nodes as in ``RandomForest/nodes``; leaves `(0, NaN, self − 1)`.
        var nodes: [Node]
        /// The leaf index of each node (leaves only; −1 for inner nodes).
        var leafIndex: [Int32]
        /// Each tree's depth (the longest root-to-leaf path).
        var depths: [Int]

        /// Always equal: a walk is a function of the nodes, which the forest compares (and
        /// its NaN thresholds would make it unequal to itself).
        static func == (a: Walk, b: Walk) -> Bool { true }

        init(roots: [Int32], nodes source: [Node]) {
            nodes = source
            leafIndex = [Int32](repeating: -1, count: source.count)
            for (i, n) in source.enumerated() where n.isLeaf {
                nodes[i] = Node(feature: 0, threshold: .nan, left: Int32(i) - 1)
                leafIndex[i] = n.left
            }
            depths = roots.map { root in
                var deepest = 0
                var stack = [(Int(root), 0)]
                while let (i, d) = stack.popLast() {
                    deepest = max(deepest, d)
                    if !source[i].isLeaf {
                        stack.append((Int(source[i].left), d + 1))
                        stack.append((Int(source[i].left) + 1, d + 1))
                    }
                }
                return deepest
            }
        }
    }

    /// The most samples ``accumulate(_:count:into:)`` takes at once.
    static let blockSize = 64

    /// Adds every tree's leaf class fractions for `count` (≤ ``blockSize``) samples
    /// (row-major, `featureCount` values each, at `samples`) into `sums` (`count ×
    /// classCount`, row-major).
    ///
    /// Trees are the outer loop and samples the inner one, so one tree's nodes stay in
    /// cache while the block runs through it. All samples of the block descend one level
    /// per pass without branches (leaves lead to themselves), so their loads overlap; the
    /// passes stop when no sample moved or the tree's depth is reached. Divide by
    /// ``treeCount`` for probabilities.
    func accumulate(_ samples: UnsafePointer<Float>, count: Int, into sums: UnsafeMutablePointer<Float>) {
        precondition(count <= Self.blockSize, "accumulate: at most \(Self.blockSize) samples at once")
        let f = featureCount, k = classCount
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.blockSize) { positionBuffer in
            let at = positionBuffer.baseAddress!
            walk.nodes.withUnsafeBufferPointer { nodeBuffer in
            walk.leafIndex.withUnsafeBufferPointer { leafIndexBuffer in
            leafValues.withUnsafeBufferPointer { leafBuffer in
                let nodes = nodeBuffer.baseAddress!, leafIndex = leafIndexBuffer.baseAddress!, leaves = leafBuffer.baseAddress!
                for (t, root) in roots.enumerated() {
                    for s in 0..<count { at[s] = root }
                    var level = 0
                    let depth = walk.depths[t]
                    while level < depth {
                        var moved: Int32 = 0
                        var x = samples
                        for s in 0..<count {
                            let i = at[s]
                            let node = nodes[Int(i)]
                            let next = node.left &+ (x[Int(node.feature)] <= node.threshold ? 0 : 1)
                            moved |= next ^ i
                            at[s] = next
                            x += f
                        }
                        level &+= 1
                        if moved == 0 { break }
                    }
                    if k == 2 {
                        for s in 0..<count {
                            let leaf = leaves + Int(leafIndex[Int(at[s])]) &* 2
                            sums[2 &* s] += leaf[0]
                            sums[2 &* s &+ 1] += leaf[1]
                        }
                    } else {
                        for s in 0..<count {
                            let leaf = leaves + Int(leafIndex[Int(at[s])]) &* k, out = sums + s &* k
                            for j in 0..<k { out[j] += leaf[j] }
                        }
                    }
                }
            }}}
        }
    }

    /// Class probabilities of `samples` (row-major, `featureCount` values per sample): the
    /// mean over trees of the class fractions in the leaf each sample reaches, as
    /// scikit-learn's `predict_proba`.
    ///
    /// - Returns: `count × classCount` values, row-major; each row sums to 1 (within
    ///   rounding).
    ///
    /// ```swift
    /// let p = forest.probabilities(samples: x)   // p[i * forest.classCount + k]
    /// ```
    public func probabilities(samples: [Float]) -> [Float] {
        precondition(samples.count % featureCount == 0, "probabilities: \(samples.count) values is not a whole number of \(featureCount)-feature samples")
        let count = samples.count / featureCount
        var sums = [Float](repeating: 0, count: count * classCount)
        let scale = 1 / Float(treeCount)
        samples.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { out in
                parallelRows(count, costPerRow: treeCount * 16) { rows in
                    var start = rows.lowerBound
                    while start < rows.upperBound {
                        let n = min(Self.blockSize, rows.upperBound - start)
                        accumulate(x.baseAddress! + start * featureCount, count: n, into: out.baseAddress! + start * classCount)
                        start += n
                    }
                    for i in (rows.lowerBound * classCount)..<(rows.upperBound * classCount) { out[i] *= scale }
                }
            }
        }
        return sums
    }

    /// The most probable class of each sample (ties go to the lowest class index).
    ///
    /// ```swift
    /// let classes = forest.predict(samples: x)   // one class index per sample
    /// ```
    public func predict(samples: [Float]) -> [UInt8] {
        let p = probabilities(samples: samples)
        return (0..<(p.count / classCount)).map { i in Self.argmax(p, i * classCount, classCount) }
    }

    static func argmax(_ p: UnsafePointer<Float>, _ k: Int) -> UInt8 {
        var best = 0
        var value = p[0]
        for j in 1..<max(k, 1) where p[j] > value {
            best = j
            value = p[j]
        }
        return UInt8(truncatingIfNeeded: best)
    }

    static func argmax(_ p: [Float], _ start: Int, _ k: Int) -> UInt8 {
        p.withUnsafeBufferPointer { argmax($0.baseAddress! + start, k) }
    }
}
