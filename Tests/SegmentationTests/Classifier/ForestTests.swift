import Synchronization
import Testing
import TestSupport
@testable import Segmentation

/// A seeded two-class problem: class 1 where x0 + 0.5·x1 > 1, plus noise features.
func forestProblem(count: Int, features: Int = 5, seed: UInt64, noise: Double = 0) -> (x: [Float], y: [UInt8]) {
    var rng = SeededGenerator(seed: seed)
    var x: [Float] = [], y: [UInt8] = []
    for _ in 0..<count {
        let row = (0..<features).map { _ in Float(Double.random(in: 0..<1, using: &rng)) }
        var label: UInt8 = row[0] + 0.5 * row[1] > 1 ? 1 : 0
        if Double.random(in: 0..<1, using: &rng) < noise { label = 1 - label }
        x += row
        y.append(label)
    }
    return (x, y)
}

@Suite struct ForestTrainingTests {
    @Test func separableDataIsLearned() throws {
        let (x, y) = forestProblem(count: 300, seed: 1)
        let forest = try RandomForest.train(samples: x, labels: y, featureCount: 5, parameters: .init(trees: 10, seed: 3))
        let (tx, ty) = forestProblem(count: 200, seed: 2)
        let predicted = forest.predict(samples: tx)
        let correct = zip(predicted, ty).filter { $0 == $1 }.count
        #expect(correct >= 180, "accuracy \(correct)/200")
        // Training data: trees are grown to purity, and each sample is in most bootstraps.
        let train = forest.predict(samples: x)
        #expect(zip(train, y).filter { $0 == $1 }.count >= 295)
    }

