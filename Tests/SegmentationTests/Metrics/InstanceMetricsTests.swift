import Foundation
import Segmentation
import Testing
import TestSupport

/// The thresholds of Scripts/fixtures/metrics.py.
private let fixtureThresholds: [Double] = [0.1, 0.3] + (0..<10).map { Double(50 + 5 * $0) / 100 }

private func labels(_ name: String) throws -> LabelMap {
    LabelMap(ids: try Fixtures.npy("metrics/\(name).npy").image(UInt32.self))
}

private func expectNear(_ actual: Double, _ expected: Double, _ what: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    if expected.isNaN {
        #expect(actual.isNaN, "\(what): got \(actual), expected nan", sourceLocation: sourceLocation)
    } else {
        #expect(abs(actual - expected) <= 1e-6, "\(what): got \(actual), expected \(expected)", sourceLocation: sourceLocation)
    }
}

@Suite("Metrics instance scores vs the StarDist/Cellpose/scikit-image reference")
struct MetricsInstanceTests {
    static let cases = ["perturbed", "shifted", "shifted_far", "split", "merged", "voronoi", "voronoi_holes",
                        "noise", "ties", "border", "empty_pred", "empty_truth", "both_empty", "identical"]

    @Test(arguments: cases)
    func matchesReference(_ name: String) throws {
        let truth = try labels("inst_\(name)_true"), pred = try labels("inst_\(name)_pred")
        let result = try pred.evaluate(truth: truth, thresholds: fixtureThresholds)
        let rows = try Fixtures.npy("metrics/inst_\(name)_rows.npy").doubles
        let whole = try Fixtures.npy("metrics/inst_\(name)_whole.npy").doubles
        #expect(result.rows.count == fixtureThresholds.count)
        for (k, row) in result.rows.enumerated() {
            let e = Array(rows[(k * 11)..<(k * 11 + 11)])
            let tag = "\(name) τ=\(row.threshold)"
            #expect(row.threshold == e[0])
            #expect(row.truePositives == Int(e[1]), "\(tag) tp")
            #expect(row.falsePositives == Int(e[2]), "\(tag) fp")
            #expect(row.falseNegatives == Int(e[3]), "\(tag) fn")
            expectNear(row.precision, e[4], "\(tag) precision")
            expectNear(row.recall, e[5], "\(tag) recall")
            expectNear(row.accuracy, e[6], "\(tag) accuracy")
            expectNear(row.f1, e[7], "\(tag) f1")
            expectNear(row.meanTrueScore, e[8], "\(tag) mean_true_score")
            expectNear(row.meanMatchedScore, e[9], "\(tag) mean_matched_score")
            expectNear(row.panopticQuality, e[10], "\(tag) panoptic_quality")
        }
        expectNear(result.aggregatedJaccardIndex, whole[0], "\(name) AJI")
        #expect(result.splits == Int(whole[1]), "\(name) splits")
        #expect(result.merges == Int(whole[2]), "\(name) merges")
        expectNear(result.adaptedRandError, whole[3], "\(name) adapted Rand error")
        expectNear(result.adaptedRandPrecision, whole[4], "\(name) adapted Rand precision")
        expectNear(result.adaptedRandRecall, whole[5], "\(name) adapted Rand recall")
        expectNear(result.variationOfInformation.splits, whole[6], "\(name) VI splits")
        expectNear(result.variationOfInformation.merges, whole[7], "\(name) VI merges")
        #expect(result.trueCount == Int(whole[8]))
        #expect(result.predictedCount == Int(whole[9]))
    }

    @Test func scheduleIndependent() throws {
        let truth = try labels("inst_voronoi_holes_true"), pred = try labels("inst_voronoi_holes_pred")
        _ = try expectScheduleIndependent { try pred.evaluate(truth: truth) }
        _ = try expectScheduleIndependent { try InstanceOverlap(predicted: pred, truth: truth) }
    }

