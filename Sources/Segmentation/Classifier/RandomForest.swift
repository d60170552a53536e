import Synchronization

/// A random forest of classification trees, as scikit-learn's `RandomForestClassifier`:
/// Gini splits, a random subset of features tried at each split, bootstrap samples.
///
/// Training is parallel over trees; tree `t` draws its bootstrap sample and its feature
/// subsets from its own generator, seeded from the forest's `seed` and `t`, so the forest
/// is bit-identical for every thread count and schedule. Probabilities are the mean over
/// trees of the class fractions in the leaf a sample reaches (as scikit-learn's
/// `predict_proba`); the predicted class is the most probable one, ties going to the
/// lowest index.
///
/// Storage is flat so that prediction stays in cache: all trees' nodes in one array
/// (feature `Int32`, threshold `Float`, left child `Int32`; the right child is always
/// `left + 1`), leaves' class fractions in another.
///
/// ```swift
/// // 4 samples × 2 features, row-major; classes 0 and 1.
/// let x: [Float] = [0, 0,  0, 1,  5, 5,  6, 5]
/// let forest = try RandomForest.train(samples: x, labels: [0, 0, 1, 1], featureCount: 2,
///                                     parameters: .init(trees: 10, seed: 1))
/// forest.predict(samples: [5.5, 5])   // [1]
/// ```
public struct RandomForest: Sendable, Equatable {
    /// One tree node. An inner node sends a sample left when
    /// `sample[feature] <= threshold` (NaN goes right), to `left`, otherwise to `left + 1`
    /// (indices into the forest's ``nodes``). A leaf has `feature == -1` and `left` is the
    /// leaf's index into ``leafValues`` (in units of ``classCount``).
    @frozen
    public struct Node: Sendable, Equatable {
        /// The feature tested, or -1 for a leaf.
        public var feature: Int32
        /// The split threshold (inner nodes; 0 for leaves).
        public var threshold: Float
        /// The left child (inner nodes) or the leaf index (leaves).
        public var left: Int32

        /// A node; see the type's documentation.
        @inlinable
        public init(feature: Int32, threshold: Float, left: Int32) {
            self.feature = feature
            self.threshold = threshold
            self.left = left
        }

        /// Whether this node is a leaf.
        @inlinable public var isLeaf: Bool { feature < 0 }
    }

    /// How many features each split tries.
    public enum MaxFeatures: Sendable, Hashable, CustomStringConvertible {
        /// ⌊√f⌋ (at least 1): scikit-learn's default for classification.
        case sqrt
        /// ⌊log₂ f⌋ (at least 1).
        case log2
        /// Every feature (bagged trees).
        case all
        /// A fixed count, clamped to 1...f.
        case count(Int)

        /// The number of features tried for `featureCount` features.
        ///
        /// ```swift
        /// RandomForest.MaxFeatures.sqrt.resolved(featureCount: 49)   // 7
        /// ```
        public func resolved(featureCount f: Int) -> Int {
            let n = switch self {
            case .sqrt: Int(Double(f).squareRoot())
            case .log2: f > 0 ? Int.bitWidth - 1 - f.leadingZeroBitCount : 0
            case .all: f
            case .count(let c): c
            }
            return max(1, min(f, n))
        }

        public var description: String {
            switch self {
            case .sqrt: "sqrt"
            case .log2: "log2"
            case .all: "all"
            case .count(let c): "\(c)"
            }
        }
    }

    /// The training settings of a forest.
    ///
    /// ```swift
    /// let p = RandomForest.Parameters(trees: 100, maxDepth: nil, minSamplesLeaf: 1, seed: 7)
    /// ```
    public struct Parameters: Sendable, Hashable {
        /// The number of trees (≥ 1).
        public var trees: Int
        /// The deepest a tree may grow (root at depth 0), or `nil` for no limit.
        public var maxDepth: Int?
        /// The fewest (bootstrap) samples a leaf may hold (≥ 1).
        public var minSamplesLeaf: Int
        /// The fewest samples a node needs to be split (≥ 2).
        public var minSamplesSplit: Int
        /// How many features each split tries.
        public var maxFeatures: MaxFeatures
        /// Whether each tree trains on a bootstrap sample (n draws with replacement) rather
        /// than on all samples.
        public var bootstrap: Bool
        /// The seed every random choice derives from.
        public var seed: UInt64

        /// Settings; the defaults are scikit-learn's (`n_estimators=100`, unlimited depth,
        /// `min_samples_leaf=1`, `min_samples_split=2`, `max_features="sqrt"`, bootstrap).
        public init(trees: Int = 100, maxDepth: Int? = nil, minSamplesLeaf: Int = 1, minSamplesSplit: Int = 2,
                    maxFeatures: MaxFeatures = .sqrt, bootstrap: Bool = true, seed: UInt64 = 0) {
            self.trees = trees
            self.maxDepth = maxDepth
            self.minSamplesLeaf = minSamplesLeaf
            self.minSamplesSplit = minSamplesSplit
            self.maxFeatures = maxFeatures
            self.bootstrap = bootstrap
            self.seed = seed
        }

