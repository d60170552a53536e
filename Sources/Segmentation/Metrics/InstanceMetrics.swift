import Foundation

/// How well predicted objects match true ones: the numbers of StarDist, Cellpose, the 2018
/// Data Science Bowl and scikit-image, computed their way.
///
/// Per IoU threshold τ (``Row``), with the optimal matching of ``InstanceMatching``,
/// exactly StarDist's `stardist.matching.matching`:
/// - `tp` matched pairs with IoU ≥ τ, `fp = #pred − tp`, `fn = #true − tp`;
/// - precision `tp/(tp+fp)`, recall `tp/(tp+fn)`, accuracy (the "AP" of StarDist,
///   Cellpose and the DSB 2018) `tp/(tp+fp+fn)`, F1 `2tp/(2tp+fp+fn)`, each 0 when tp = 0;
/// - mean matched score `Σ IoU(tp)/tp`, mean true score `Σ IoU(tp)/#true`, panoptic
///   quality `Σ IoU(tp)/(tp + fp/2 + fn/2)` (= SQ × RQ), each 0 when its denominator is 0.
///
/// Over the whole maps:
/// - ``aggregatedJaccardIndex``: Cellpose's `aggregated_jaccard_index`: the intersections
///   of the pairs assigned at τ = 0.5 (all assigned pairs, also those below 0.5) over the
///   number of pixels in any object of either map;
/// - ``splits`` / ``merges`` by majority attribution: each predicted object is
///   attributed to the true id covering most of its pixels (background 0 included; ties
///   to the smaller id); a true object attributed ≥ 2 predicted objects counts as one
///   split. Symmetrically, a predicted object that ≥ 2 true objects are attributed to
///   counts as one merge;
/// - ``adaptedRandError`` (with its precision and recall): `skimage.metrics.adapted_rand_error`
///   (true background pixels ignored, predicted background is a segment);
/// - ``variationOfInformation``: `skimage.metrics.variation_of_information` (base-2
///   conditional entropies over all pixels, background included).
///
/// Empty maps (documented choices):
/// - no true and no predicted objects: every per-τ ratio and the AJI are **1** (a perfect,
///   if vacuous, prediction; the issue asks for F1 = 1 there; StarDist's own `matching()`
///   returns 0 because of its `tp > 0` guards); counts are 0;
/// - no true objects but some predicted, or the reverse: StarDist's values (all ratios 0),
///   AJI 0;
/// - the adapted Rand numbers are NaN when undefined (0/0), as in scikit-image: with no
///   true object pixels, or when every true object is a single pixel.
///
/// ```swift
/// let result = try pred.evaluate(truth: truth)
/// print(result)              // a table, one row per τ
/// result.meanAccuracy        // "AP" averaged over τ = 0.5…0.95
/// ```
public struct InstanceMetrics: Sendable, Equatable, CustomStringConvertible {
    /// The scores at one IoU threshold τ (StarDist's `Matching` record).
    public struct Row: Sendable, Equatable {
        public let threshold: Double
        public let truePositives: Int
        public let falsePositives: Int
        public let falseNegatives: Int
        public let precision: Double
        public let recall: Double
        /// TP / (TP + FP + FN), the "AP" of StarDist, Cellpose and the DSB 2018.
        public let accuracy: Double
        public let f1: Double
        /// Sum of the IoUs of the true positives over the number of true objects.
        public let meanTrueScore: Double
        /// Mean IoU of the true positives (the segmentation quality SQ).
        public let meanMatchedScore: Double
        /// SQ × RQ (Kirillov et al. 2019).
        public let panopticQuality: Double
    }

    /// The default thresholds τ = 0.50, 0.55, …, 0.95.
    public static let defaultThresholds: [Double] = (0..<10).map { Double(50 + 5 * $0) / 100 }