    @Test func overlapTableMatchesNaiveCount() throws {
        var rng = SeededGenerator(seed: 5)
        for trial in 0..<6 {
            let w = [1, 7, 13, 20, 3, 33][trial], h = [1, 5, 1, 17, 9, 12][trial]
            let t = Image<UInt32>(width: w, height: h, pixels: (0..<(w * h)).map { _ in UInt32.random(in: 0...4, using: &rng) * 1000 })
            let p = Image<UInt32>(width: w, height: h, pixels: (0..<(w * h)).map { _ in UInt32.random(in: 0...3, using: &rng) })
            let o = try ParallelRows.$taskLimit.withValue(7) {
                try InstanceOverlap(predicted: LabelMap(ids: p), truth: LabelMap(ids: t))
            }
            // Naive: a dictionary over pixels.
            var counts: [UInt64: Int] = [:]
            for i in 0..<(w * h) { counts[UInt64(t.pixels[i]) << 32 | UInt64(p.pixels[i]), default: 0] += 1 }
            #expect(o.trueIDs == Set(t.pixels).subtracting([0]).sorted())
            #expect(o.predictedIDs == Set(p.pixels).subtracting([0]).sorted())
            for pair in o.pairs {
                let key = UInt64(o.trueIDs[pair.trueIndex]) << 32 | UInt64(o.predictedIDs[pair.predictedIndex])
                #expect(counts[key] == pair.intersection)
                let union = o.trueAreas[pair.trueIndex] + o.predictedAreas[pair.predictedIndex] - pair.intersection
                #expect(pair.iou == Double(pair.intersection) / Double(union))
            }
            #expect(o.pairs.count == counts.keys.filter { $0 >> 32 != 0 && $0 & 0xFFFF_FFFF != 0 }.count)
            #expect(o.backgroundInBoth == counts[0, default: 0])
            #expect(o.trueAreas.reduce(0, +) == t.pixels.filter { $0 != 0 }.count)
            #expect(o.predictedAreas.reduce(0, +) == p.pixels.filter { $0 != 0 }.count)
        }
    }

    /// Hungarian vs brute force: the matching's objective (count of IoU ≥ τ, then summed
    /// IoU) equals the best over all one-to-one assignments.
    @Test func matchingIsOptimal() throws {
        var rng = SeededGenerator(seed: 17)
        for trial in 0..<12 {
            let w = 9, h = 7
            let nt = UInt32(2 + trial % 4), np = UInt32(2 + (trial / 3) % 4)
            let t = Image<UInt32>(width: w, height: h, pixels: (0..<(w * h)).map { _ in UInt32.random(in: 0...nt, using: &rng) })
            let p = Image<UInt32>(width: w, height: h, pixels: (0..<(w * h)).map { _ in UInt32.random(in: 0...np, using: &rng) })
            let o = try InstanceOverlap(predicted: LabelMap(ids: p), truth: LabelMap(ids: t))
            for tau in [0.1, 0.2, 0.3] {
                let m = try o.matching(threshold: tau)
                let got = objective(m.assigned, tau)
                let best = bruteForce(o, tau)
                #expect(got.count == best.count, "trial \(trial) τ \(tau)")
                #expect(abs(got.sum - best.sum) < 1e-12, "trial \(trial) τ \(tau)")
                // One-to-one.
                #expect(Set(m.assigned.map(\.predictedIndex)).count == m.assigned.count)
                #expect(Set(m.assigned.map(\.trueIndex)).count == m.assigned.count)
            }
        }
    }

    private func objective(_ pairs: [InstanceOverlap.Pair], _ tau: Double) -> (count: Int, sum: Double) {
        (pairs.filter { $0.iou >= tau }.count, pairs.reduce(0) { $0 + $1.iou })
    }

    private func bruteForce(_ o: InstanceOverlap, _ tau: Double) -> (count: Int, sum: Double) {
        var iou = [[Double]](repeating: [Double](repeating: 0, count: o.predictedIDs.count), count: o.trueIDs.count)
        for pair in o.pairs { iou[pair.trueIndex][pair.predictedIndex] = pair.iou }
        var best = (count: 0, sum: 0.0)
        var used = [Bool](repeating: false, count: o.predictedIDs.count)
        func search(_ i: Int, _ count: Int, _ sum: Double) {
            if i == iou.count {
                if count > best.count || (count == best.count && sum > best.sum + 1e-15) { best = (count, sum) }
                return
            }
            search(i + 1, count, sum)
            for j in 0..<used.count where !used[j] && iou[i][j] > 0 {
                used[j] = true
                search(i + 1, count + (iou[i][j] >= tau ? 1 : 0), sum + iou[i][j])
                used[j] = false
            }
        }
        search(0, 0, 0)
        return best
    }

