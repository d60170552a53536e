import Synchronization

/// A pixel classifier trained from a few marked pixels, as ilastik's pixel classification:
/// a ``FeatureBank`` describes each pixel by smoothed intensities, edges and textures at
/// several scales, and a ``RandomForest`` learns the classes from those features.
///
/// ```swift
/// let (picture, truth) = try Samples.shapes(width: 128, height: 128)
/// let model = try PixelClassifier.train(
///     [TrainingExample(image: AnyImage(picture), labels: .groundTruth(truth, fraction: 0.01))],
///     parameters: .init(trees: 50, seed: 1))
/// let predicted = try model.classify(AnyImage(picture))      // a ClassMap
/// let p = try model.probabilities(AnyImage(picture))         // one Float plane per class
/// ```
public struct PixelClassifier: Sendable, Equatable {
    /// The features computed for each pixel.
    public let bank: FeatureBank
    /// The channel count of the images the classifier was trained on (and accepts).
    public let channels: Int
    /// The classes, in index order (names and display colours).
    public let classes: [SemanticClass]
    /// The trained forest; its ``RandomForest/featureCount`` is
    /// `bank.featureCount(channels: channels)`.
    public let forest: RandomForest

    /// A classifier from its parts.
    ///
    /// - Throws: ``PixelEngineError`` (`operation`) when the forest's feature count is not
    ///   the bank's for `channels`, or its class count differs from `classes.count`.
    public init(bank: FeatureBank, channels: Int, classes: [SemanticClass], forest: RandomForest,
                operation: String = "pixel classifier") throws(PixelEngineError) {
        guard (1...4).contains(channels) else {
            throw PixelEngineError(operation, "channels must be in 1...4, got \(channels)")
        }
        guard forest.featureCount == bank.featureCount(channels: channels) else {
            throw PixelEngineError(operation, "the forest reads \(forest.featureCount) features but the bank '\(bank)' gives \(bank.featureCount(channels: channels)) for \(channels) channel(s)")
        }
        guard forest.classCount == classes.count else {
            throw PixelEngineError(operation, "the forest has \(forest.classCount) classes but \(classes.count) class names were given")
        }
        self.bank = bank
        self.channels = channels
        self.classes = classes
        self.forest = forest
    }

    /// What a long computation is doing, for progress displays.
    public enum Progress: Sendable, Equatable {
        /// About to compute the features of image `image` (0-based) of `images`, holding
        /// about `estimatedBytes` at the peak (``FeatureBank/estimatedBytes(width:height:channels:)``).
        case features(image: Int, images: Int, estimatedBytes: Int)
        /// `done` of `total` trees are trained.
        case training(done: Int, total: Int)
        /// `done` of `total` rows are classified.
        case predicting(done: Int, total: Int)
    }

    /// The class names, in index order.
    public var classNames: [String] { classes.map(\.name) }

    /// The names of the features, parallel to the forest's feature indices.
    public var featureNames: [String] { bank.featureNames(channels: channels) }

    /// The number of labelled pixels the forest was trained on.
    public var trainingPixels: Int { forest.sampleCount }

    /// Each feature's importance (normalised mean decrease in impurity, summing to 1), most
    /// important first; ties keep the feature order.
    ///
    /// ```swift
    /// for (name, value) in model.importances.prefix(5) { print(name, value) }
    /// ```
    public var importances: [(name: String, value: Double)] {
        let names = featureNames
        return names.indices
            .sorted { forest.importances[$0] > forest.importances[$1] || (forest.importances[$0] == forest.importances[$1] && $0 < $1) }
            .map { (names[$0], forest.importances[$0]) }
    }

    /// A few lines for people: classes (with their colours), trees, features, training pixels.
    ///
    /// ```swift
    /// print(model.summary)
    /// ```
    public var summary: String {
        """
        pixel classifier: \(classes.count) classes: \(classes.map { "\($0.name) \(Self.hex($0.color))" }.joined(separator: ", "))
          \(forest.treeCount) trees, \(forest.featureCount) features (\(bank) on \(ImageLayout.channelName(channels)) input)
          trained on \(trainingPixels) labelled pixels
        """
    }