    @Test func probabilitiesAreMeanLeafFractions() throws {
        let (x, y) = forestProblem(count: 120, seed: 4, noise: 0.1)
        let forest = try RandomForest.train(samples: x, labels: y, featureCount: 5, parameters: .init(trees: 7, maxDepth: 3, seed: 5))
        let p = forest.probabilities(samples: x)
        #expect(p.count == 240)
        // Naive reference: walk every tree per sample.
        for i in stride(from: 0, to: 120, by: 7) {
            var sums = [Double](repeating: 0, count: 2)
            for root in forest.roots {
                var n = Int(root)
                while !forest.nodes[n].isLeaf {
                    let node = forest.nodes[n]
                    n = Int(node.left) + (x[i * 5 + Int(node.feature)] <= node.threshold ? 0 : 1)
                }
                for k in 0..<2 { sums[k] += Double(forest.leafValues[Int(forest.nodes[n].left) * 2 + k]) }
            }
            for k in 0..<2 { #expect(abs(Double(p[i * 2 + k]) - sums[k] / 7) < 1e-5) }
            #expect(abs(Double(p[i * 2] + p[i * 2 + 1]) - 1) < 1e-5)
        }
        #expect(forest.maxDepth <= 3)
    }

    @Test func sameForestForEveryTaskCount() throws {
        let (x, y) = forestProblem(count: 200, features: 6, seed: 6, noise: 0.2)
        let train = { try RandomForest.train(samples: x, labels: y, featureCount: 6, parameters: .init(trees: 9, seed: 11)) }
        let one = try ParallelRows.$taskLimit.withValue(1) { try train() }
        let two = try ParallelRows.$taskLimit.withValue(2) { try train() }
        let seven = try ParallelRows.$taskLimit.withValue(7) { try train() }
        #expect(one == two)
        #expect(one == seven)
        #expect(one == (try train()))
        let other = try RandomForest.train(samples: x, labels: y, featureCount: 6, parameters: .init(trees: 9, seed: 12))
        #expect(one != other)
        let p = expectScheduleIndependent { one.probabilities(samples: x) }
        #expect(p.count == 400)
    }

    @Test func importancesFavourTheInformativeFeatures() throws {
        let (x, y) = forestProblem(count: 400, features: 6, seed: 7)
        let forest = try RandomForest.train(samples: x, labels: y, featureCount: 6, parameters: .init(trees: 20, seed: 1))
        #expect(abs(forest.importances.reduce(0, +) - 1) < 1e-9)
        let order = forest.importances.indices.sorted { forest.importances[$0] > forest.importances[$1] }
        #expect(Array(order.prefix(2)).sorted() == [0, 1])
    }

    /// A stump trying every feature without bootstrap must find the split of least
    /// weighted Gini impurity (naive search over all features and thresholds).
    @Test(arguments: [21, 22, 23]) func stumpFindsTheBestGiniSplit(seed: UInt64) throws {
        let f = 4, n = 40
        var rng = SeededGenerator(seed: seed)
        let x = (0..<(n * f)).map { _ in Float(Int.random(in: 0..<10, using: &rng)) }
        let y = (0..<n).map { _ in UInt8.random(in: 0..<3, using: &rng) }
        let forest = try RandomForest.train(samples: x, labels: y, featureCount: f, classCount: 3,
                                            parameters: .init(trees: 1, maxDepth: 1, maxFeatures: .all, bootstrap: false, seed: seed))
        func weightedGini(_ feature: Int, _ t: Float) -> Double {
            var l = [0, 0, 0], r = [0, 0, 0]
            for i in 0..<n { if x[i * f + feature] <= t { l[Int(y[i])] += 1 } else { r[Int(y[i])] += 1 } }
            func g(_ c: [Int]) -> Double {
                let s = Double(c.reduce(0, +))
                return s == 0 ? 0 : s - c.reduce(0.0) { $0 + Double($1 * $1) } / s
            }
            return g(l) + g(r)
        }
        var best = Double.infinity
        for feature in 0..<f { for t in 0..<9 { best = min(best, weightedGini(feature, Float(t) + 0.5)) } }
        let root = forest.nodes[0]
        #expect(!root.isLeaf)
        #expect(abs(weightedGini(Int(root.feature), root.threshold) - best) < 1e-9)
        #expect(root.threshold == root.threshold.rounded(.down) + 0.5, "midpoint threshold")
    }

    @Test func minSamplesLeafAndPureNodes() throws {
        let (x, y) = forestProblem(count: 100, seed: 8, noise: 0.3)
        let forest = try RandomForest.train(samples: x, labels: y, featureCount: 5,
                                            parameters: .init(trees: 3, minSamplesLeaf: 10, bootstrap: false, seed: 2))
        // Without bootstrap every tree holds all 100 samples: no leaf may get fewer than 10.
        for root in forest.roots {
            var perLeaf: [Int: Int] = [:]
            for i in 0..<100 {
                var n = Int(root)
                while !forest.nodes[n].isLeaf {
                    let node = forest.nodes[n]
                    n = Int(node.left) + (x[i * 5 + Int(node.feature)] <= node.threshold ? 0 : 1)
                }
                perLeaf[n, default: 0] += 1
            }
            #expect(perLeaf.values.allSatisfy { $0 >= 10 })
            #expect(perLeaf.count > 1)
        }
        let constant = try RandomForest.train(samples: [Float](repeating: 1, count: 20), labels: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
                                              featureCount: 2, parameters: .init(trees: 2, seed: 1))
        #expect(constant.nodes.count == 2, "constant features cannot be split")
        #expect(constant.importances == [0, 0])
        let pure = try RandomForest.train(samples: [1, 2, 3], labels: [2, 2, 2], featureCount: 1, parameters: .init(trees: 1))
        #expect(pure.classCount == 3)
        #expect(pure.predict(samples: [5]) == [2])
    }

    @Test func nanAndInfinityAreHandled() throws {
        let x: [Float] = [0, .nan, 1, .infinity, -.infinity, 2, .nan, 3]
        let y: [UInt8] = [0, 1, 0, 1, 0, 0, 1, 0]
        let forest = try RandomForest.train(samples: x, labels: y, featureCount: 1, parameters: .init(trees: 5, bootstrap: false, seed: 1))
        #expect(forest.predict(samples: [.nan, 0, .infinity]) == [1, 0, 1])
    }

    @Test func progressCountsUpAndCancelStops() throws {
        let (x, y) = forestProblem(count: 50, seed: 9)
        let seen = Mutex<[Int]>([])
        _ = try ParallelRows.$taskLimit.withValue(3) {
            try RandomForest.train(samples: x, labels: y, featureCount: 5, parameters: .init(trees: 6, seed: 1),
                                   progress: { done, total in
                                       #expect(total == 6)
                                       seen.withLock { $0.append(done) }
                                   })
        }
        let counts = seen.withLock { $0 }
        #expect(counts == counts.sorted() && counts.last == 6 && Set(counts).count == counts.count)
        expectError("random forest") {
            try RandomForest.train(samples: x, labels: y, featureCount: 5, parameters: .init(trees: 6), cancel: { true })
        }
    }

    @Test func badInputsThrow() {
        expectError("random forest") { try RandomForest.train(samples: [], labels: [], featureCount: 1) }
        expectError("random forest") { try RandomForest.train(samples: [1, 2, 3], labels: [0, 1], featureCount: 1) }
        expectError("random forest") { try RandomForest.train(samples: [1, 2], labels: [0, 3], featureCount: 1, classCount: 2) }
        expectError("random forest") { try RandomForest.train(samples: [1, 2], labels: [0, 1], featureCount: 1, parameters: .init(trees: 0)) }
        expectError("random forest") { try RandomForest.train(samples: [1, 2], labels: [0, 1], featureCount: 1, parameters: .init(maxDepth: 0)) }
        expectError("random forest") { try RandomForest.train(samples: [1, 2], labels: [0, 1], featureCount: 1, parameters: .init(minSamplesLeaf: 0)) }
        expectError("random forest") { try RandomForest.train(samples: [1, 2], labels: [0, 1], featureCount: 1, parameters: .init(maxFeatures: .count(0))) }
        #expect(RandomForest.MaxFeatures.sqrt.resolved(featureCount: 49) == 7)
        #expect(RandomForest.MaxFeatures.log2.resolved(featureCount: 49) == 5)
        #expect(RandomForest.MaxFeatures.count(80).resolved(featureCount: 49) == 49)
    }

    @Test func checkedInitRejectsInconsistentArrays() throws {
        let (x, y) = forestProblem(count: 40, seed: 10)
        let f = try RandomForest.train(samples: x, labels: y, featureCount: 5, parameters: .init(trees: 2, seed: 1))
        let same = try RandomForest(featureCount: 5, classCount: 2, roots: f.roots, nodes: f.nodes, leafValues: f.leafValues,
                                    importances: f.importances, sampleCount: 40, parameters: f.parameters)
        #expect(same == f)
        var cyclic = f.nodes
        if let i = cyclic.firstIndex(where: { !$0.isLeaf }) { cyclic[i].left = Int32(i) }
        expectError("random forest") {
            try RandomForest(featureCount: 5, classCount: 2, roots: f.roots, nodes: cyclic, leafValues: f.leafValues,
                             importances: f.importances, sampleCount: 40, parameters: f.parameters)
        }
        expectError("random forest") {
            try RandomForest(featureCount: 1, classCount: 2, roots: f.roots, nodes: f.nodes, leafValues: f.leafValues,
                             importances: [1], sampleCount: 40, parameters: f.parameters)
        }
    }
}