    /// Objects in the truth.
    public let trueCount: Int
    /// Objects in the prediction.
    public let predictedCount: Int
    /// One row per threshold, in the order asked.
    public let rows: [Row]
    /// Cellpose's aggregated Jaccard index.
    public let aggregatedJaccardIndex: Double
    /// True objects split into several predicted objects.
    public let splits: Int
    /// Predicted objects that merge several true objects.
    public let merges: Int
    /// `adapted_rand_error(truth, pred)[0]`.
    public let adaptedRandError: Double
    /// `adapted_rand_error(truth, pred)[1]`.
    public let adaptedRandPrecision: Double
    /// `adapted_rand_error(truth, pred)[2]`.
    public let adaptedRandRecall: Double
    /// `variation_of_information(truth, pred)`: (H(pred | truth), H(truth | pred)) in bits,
    /// the over-segmentation (false splits) and under-segmentation (false merges) parts.
    public let variationOfInformation: (splits: Double, merges: Double)

    /// The accuracy ("AP") averaged over the thresholds.
    public var meanAccuracy: Double { rows.isEmpty ? .nan : rows.map(\.accuracy).reduce(0, +) / Double(rows.count) }
    /// F1 averaged over the thresholds.
    public var meanF1: Double { rows.isEmpty ? .nan : rows.map(\.f1).reduce(0, +) / Double(rows.count) }
    /// The row at `threshold`, if it was computed.
    public func row(at threshold: Double) -> Row? { rows.first { $0.threshold == threshold } }

    public static func == (a: InstanceMetrics, b: InstanceMetrics) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return a.trueCount == b.trueCount && a.predictedCount == b.predictedCount && a.rows == b.rows
            && same(a.aggregatedJaccardIndex, b.aggregatedJaccardIndex) && a.splits == b.splits && a.merges == b.merges
            && same(a.adaptedRandError, b.adaptedRandError) && same(a.adaptedRandPrecision, b.adaptedRandPrecision)
            && same(a.adaptedRandRecall, b.adaptedRandRecall)
            && same(a.variationOfInformation.splits, b.variationOfInformation.splits)
            && same(a.variationOfInformation.merges, b.variationOfInformation.merges)
    }

    /// A table: one line per τ, then the whole-map numbers.
    ///
    /// ```
    ///     τ    TP   FP   FN  precision  recall  accuracy     F1  mean IoU     PQ
    ///  0.50    41    3    2      0.932   0.953     0.891  0.943     0.861  0.811
    /// ```
    public var description: String {
        func f(_ v: Double, _ width: Int, _ digits: Int = 3) -> String {
            let s = v.isNaN ? "nan" : String(format: "%.\(digits)f", v)
            return String(repeating: " ", count: max(0, width - s.count)) + s
        }
        func i(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: " ", count: max(0, width - s.count)) + s
        }
        let tw = max(4, String(max(trueCount, predictedCount)).count + 1)
        var lines = ["instance metrics: \(trueCount) true, \(predictedCount) predicted objects"]
        let header = ["   τ", String(repeating: " ", count: tw - 2) + "TP", String(repeating: " ", count: tw - 2) + "FP",
                      String(repeating: " ", count: tw - 2) + "FN", "precision", " recall", "accuracy", "    F1",
                      "mean IoU", "    PQ"]
        lines.append(header.joined(separator: " "))
        for r in rows {
            lines.append([f(r.threshold, 4, 2), i(r.truePositives, tw), i(r.falsePositives, tw), i(r.falseNegatives, tw),
                          f(r.precision, 9), f(r.recall, 7), f(r.accuracy, 8), f(r.f1, 6),
                          f(r.meanMatchedScore, 8), f(r.panopticQuality, 6)].joined(separator: " "))
        }
        lines.append([" mean", String(repeating: " ", count: 3 * tw + 2 + 17), f(meanAccuracy, 8), f(meanF1, 6)].joined(separator: " "))
        lines.append("aggregated Jaccard index  \(f(aggregatedJaccardIndex, 0))")
        lines.append("splits / merges           \(splits) / \(merges)")
        lines.append("adapted Rand error        \(f(adaptedRandError, 0))  (precision \(f(adaptedRandPrecision, 0)), recall \(f(adaptedRandRecall, 0)))")
        lines.append("variation of information  \(f(variationOfInformation.splits + variationOfInformation.merges, 0)) bits  (splits \(f(variationOfInformation.splits, 0)), merges \(f(variationOfInformation.merges, 0)))")
        return lines.joined(separator: "\n")
    }
}