        /// Checks every field; the error names the field, its value and the valid range.
        public func validate(_ operation: String = "random forest") throws(PixelEngineError) {
            guard (1...100_000).contains(trees) else {
                throw PixelEngineError(operation, "trees must be in 1...100000, got \(trees)")
            }
            if let maxDepth, maxDepth < 1 {
                throw PixelEngineError(operation, "max_depth must be >= 1 (or none for no limit), got \(maxDepth)")
            }
            guard minSamplesLeaf >= 1 else {
                throw PixelEngineError(operation, "min_samples_leaf must be >= 1, got \(minSamplesLeaf)")
            }
            guard minSamplesSplit >= 2 else {
                throw PixelEngineError(operation, "min_samples_split must be >= 2, got \(minSamplesSplit)")
            }
            if case .count(let c) = maxFeatures, c < 1 {
                throw PixelEngineError(operation, "max_features must be >= 1, got \(c)")
            }
        }
    }

    /// The number of features a sample has.
    public let featureCount: Int
    /// The number of classes; predictions are in `0..<classCount`.
    public let classCount: Int
    /// Where each tree starts in ``nodes`` (its root), one entry per tree.
    public let roots: [Int32]
    /// Every tree's nodes, tree after tree.
    public let nodes: [Node]
    /// Class fractions of every leaf, `classCount` values per leaf, each leaf summing to 1.
    public let leafValues: [Float]
    /// The normalised mean decrease in impurity of each feature (summing to 1, or all 0
    /// when no tree split at all).
    public let importances: [Double]
    /// The number of training samples.
    public let sampleCount: Int
    /// The settings the forest was trained with.
    public let parameters: Parameters
    /// The prediction layout (derived from ``nodes``; see ForestPrediction.swift).
    let walk: Walk

    /// The number of trees.
    public var treeCount: Int { roots.count }

    /// A forest from its arrays, checked for consistency (as read from a model file).
    ///
    /// - Throws: ``PixelEngineError`` (`operation`) naming the first inconsistency: a child
    ///   or leaf index out of range, a feature index ≥ `featureCount`, a non-finite or
    ///   negative leaf value, a cycle.
    public init(featureCount: Int, classCount: Int, roots: [Int32], nodes: [Node], leafValues: [Float],
                importances: [Double], sampleCount: Int, parameters: Parameters,
                operation: String = "random forest") throws(PixelEngineError) {
        guard featureCount >= 1, (1...256).contains(classCount) else {
            throw PixelEngineError(operation, "needs >= 1 feature and 1...256 classes, got \(featureCount) and \(classCount)")
        }
        guard !roots.isEmpty, leafValues.count % classCount == 0, importances.count == featureCount, sampleCount >= 0 else {
            throw PixelEngineError(operation, "inconsistent forest arrays")
        }
        try parameters.validate(operation)
        guard parameters.trees == roots.count else {
            throw PixelEngineError(operation, "\(roots.count) trees stored but the parameters say \(parameters.trees)")
        }
        let leaves = leafValues.count / classCount
        for (t, root) in roots.enumerated() {
            let end = t + 1 < roots.count ? Int(roots[t + 1]) : nodes.count
            guard root >= 0, Int(root) < end, end <= nodes.count else {
                throw PixelEngineError(operation, "tree \(t) has an invalid node range")
            }
            // Children must point forward within the tree: no cycles, traversal always ends.
            for i in Int(root)..<end {
                let n = nodes[i]
                if n.isLeaf {
                    guard n.feature == -1, n.left >= 0, Int(n.left) < leaves else {
                        throw PixelEngineError(operation, "tree \(t) node \(i - Int(root)) has an invalid leaf index")
                    }
                } else {
                    guard Int(n.feature) < featureCount, Int(n.left) > i, Int(n.left) + 1 < end, !n.threshold.isNaN else {
                        throw PixelEngineError(operation, "tree \(t) node \(i - Int(root)) has an invalid split")
                    }
                }
            }
        }
        guard leafValues.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw PixelEngineError(operation, "a leaf has an invalid class fraction")
        }
        self.init(unchecked: featureCount, classCount: classCount, roots: roots, nodes: nodes, leafValues: leafValues,
                  importances: importances, sampleCount: sampleCount, parameters: parameters)
    }

    init(unchecked featureCount: Int, classCount: Int, roots: [Int32], nodes: [Node], leafValues: [Float],
         importances: [Double], sampleCount: Int, parameters: Parameters) {
        self.featureCount = featureCount
        self.classCount = classCount
        self.roots = roots
        self.nodes = nodes
        self.leafValues = leafValues
        self.importances = importances
        self.sampleCount = sampleCount
        self.parameters = parameters
        self.walk = Walk(roots: roots, nodes: nodes)
    }

    /// The deepest leaf of any tree (a root-only tree has depth 0).
    public var maxDepth: Int { walk.depths.max() ?? 0 }
}

// MARK: - Training