    @Test func emptyCasesAreDocumentedValues() throws {
        let empty = LabelMap(width: 4, height: 3)
        let both = try empty.evaluate(truth: empty)
        #expect(both.rows.allSatisfy { $0.f1 == 1 && $0.precision == 1 && $0.accuracy == 1 && $0.truePositives == 0 })
        #expect(both.aggregatedJaccardIndex == 1)
        #expect(both.adaptedRandError.isNaN)
        var some = Image<UInt32>(width: 4, height: 3)
        some[1, 1] = 5
        let one = LabelMap(ids: some)
        let missed = try empty.evaluate(truth: one)
        #expect(missed.rows.allSatisfy { $0.f1 == 0 && $0.falseNegatives == 1 && $0.falsePositives == 0 })
        let extra = try one.evaluate(truth: empty)
        #expect(extra.rows.allSatisfy { $0.f1 == 0 && $0.falsePositives == 1 })
        #expect(extra.aggregatedJaccardIndex == 0)
    }

    @Test func tableIsAligned() throws {
        let truth = try labels("inst_perturbed_true"), pred = try labels("inst_perturbed_pred")
        let text = try pred.evaluate(truth: truth).description
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2 + 10 + 1 + 4)
        let tableLines = lines[1..<12]
        #expect(Set(tableLines.map(\.count)).count == 1, "rows of equal width:\n\(text)")
        #expect(text.contains("aggregated Jaccard index"))
    }

    @Test func badInput() {
        let a = LabelMap(width: 4, height: 3), b = LabelMap(width: 3, height: 4)
        expectError("evaluate") { try a.evaluate(truth: b) }
        expectError("evaluate") { try a.evaluate(truth: a, thresholds: []) }
        expectError("evaluate") { try a.evaluate(truth: a, thresholds: [0]) }
        expectError("evaluate") { try a.evaluate(truth: a, thresholds: [1.5]) }
        expectError("evaluate") { try a.evaluate(truth: a, thresholds: [.nan]) }
        let zero = LabelMap(width: 0, height: 3)
        expectError("evaluate") { try zero.evaluate(truth: zero) }
        expectError("compare") { try a.compare(truth: b) }
        expectError("compare") { try a.compare(truth: a, threshold: 0) }
    }
}

@Suite("Metrics linear assignment vs scipy.optimize.linear_sum_assignment")
struct MetricsAssignmentTests {
    @Test(arguments: ["square5", "wide4x9", "tall7x4", "ties12", "one", "big30x25", "sparse20"])
    func optimalTotal(_ name: String) throws {
        let costs = try Fixtures.npy("metrics/lsa_\(name)_costs.npy")
        let total = try Fixtures.npy("metrics/lsa_\(name)_total.npy").doubles[0]
        let (r, c) = (costs.shape[0], costs.shape[1])
        let values = costs.doubles
        let pairs = try LinearAssignment.minimize(costs: values, rows: r, columns: c)
        #expect(pairs.count == min(r, c))
        #expect(Set(pairs.map(\.row)).count == pairs.count && Set(pairs.map(\.column)).count == pairs.count)
        let sum = pairs.reduce(0.0) { $0 + values[$1.row * c + $1.column] }
        #expect(abs(sum - total) < 1e-9, "\(name): \(sum) vs scipy \(total)")
    }

    @Test func maximizeAndExample() throws {
        let pairs = try LinearAssignment.minimize(costs: [4, 1, 3, 2, 0, 5, 3, 2, 2], rows: 3, columns: 3)
        #expect(pairs.map(\.column) == [1, 0, 2])
        let best = try LinearAssignment.minimize(costs: [1, 2, 3, 4], rows: 2, columns: 2, maximize: true)
        #expect(best.map(\.column) == [1, 0])
        #expect(try LinearAssignment.minimize(costs: [], rows: 0, columns: 5).isEmpty)
    }

    @Test func badInput() {
        expectError("linear assignment") { try LinearAssignment.minimize(costs: [1, 2, 3], rows: 2, columns: 2) }
        expectError("linear assignment") { try LinearAssignment.minimize(costs: [1, .infinity], rows: 1, columns: 2) }
        expectError("linear assignment") { try LinearAssignment.minimize(costs: [.nan], rows: 1, columns: 1) }
    }
}