extension LabelMap {
    /// Scores this prediction against the true objects; see ``InstanceMetrics``.
    ///
    /// - Parameters:
    ///   - truth: the true objects; same size.
    ///   - thresholds: the IoU thresholds τ, each in (0, 1]; default 0.50…0.95 step 0.05.
    /// - Returns: the metrics, one row per threshold in the order given.
    /// - Throws: ``PixelEngineError`` (`evaluate`) when sizes differ, a map is empty
    ///   (0 pixels), no threshold is given or a threshold is outside (0, 1].
    ///
    /// ```swift
    /// let result = try pred.evaluate(truth: truth)
    /// result.row(at: 0.5)?.f1
    /// ```
    public func evaluate(truth: LabelMap,
                         thresholds: [Double] = InstanceMetrics.defaultThresholds) throws(PixelEngineError) -> InstanceMetrics {
        try Validate.sameSize(ids, truth.ids, "evaluate")
        try Validate.nonEmpty(truth.ids, "evaluate")
        guard !thresholds.isEmpty else {
            throw PixelEngineError("evaluate", "no IoU thresholds given; pass at least one, e.g. [0.5]")
        }
        let overlap = try InstanceOverlap(predicted: self, truth: truth)
        return try InstanceMetrics(overlap: overlap, thresholds: thresholds)
    }
}

extension InstanceMetrics {
    /// The metrics from an overlap table (see ``LabelMap/evaluate(truth:thresholds:)``).
    ///
    /// - Throws: ``PixelEngineError`` (`evaluate`) when a threshold is outside (0, 1].
    public init(overlap: InstanceOverlap, thresholds: [Double] = InstanceMetrics.defaultThresholds) throws(PixelEngineError) {
        let nT = overlap.trueIDs.count, nP = overlap.predictedIDs.count
        trueCount = nT
        predictedCount = nP
        var rows: [Row] = []
        for tau in thresholds {
            let m = try overlap.matching(threshold: tau)
            rows.append(Self.row(m, nT: nT, nP: nP))
        }
        self.rows = rows

        // Cellpose's AJI: the τ = 0.5 assignment, all its pairs.
        let union = overlap.pixelCount - overlap.backgroundInBoth
        if nT == 0 && nP == 0 {
            aggregatedJaccardIndex = 1
        } else {
            let half = try overlap.matching(threshold: 0.5)
            let intersections = half.assigned.reduce(0) { $0 + $1.intersection }
            aggregatedJaccardIndex = Double(intersections) / Double(union)
        }

        (splits, merges) = Self.splitsAndMerges(overlap)
        (adaptedRandError, adaptedRandPrecision, adaptedRandRecall) = Self.adaptedRand(overlap)
        variationOfInformation = Self.variationOfInformation(overlap)
    }

    static func row(_ m: InstanceMatching, nT: Int, nP: Int) -> Row {
        if nT == 0 && nP == 0 {
            return Row(threshold: m.threshold, truePositives: 0, falsePositives: 0, falseNegatives: 0,
                       precision: 1, recall: 1, accuracy: 1, f1: 1,
                       meanTrueScore: 1, meanMatchedScore: 1, panopticQuality: 1)
        }
        let matched = m.truePositives
        let tp = matched.count, fp = nP - tp, fn = nT - tp
        let sum = matched.reduce(0.0) { $0 + $1.iou }
        let t = Double(tp), p = Double(fp), n = Double(fn)
        func safe(_ x: Double, _ y: Double) -> Double { y > 0 ? x / y : 0 }
        return Row(threshold: m.threshold, truePositives: tp, falsePositives: fp, falseNegatives: fn,
                   precision: tp > 0 ? t / (t + p) : 0,
                   recall: tp > 0 ? t / (t + n) : 0,
                   accuracy: tp > 0 ? t / (t + p + n) : 0,
                   f1: tp > 0 ? 2 * t / (2 * t + p + n) : 0,
                   meanTrueScore: safe(sum, Double(nT)),
                   meanMatchedScore: safe(sum, t),
                   panopticQuality: safe(sum, t + p / 2 + n / 2))
    }

