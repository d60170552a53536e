/// The optimal one-to-one matching of true and predicted objects at one IoU threshold,
/// exactly as StarDist's `matching()`.
///
/// StarDist solves `linear_sum_assignment(-(iou >= τ) - iou / (2n))` with
/// `n = min(#true, #predicted)`: the matching first maximises the number of pairs with
/// IoU ≥ τ, then, among those, the sum of IoU over all assigned pairs. Pairs that do not
/// overlap add nothing, so the same optimum is found on the sparse overlap graph (every
/// object may also stay unmatched at cost 0), solved exactly by
/// ``LinearAssignment``'s shortest augmenting path method, never greedily.
///
/// ```swift
/// let overlap = try InstanceOverlap(predicted: pred, truth: truth)
/// let m = try overlap.matching(threshold: 0.5)
/// m.truePositives.count
/// ```
public struct InstanceMatching: Sendable, Equatable {
    /// The IoU threshold τ.
    public let threshold: Double
    /// Every assigned pair of overlapping objects, sorted by true index, including pairs
    /// below τ (the assignment's tie-breaking part; Cellpose's AJI sums them).
    public let assigned: [InstanceOverlap.Pair]
    /// For each true object, the index of the predicted object it matches with IoU ≥ τ,
    /// or -1 (a false negative).
    public let predictedForTrue: [Int]
    /// For each predicted object, the index of the true object it matches with IoU ≥ τ,
    /// or -1 (a false positive).
    public let trueForPredicted: [Int]

    /// The assigned pairs with IoU ≥ τ: the true positives.
    public var truePositives: [InstanceOverlap.Pair] { assigned.filter { $0.iou >= threshold } }
}

extension InstanceOverlap {
    /// The optimal matching at IoU threshold `threshold` (see ``InstanceMatching``).
    ///
    /// - Parameter threshold: τ, in (0, 1]. (StarDist also accepts 0, where every assigned
    ///   pair counts as a match even without overlap; that degenerate case is refused.)
    /// - Returns: the matching; with no objects on either side, an empty one.
    /// - Throws: ``PixelEngineError`` (`evaluate`) when τ is outside (0, 1].
    ///
    /// ```swift
    /// let m = try overlap.matching(threshold: 0.75)
    /// ```
    public func matching(threshold: Double) throws(PixelEngineError) -> InstanceMatching {
        guard threshold > 0 && threshold <= 1 else {
            throw PixelEngineError("evaluate", "IoU threshold must be in (0, 1], got \(threshold)")
        }
        let nT = trueIDs.count, nP = predictedIDs.count
        var predictedForTrue = [Int](repeating: -1, count: nT)
        var trueForPredicted = [Int](repeating: -1, count: nP)
        let n = min(nT, nP)
        guard n > 0, !pairs.isEmpty else {
            return InstanceMatching(threshold: threshold, assigned: [],
                                    predictedForTrue: predictedForTrue, trueForPredicted: trueForPredicted)
        }
        // Rows are true objects; pairs are already sorted by true index (CSR order).
        var start = [Int](repeating: 0, count: nT + 1)
        var target = [Int32](repeating: 0, count: pairs.count)
        var cost = [Double](repeating: 0, count: pairs.count)
        let scale = Double(2 * n)
        for (e, pair) in pairs.enumerated() {
            start[pair.trueIndex + 1] += 1
            target[e] = Int32(pair.predictedIndex)
            // The same float expression as StarDist: -(s >= τ) - s / (2n).
            cost[e] = -(pair.iou >= threshold ? 1.0 : 0.0) - pair.iou / scale
        }
        for i in 0..<nT { start[i + 1] += start[i] }
        var solver = ShortestAugmentingPath(rows: nT, columns: nP, start: start, target: target,
                                            cost: cost, unmatchedCost: 0)
        let column = solver.solve()
        var assigned: [InstanceOverlap.Pair] = []
        for i in 0..<nT where column[i] >= 0 {
            // The pair (i, column[i]) is an edge: look it up in row i's slice.
            let j = column[i]
            guard let pair = pairs[start[i]..<start[i + 1]].first(where: { $0.predictedIndex == j }) else { continue }
            assigned.append(pair)
            if pair.iou >= threshold {
                predictedForTrue[i] = j
                trueForPredicted[j] = i
            }
        }
        return InstanceMatching(threshold: threshold, assigned: assigned,
                                predictedForTrue: predictedForTrue, trueForPredicted: trueForPredicted)
    }
}
