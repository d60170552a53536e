extension RandomForest {
    /// Adds every tree's leaf class fractions for `count` samples (row-major, `featureCount`
    /// values each, at `samples`) into `sums` (`count × classCount`, row-major).
    ///
    /// Trees are the outer loop and samples the inner one, so one tree's nodes stay in
    /// cache while a block of samples runs through it. Within a tree, four samples descend
    /// together so their memory loads overlap. Divide by ``treeCount`` for probabilities.
    func accumulate(_ samples: UnsafePointer<Float>, count: Int, into sums: UnsafeMutablePointer<Float>) {
        let f = featureCount, k = classCount
        nodes.withUnsafeBufferPointer { nodeBuffer in
            leafValues.withUnsafeBufferPointer { leafBuffer in
                let nodes = nodeBuffer.baseAddress!, leaves = leafBuffer.baseAddress!
                for root in roots {
                    let root = Int(root)
                    var s = 0
                    while s &+ 4 <= count {
                        let x0 = samples + s &* f, x1 = x0 + f, x2 = x1 + f, x3 = x2 + f
                        var a = root, b = root, c = root, d = root
                        // Each index stops at its leaf; the loop runs until all four have.
                        while true {
                            let na = nodes[a], nb = nodes[b], nc = nodes[c], nd = nodes[d]
                            var moving = false
                            if na.feature >= 0 { a = Int(na.left) &+ (x0[Int(na.feature)] <= na.threshold ? 0 : 1); moving = true }
                            if nb.feature >= 0 { b = Int(nb.left) &+ (x1[Int(nb.feature)] <= nb.threshold ? 0 : 1); moving = true }
                            if nc.feature >= 0 { c = Int(nc.left) &+ (x2[Int(nc.feature)] <= nc.threshold ? 0 : 1); moving = true }
                            if nd.feature >= 0 { d = Int(nd.left) &+ (x3[Int(nd.feature)] <= nd.threshold ? 0 : 1); moving = true }
                            if !moving { break }
                        }
                        let out = sums + s &* k
                        let la = leaves + Int(nodes[a].left) &* k, lb = leaves + Int(nodes[b].left) &* k
                        let lc = leaves + Int(nodes[c].left) &* k, ld = leaves + Int(nodes[d].left) &* k
                        for j in 0..<k {
                            out[j] += la[j]
                            out[k &+ j] += lb[j]
                            out[2 &* k &+ j] += lc[j]
                            out[3 &* k &+ j] += ld[j]
                        }
                        s &+= 4
                    }
                    while s < count {
                        let x = samples + s &* f
                        var i = root
                        while true {
                            let node = nodes[i]
                            if node.feature < 0 { break }
                            i = Int(node.left) &+ (x[Int(node.feature)] <= node.threshold ? 0 : 1)
                        }
                        let out = sums + s &* k, leaf = leaves + Int(nodes[i].left) &* k
                        for j in 0..<k { out[j] += leaf[j] }
                        s &+= 1
                    }
                }
            }
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
                    guard !rows.isEmpty else { return }
                    accumulate(x.baseAddress! + rows.lowerBound * featureCount, count: rows.count,
                               into: out.baseAddress! + rows.lowerBound * classCount)
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