    /// Majority attribution both ways (ties to the smaller id, background 0 included).
    static func splitsAndMerges(_ o: InstanceOverlap) -> (Int, Int) {
        let nT = o.trueIDs.count, nP = o.predictedIDs.count
        // Best true for each predicted object: start with background (index -1).
        var bestTrue = [Int](repeating: -1, count: nP), bestTrueCount = o.predictedOnBackground
        var bestPred = [Int](repeating: -1, count: nT), bestPredCount = o.trueOnBackground
        // Pairs are sorted by (true, pred): a strictly larger count replaces, so the
        // smallest index wins ties, as numpy's argmax over a bincount.
        for pair in o.pairs {
            if pair.intersection > bestTrueCount[pair.predictedIndex] {
                bestTrueCount[pair.predictedIndex] = pair.intersection
                bestTrue[pair.predictedIndex] = pair.trueIndex
            }
        }
        let byPred = o.pairs.sorted { $0.predictedIndex != $1.predictedIndex ? $0.predictedIndex < $1.predictedIndex : $0.trueIndex < $1.trueIndex }
        for pair in byPred where pair.intersection > bestPredCount[pair.trueIndex] {
            bestPredCount[pair.trueIndex] = pair.intersection
            bestPred[pair.trueIndex] = pair.predictedIndex
        }
        var predsPerTrue = [Int](repeating: 0, count: nT)
        for t in bestTrue where t >= 0 { predsPerTrue[t] += 1 }
        var truesPerPred = [Int](repeating: 0, count: nP)
        for p in bestPred where p >= 0 { truesPerPred[p] += 1 }
        return (predsPerTrue.filter { $0 >= 2 }.count, truesPerPred.filter { $0 >= 2 }.count)
    }

    /// scikit-image's adapted Rand error, precision and recall (true label 0 ignored).
    static func adaptedRand(_ o: InstanceOverlap) -> (Double, Double, Double) {
        // The contingency table restricted to true objects: rows = true, columns =
        // predicted ids and predicted background.
        var sumP2 = 0, total = 0
        var columnSums = [Int](repeating: 0, count: o.predictedIDs.count)
        var rowSums = o.trueOnBackground
        for n in o.trueOnBackground { sumP2 += n * n }
        for pair in o.pairs {
            sumP2 += pair.intersection * pair.intersection
            columnSums[pair.predictedIndex] += pair.intersection
            rowSums[pair.trueIndex] += pair.intersection
        }
        for a in rowSums { total += a }
        let backgroundColumn = o.trueOnBackground.reduce(0, +)
        let sumA2 = rowSums.reduce(0) { $0 + $1 * $1 } - total
        let sumB2 = columnSums.reduce(0) { $0 + $1 * $1 } + backgroundColumn * backgroundColumn - total
        let p = Double(sumP2 - total)
        let precision = p / Double(sumA2)
        let recall = p / Double(sumB2)
        let fscore = p / (0.5 * Double(sumA2) + 0.5 * Double(sumB2))
        return (1 - fscore, precision, recall)
    }

    /// scikit-image's variation of information: (H(pred | truth), H(truth | pred)), bits.
    static func variationOfInformation(_ o: InstanceOverlap) -> (splits: Double, merges: Double) {
        let total = Double(o.pixelCount)
        guard total > 0 else { return (0, 0) }
        // Cells of the full contingency table, background row and column included.
        var cells: [(t: Int, p: Int, n: Int)] = o.pairs.map { ($0.trueIndex + 1, $0.predictedIndex + 1, $0.intersection) }
        for (i, n) in o.trueOnBackground.enumerated() where n > 0 { cells.append((i + 1, 0, n)) }
        for (j, n) in o.predictedOnBackground.enumerated() where n > 0 { cells.append((0, j + 1, n)) }
        if o.backgroundInBoth > 0 { cells.append((0, 0, o.backgroundInBoth)) }
        var rowSum = [Int](repeating: 0, count: o.trueIDs.count + 1)
        var columnSum = [Int](repeating: 0, count: o.predictedIDs.count + 1)
        for c in cells {
            rowSum[c.t] += c.n
            columnSum[c.p] += c.n
        }
        var hPredGivenTrue = 0.0, hTrueGivenPred = 0.0
        for c in cells {
            let pxy = Double(c.n) / total
            let px = Double(rowSum[c.t]) / total, py = Double(columnSum[c.p]) / total
            hPredGivenTrue -= px * (pxy / px) * log2(pxy / px)
            hTrueGivenPred -= py * (pxy / py) * log2(pxy / py)
        }
        return (hPredGivenTrue, hTrueGivenPred)
    }
}