    /// `#rrggbb`: with colour scribbles, the colour each class was painted in.
    static func hex(_ c: RGB8) -> String {
        "#" + [c.r, c.g, c.b].map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    // MARK: Training

    /// Trains a classifier on one or more labelled images.
    ///
    /// For each image the bank's features are computed (the ``Progress/features(image:images:estimatedBytes:)``
    /// report comes first, with the memory estimate), the labelled pixels' feature vectors
    /// are collected, and one forest is trained on all of them.
    ///
    /// - Parameters:
    ///   - examples: the images and their labels; each image 1–4 channels, all with the
    ///     same channel count, each label set the size of its image.
    ///   - classes: the class names and colours; `nil` names them from the labels (a
    ///     ground-truth class map's names, else `class 1`, `class 2`, … after the scribble
    ///     values) with scribble colours where known. Its count is the class count. With
    ///     scribbles only, every class needs at least one labelled pixel; a class a ground
    ///     truth names but never shows is kept (its probability is always 0).
    ///   - bank: the features.
    ///   - parameters: the forest's settings; `parameters.seed` also drives ground-truth
    ///     sampling.
    ///   - progress: reports (from any thread, one at a time).
    ///   - cancel: polled regularly; true stops the training with a `cancelled` error.
    /// - Returns: the classifier; identical for identical inputs and seed on every thread count.
    /// - Throws: ``PixelEngineError`` (`train_pixels`) naming the image and the problem.
    public static func train(_ examples: [TrainingExample], classes: [SemanticClass]? = nil,
                             bank: FeatureBank = .default, parameters: RandomForest.Parameters = .init(),
                             progress: ((Progress) -> Void)? = nil,
                             cancel: (() -> Bool)? = nil) throws(PixelEngineError) -> PixelClassifier {
        let op = "train_pixels"
        try parameters.validate(op)
        guard let first = examples.first else { throw PixelEngineError(op, "no training images given") }
        let channels = first.image.channels
        for (i, e) in examples.enumerated() {
            let which = examples.count > 1 ? "image \(i + 1)" : "the image"
            guard e.image.width > 0 && e.image.height > 0 else { throw PixelEngineError(op, "\(which) is empty") }
            guard e.image.channels == channels else {
                throw PixelEngineError(op, "\(which) has \(ImageLayout.channelName(e.image.channels)) channels but image 1 has \(ImageLayout.channelName(channels)); convert them to the same layout (gray(x) or rgb)")
            }
            guard e.labels.width == e.image.width, e.labels.height == e.image.height else {
                throw PixelEngineError(op, "the labels of \(which) are \(e.labels.width)x\(e.labels.height) but the image is \(e.image.width)x\(e.image.height); they must be the same size")
            }
            if case .groundTruth(_, let fraction) = e.labels, !(fraction > 0 && fraction <= 1) {
                throw PixelEngineError(op, "fraction must be in (0, 1], got \(fraction)")
            }
        }

        // Classes: how many the labels use, then names and colours.
        var needed = 0
        var derived: [SemanticClass] = []
        for e in examples {
            switch e.labels {
            case .scribbles(let s):
                needed = max(needed, s.highestValue)
                for k in derived.count..<max(derived.count, s.highestValue) {
                    derived.append(SemanticClass(name: "class \(k + 1)",
                                                 color: k < s.colors.count ? s.colors[k] : SemanticClass.classPalette[(k + 1) % SemanticClass.classPalette.count]))
                }
            case .groundTruth(let map, _):
                needed = max(needed, map.classes.count)
                for k in 0..<map.classes.count {
                    if k < derived.count { derived[k] = map.classes[k] } else { derived.append(map.classes[k]) }
                }
            }
        }
        guard needed > 0 else { throw PixelEngineError(op, "no pixel is labelled: draw scribbles (value k + 1 for class k; 0 = unlabelled)") }
        let classList = classes ?? derived
        guard (1...255).contains(classList.count) else {
            throw PixelEngineError(op, "needs 1 to 255 classes, got \(classList.count)")
        }
        guard needed <= classList.count else {
            throw PixelEngineError(op, "the labels use \(needed) classes but only \(classList.count) class names were given; give \(needed) names")
        }

        // Feature vectors of the labelled pixels.
        let featureCount = bank.featureCount(channels: channels)
        var samples: [Float] = []
        var labels: [UInt8] = []
        for (i, e) in examples.enumerated() {
            progress?(.features(image: i, images: examples.count,
                                estimatedBytes: bank.estimatedBytes(width: e.image.width, height: e.image.height, channels: channels)))
            let (pixels, classes) = e.labelledPixels(seed: parameters.seed, position: i)
            guard !pixels.isEmpty else { continue }
            let stack = try features(of: e.image, bank: bank, cancel: cancel, op)
            let base = samples.count
            samples += [Float](repeating: 0, count: pixels.count * featureCount)
            samples.withUnsafeMutableBufferPointer { out in
                for (f, plane) in stack.planes.enumerated() {
                    plane.withUnsafeSamples { p in
                        for (j, pixel) in pixels.enumerated() { out[base &+ j &* featureCount &+ f] = p[pixel] }
                    }
                }
            }
            labels += classes
        }
        var counts = [Int](repeating: 0, count: classList.count)
        for l in labels { counts[Int(l)] += 1 }
        // A class a ground truth names may be absent from its image; a scribble class
        // without a stroke is a mistake (a name too many, or a skipped value).
        let scribblesOnly = examples.allSatisfy { if case .scribbles = $0.labels { true } else { false } }
        if scribblesOnly, let missing = counts.firstIndex(of: 0) {
            throw PixelEngineError(op, "class '\(classList[missing].name)' (\(missing + 1) in the scribbles) has no labelled pixels; label some or leave its name out")
        }
        let forest: RandomForest
        do {
            forest = try RandomForest.train(samples: samples, labels: labels, featureCount: featureCount,
                                            classCount: classList.count, parameters: parameters,
                                            progress: progress.map { report in { done, total in report(.training(done: done, total: total)) } },
                                            cancel: cancel)
        } catch {
            throw PixelEngineError(op, error.message)
        }
        return try PixelClassifier(bank: bank, channels: channels, classes: classList, forest: forest, operation: op)
    }

    static func features(of image: AnyImage, bank: FeatureBank, cancel: (() -> Bool)?,
                         _ op: String) throws(PixelEngineError) -> FeatureStack {
        do {
            switch image {
            case .uint8(let i): return try bank.compute(i, cancel: cancel)
            case .uint16(let i): return try bank.compute(i, cancel: cancel)
            case .float32(let i): return try bank.compute(i, cancel: cancel)
            }
        } catch {
            throw PixelEngineError(op, error.message)
        }
    }

    // MARK: Prediction

    /// Checks that `image` has the layout the classifier was trained on.
    func validate(_ image: AnyImage, _ op: String) throws(PixelEngineError) {
        guard image.width > 0 && image.height > 0 else { throw PixelEngineError(op, "the image is empty") }
        guard image.channels == channels else {
            throw PixelEngineError(op, "the model was trained on \(ImageLayout.channelName(channels)) images (\(channels) channel\(channels == 1 ? "" : "s")) but this image is \(ImageLayout.channelName(image.channels)) (\(image.channels)); convert it (gray(x) for 1 channel) or train a model on such images")
        }
    }

    /// The most probable class of every pixel of `image`.
    ///
    /// - Parameters:
    ///   - image: the layout (channel count) the classifier was trained on; any size.
    ///   - progress: ``Progress/features(image:images:estimatedBytes:)`` first, then
    ///     ``Progress/predicting(done:total:)`` by rows.
    ///   - cancel: polled between features and rows.
    /// - Returns: a class map of the image's size with ``classes``; ties go to the lower
    ///   class index. The same on every thread count.
    /// - Throws: ``PixelEngineError`` (`classify`) for another channel count, an empty
    ///   image, or cancellation.
    ///
    /// ```swift
    /// let map = try model.classify(AnyImage(picture))
    /// ```
    public func classify(_ image: AnyImage, progress: ((Progress) -> Void)? = nil,
                         cancel: (() -> Bool)? = nil) throws(PixelEngineError) -> ClassMap {
        let op = "classify"
        try validate(image, op)
        progress?(.features(image: 0, images: 1, estimatedBytes: bank.estimatedBytes(width: image.width, height: image.height, channels: channels)))
        return try classify(features: try Self.features(of: image, bank: bank, cancel: cancel, op), progress: progress, cancel: cancel)
    }

    /// The most probable class of every pixel, from features already computed with
    /// ``bank`` (to classify and get probabilities without computing features twice).
    ///
    /// - Throws: ``PixelEngineError`` (`classify`) when the stack's feature names are not
    ///   ``featureNames``, or on cancellation.
    ///
    /// ```swift
    /// let stack = try model.bank.compute(picture)
    /// let map = try model.classify(features: stack)
    /// ```
    public func classify(features stack: FeatureStack, progress: ((Progress) -> Void)? = nil,
                         cancel: (() -> Bool)? = nil) throws(PixelEngineError) -> ClassMap {
        let op = "classify"
        try validate(stack, op)
        var out = Image<UInt8>(width: stack.width, height: stack.height)
        let k = forest.classCount
        try out.withUnsafeMutableSamples { (o) throws(PixelEngineError) in
            try predict(stack, op, progress: progress, cancel: cancel) { sums, start, count in
                for i in 0..<count { o[start &+ i] = RandomForest.argmax(sums + i &* k, k) }
            }
        }
        return try ClassMap(indices: out, classes: classes)
    }

    /// The probability of every class at every pixel of `image`: the mean over trees of the
    /// leaf class fractions (as scikit-learn's `predict_proba`).
    ///
    /// - Returns: ``classes``.count single-channel `Float` images of the image's size, values
    ///   in [0, 1]; at each pixel they sum to 1 (within rounding). The same on every thread
    ///   count.
    /// - Throws: ``PixelEngineError`` (`probabilities`) as ``classify(_:progress:cancel:)``.
    ///
    /// ```swift
    /// let p = try model.probabilities(AnyImage(picture))
    /// let disks = try p[1].compare(.greater, 0.5)   // a mask
    /// ```
    public func probabilities(_ image: AnyImage, progress: ((Progress) -> Void)? = nil,
                              cancel: (() -> Bool)? = nil) throws(PixelEngineError) -> [Image<Float>] {
        let op = "probabilities"
        try validate(image, op)
        progress?(.features(image: 0, images: 1, estimatedBytes: bank.estimatedBytes(width: image.width, height: image.height, channels: channels)))
        return try probabilities(features: try Self.features(of: image, bank: bank, cancel: cancel, op), progress: progress, cancel: cancel)
    }

    /// Class probabilities from features already computed with ``bank``; see
    /// ``probabilities(_:progress:cancel:)``.
    ///
    /// - Throws: ``PixelEngineError`` (`probabilities`) when the stack's feature names are
    ///   not ``featureNames``, or on cancellation.
    ///
    /// ```swift
    /// let p = try model.probabilities(features: try model.bank.compute(picture))
    /// ```
    public func probabilities(features stack: FeatureStack, progress: ((Progress) -> Void)? = nil,
                              cancel: (() -> Bool)? = nil) throws(PixelEngineError) -> [Image<Float>] {
        let op = "probabilities"
        try validate(stack, op)
        let k = forest.classCount
        var planes = [[Float]](repeating: [Float](repeating: 0, count: stack.width * stack.height), count: k)
        let scale = 1 / Float(forest.treeCount)
        let failure = withMutablePlanePointers(&planes) { outs -> PixelEngineError? in
            do throws(PixelEngineError) {
                try predict(stack, op, progress: progress, cancel: cancel) { sums, start, count in
                    for c in 0..<k {
                        let o = outs[c] + start
                        for i in 0..<count { o[i] = sums[i &* k &+ c] * scale }
                    }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        return planes.map { Image(width: stack.width, height: stack.height, channels: 1, pixels: $0) }
    }

    func validate(_ stack: FeatureStack, _ op: String) throws(PixelEngineError) {
        guard stack.names == featureNames else {
            throw PixelEngineError(op, "the features are not the model's: got \(stack.featureCount) (\(stack.names.prefix(2).joined(separator: ", "))…), the model reads \(forest.featureCount) from the bank '\(bank)' on \(channels) channel(s)")
        }
    }

    /// Runs the forest over every pixel of `stack`, in parallel row bands; `emit` gets each
    /// block's class sums (`count × classCount`) and the block's first pixel index. Blocks
    /// are disjoint, so `emit` may write its pixels from any thread.
    func predict(_ stack: FeatureStack, _ op: String, progress: ((Progress) -> Void)?, cancel: (() -> Bool)?,
                 emit: (UnsafeMutablePointer<Float>, Int, Int) -> Void) throws(PixelEngineError) {
        let width = stack.width, height = stack.height
        let f = forest.featureCount, k = forest.classCount
        let block = RandomForest.blockSize
        let rowsDone = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        let report = Mutex<Int>(0)
        withPlanePointers(stack.planes) { planes in
            parallelRows(height, costPerRow: width * forest.treeCount * 16) { rows in
                var features = [Float](repeating: 0, count: block * f)
                var sums = [Float](repeating: 0, count: block * k)
                features.withUnsafeMutableBufferPointer { xb in
                    sums.withUnsafeMutableBufferPointer { sb in
                        let x = xb.baseAddress!, s = sb.baseAddress!
                        for y in rows {
                            if stopped.load(ordering: .relaxed) { return }
                            if let cancel, cancel() {
                                stopped.store(true, ordering: .relaxed)
                                return
                            }
                            var x0 = 0
                            while x0 < width {
                                let n = min(block, width &- x0)
                                let start = y &* width &+ x0
                                for j in 0..<f {
                                    let p = planes[j] + start
                                    var d = x + j
                                    for i in 0..<n {
                                        d.pointee = p[i]
                                        d += f
                                    }
                                }
                                s.update(repeating: 0, count: n &* k)
                                forest.accumulate(x, count: n, into: s)
                                emit(s, start, n)
                                x0 &+= n
                            }
                            let done = rowsDone.add(1, ordering: .relaxed).newValue
                            if let progress {
                                report.withLock { last in
                                    if done > last {
                                        last = done
                                        progress(.predicting(done: done, total: height))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if stopped.load(ordering: .relaxed) { throw PixelEngineError(op, "cancelled") }
    }
}

/// Calls `body` with a mutable base pointer of each array (kept alive for the call).
func withMutablePlanePointers<R>(_ arrays: inout [[Float]], _ body: ([UnsafeMutablePointer<Float>]) -> R) -> R {
    arrays.withUnsafeMutableBufferPointer { outer in
        var pointers: [UnsafeMutablePointer<Float>] = []
        func descend(_ i: Int) -> R {
            if i == outer.count { return body(pointers) }
            return outer[i].withUnsafeMutableBufferPointer { p in
                pointers.append(p.baseAddress!)
                return descend(i + 1)
            }
        }
        return descend(0)
    }
}