extension RandomForest {
    /// Trains a forest on a row-major sample matrix.
    ///
    /// - Parameters:
    ///   - samples: `labels.count × featureCount` values, row-major (sample after sample).
    ///     NaN values are allowed; they never satisfy `<=` and so always go right.
    ///   - labels: the class of each sample, `< classCount`.
    ///   - featureCount: the number of features per sample (≥ 1).
    ///   - classCount: the number of classes; `nil` means `max(labels) + 1`. Classes without
    ///     samples are allowed (their probability is always 0).
    ///   - parameters: the settings (``Parameters``).
    ///   - progress: called with (trees done, trees) after each tree, from any thread, one
    ///     call at a time, with increasing counts.
    ///   - cancel: polled between trees and during large trees; when it returns true the
    ///     training stops and throws.
    /// - Returns: the forest; the same for the same inputs and seed on every thread count.
    /// - Throws: ``PixelEngineError`` (`random forest`) for no samples, mismatched sizes,
    ///   a label ≥ `classCount`, bad parameters, or cancellation.
    ///
    /// ```swift
    /// let forest = try RandomForest.train(samples: x, labels: y, featureCount: 49,
    ///                                     parameters: .init(trees: 100, seed: 1))
    /// ```
    public static func train(samples: [Float], labels: [UInt8], featureCount: Int, classCount: Int? = nil,
                             parameters: Parameters = Parameters(),
                             progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
                             cancel: (() -> Bool)? = nil) throws(PixelEngineError) -> RandomForest {
        let op = "random forest"
        try parameters.validate(op)
        let n = labels.count
        guard n > 0 else { throw PixelEngineError(op, "no training samples: label at least one pixel") }
        guard featureCount >= 1 else { throw PixelEngineError(op, "featureCount must be >= 1, got \(featureCount)") }
        guard samples.count == n * featureCount else {
            throw PixelEngineError(op, "the sample matrix has \(samples.count) values, expected \(n) samples × \(featureCount) features = \(n * featureCount)")
        }
        let highest = Int(labels.max() ?? 0)
        let classes = classCount ?? (highest + 1)
        guard (1...256).contains(classes) else { throw PixelEngineError(op, "classCount must be in 1...256, got \(classes)") }
        guard highest < classes else {
            throw PixelEngineError(op, "label \(highest) is not below the class count \(classes)")
        }
        guard n <= Int(Int32.max) / 2 else { throw PixelEngineError(op, "too many samples (\(n)); sample fewer pixels") }

        // Column-major copy: a split gathers one feature of the node's samples.
        var columns = [Float](repeating: 0, count: n * featureCount)
        samples.withUnsafeBufferPointer { src in
            columns.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    for f in 0..<featureCount { dst[f &* n &+ i] = src[i &* featureCount &+ f] }
                }
            }
        }

        let treeCount = parameters.trees
        var built = [TreeBuilder.Tree?](repeating: nil, count: treeCount)
        let done = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        let report = Mutex<Int>(0)
        let context = TreeBuilder.Context(columns: columns, labels: labels, sampleCount: n, featureCount: featureCount,
                                          classCount: classes, parameters: parameters)
        built.withUnsafeMutableBufferPointer { out in
            // Each tree is one unit of work; which task builds it does not change it.
            parallelRows(treeCount, costPerRow: Int.max / 2) { range in
                var builder = TreeBuilder(context)
                for t in range {
                    if stopped.load(ordering: .relaxed) { return }
                    if let cancel, cancel() {
                        stopped.store(true, ordering: .relaxed)
                        return
                    }
                    guard let tree = builder.build(tree: t, cancelled: { stopped.load(ordering: .relaxed) || (cancel?() ?? false) }) else {
                        stopped.store(true, ordering: .relaxed)
                        return
                    }
                    out[t] = tree
                    let finished = done.add(1, ordering: .relaxed).newValue
                    if let progress {
                        report.withLock { last in
                            if finished > last {
                                last = finished
                                progress(finished, treeCount)
                            }
                        }
                    }
                }
            }
        }
        if stopped.load(ordering: .relaxed) { throw PixelEngineError(op, "cancelled") }

        var roots: [Int32] = [], nodes: [Node] = [], leafValues: [Float] = []
        var importanceSum = [Double](repeating: 0, count: featureCount)
        for case let tree? in built {
            let base = Int32(nodes.count), leafBase = Int32(leafValues.count / classes)
            roots.append(base)
            nodes += tree.nodes.map { n in
                n.isLeaf ? Node(feature: -1, threshold: 0, left: n.left + leafBase)
                         : Node(feature: n.feature, threshold: n.threshold, left: n.left + base)
            }
            leafValues += tree.leafValues
            // As scikit-learn: each tree's importances normalised, trees that never split
            // left out, the mean normalised again.
            let total = tree.importances.reduce(0, +)
            if tree.nodes.count > 1, total > 0 {
                for f in 0..<featureCount { importanceSum[f] += tree.importances[f] / total }
            }
        }
        let sum = importanceSum.reduce(0, +)
        let importances = sum > 0 ? importanceSum.map { $0 / sum } : importanceSum
        return RandomForest(unchecked: featureCount, classCount: classes, roots: roots, nodes: nodes,
                            leafValues: leafValues, importances: importances, sampleCount: n, parameters: parameters)
    }
}
