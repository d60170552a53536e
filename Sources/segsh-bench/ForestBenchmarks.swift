import Foundation
import PixelEngine
import Segmentation
import Synchronization

extension BenchRegistry {
    /// The pixel classifier (compare with scikit-learn's RandomForestClassifier(n_estimators=100,
    /// n_jobs=2); see Scripts/bench/cases_forest.py).
    ///
    /// - `forest_train_10k`: training 100 trees on 10 000 labelled pixels × 49 features (the
    ///   default bank on the gray input; features computed once, outside the timing).
    /// - `forest_classify_gray8`: features (default bank) plus prediction with 100 trees for
    ///   the whole gray input, with a model trained as above.
    static let forest: [BenchCase] = [
        BenchCase(name: "forest_train_10k") { inputs in
            let data = try ForestBenchData.shared.training(inputs.gray8)
            return try RandomForest.train(samples: data.x, labels: data.y, featureCount: data.features,
                                          parameters: .init(trees: 100, seed: 1))
        },
        BenchCase(name: "forest_classify_gray8") { inputs in
            try ForestBenchData.shared.model(inputs.gray8).classify(AnyImage(inputs.gray8))
        },
        // The two halves of forest_classify_gray8, to see where the time goes.
        BenchCase(name: "forest_features_gray8") { inputs in try FeatureBank.default.compute(inputs.gray8) },
        BenchCase(name: "forest_predict_gray8") { inputs in
            let model = try ForestBenchData.shared.model(inputs.gray8)
            let stack = try ForestBenchData.shared.stack(inputs.gray8)
            return try model.classify(features: stack)
        },
    ]
}

/// The training set of the forest cases, computed once per input size.
///
/// Labels (the same rule as cases_forest.py): the gray value 5 pixels right and 3 down
/// (clamped at the border) in three bands, `< 100`, `< 156`, the rest — close to, but not a
/// function of, any one feature, as real scribbles are. The 10 000 pixels are
/// `j · N / 10000` for `j` in `0..<10000` (raster indices, N = width · height).
final class ForestBenchData: Sendable {
    static let shared = ForestBenchData()

    struct Training: Sendable {
        let x: [Float]
        let y: [UInt8]
        let features: Int
    }

    private let trainings = Mutex<[Int: Training]>([:])
    private let models = Mutex<[Int: PixelClassifier]>([:])
    private let stacks = Mutex<[Int: FeatureStack]>([:])

    func stack(_ image: Image<UInt8>) throws -> FeatureStack {
        if let s = stacks.withLock({ $0[image.width] }) { return s }
        let s = try FeatureBank.default.compute(image)
        stacks.withLock { $0[image.width] = s }
        return s
    }

    static func label(_ image: Image<UInt8>, _ p: Int) -> UInt8 {
        let x = min(p % image.width + 5, image.width - 1), y = min(p / image.width + 3, image.height - 1)
        let v = image[x, y]
        return v < 100 ? 0 : (v < 156 ? 1 : 2)
    }

    static func pixels(_ image: Image<UInt8>) -> [Int] {
        let n = image.pixelCount
        return (0..<10_000).map { $0 * n / 10_000 }
    }

    func training(_ image: Image<UInt8>) throws -> Training {
        if let t = trainings.withLock({ $0[image.width] }) { return t }
        let stack = try stack(image)
        let pixels = Self.pixels(image)
        let f = stack.featureCount
        var x = [Float](repeating: 0, count: pixels.count * f)
        for (j, plane) in stack.planes.enumerated() {
            plane.withUnsafeSamples { p in
                for (i, pixel) in pixels.enumerated() { x[i * f + j] = p[pixel] }
            }
        }
        let t = Training(x: x, y: pixels.map { Self.label(image, $0) }, features: f)
        trainings.withLock { $0[image.width] = t }
        return t
    }

    func model(_ image: Image<UInt8>) throws -> PixelClassifier {
        if let m = models.withLock({ $0[image.width] }) { return m }
        let t = try training(image)
        let forest = try RandomForest.train(samples: t.x, labels: t.y, featureCount: t.features,
                                            parameters: .init(trees: 100, seed: 1))
        let model = try PixelClassifier(bank: .default, channels: 1, classes: SemanticClass.defaults(count: 3), forest: forest)
        models.withLock { $0[image.width] = model }
        return model
    }
}

/// `segsh-bench --forest-compare DIR`: the data of Scripts/compare-sklearn.
///
/// On the `shapes` sample (256×256 RGB, seed 0) with the default feature bank: the
/// training pixels are 1% of the ground truth (the classifier's stratified, seeded
/// sampling, seed 1), the held-out pixels every other pixel. Trains our forest (100
/// trees, seed 1) and writes `x_train.npy` (float32 n×f), `y_train.npy` (uint8),
/// `x_test.npy`, `y_test.npy` and `segsh.json` (our held-out accuracy and mean IoU of the
/// whole image, and the timings).
enum ForestCompare {
    static func run(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (picture, truth) = try Samples.shapes(width: 256, height: 256, count: 9, seed: 0)
        let image = AnyImage(picture)
        let example = TrainingExample(image: image, labels: .groundTruth(truth, fraction: 0.01))
        let (trainPixels, trainClasses) = example.labelledPixels(seed: 1)
        let stack = try FeatureBank.default.compute(picture)
        let f = stack.featureCount
        let isTrain = Set(trainPixels)
        let testPixels = (0..<picture.pixelCount).filter { !isTrain.contains($0) }
        func matrix(_ pixels: [Int]) -> [Float] {
            var x = [Float](repeating: 0, count: pixels.count * f)
            for (j, plane) in stack.planes.enumerated() {
                plane.withUnsafeSamples { p in
                    for (i, pixel) in pixels.enumerated() { x[i * f + j] = p[pixel] }
                }
            }
            return x
        }
        let xTrain = matrix(trainPixels), xTest = matrix(testPixels)
        let yTest = testPixels.map { truth.indices.pixels[$0] }
        let start = ContinuousClock.now
        let model = try PixelClassifier.train([example], bank: .default, parameters: .init(trees: 100, seed: 1))
        let trainTime = ContinuousClock.now - start
        // The classifier's own sampling picked the same pixels, in the same order.
        precondition(model.trainingPixels == trainPixels.count, "forest-compare: training sets differ")
        let predicted = model.forest.predict(samples: xTest)
        let accuracy = Double(zip(predicted, yTest).filter { $0 == $1 }.count) / Double(yTest.count)
        let predictStart = ContinuousClock.now
        let map = try model.classify(image)
        let classifyTime = ContinuousClock.now - predictStart
        let metrics = try map.evaluate(truth: truth)
        try NPY.write(xTrain, shape: [trainPixels.count, f], to: directory + "/x_train.npy")
        try NPY.write(trainClasses, shape: [trainClasses.count], to: directory + "/y_train.npy")
        try NPY.write(xTest, shape: [testPixels.count, f], to: directory + "/x_test.npy")
        try NPY.write(yTest, shape: [yTest.count], to: directory + "/y_test.npy")
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        let json = """
            {"accuracy": \(accuracy), "mean_iou": \(metrics.meanIoU), "train_pixels": \(trainPixels.count), \
            "test_pixels": \(testPixels.count), "features": \(f), "train_seconds": \(seconds(trainTime)), \
            "classify_seconds": \(seconds(classifyTime))}
            """
        try Data((json + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/segsh.json"))
        print(json)
        FileHandle.standardError.write(Data("\(metrics)\n".utf8))
    }
}

/// A minimal `.npy` (version 1.0) writer for little-endian float32 and uint8 arrays.
enum NPY {
    static func write(_ values: [Float], shape: [Int], to path: String) throws {
        try write(descr: "<f4", shape: shape, body: values.withUnsafeBytes { Data($0) }, to: path)
    }

    static func write(_ values: [UInt8], shape: [Int], to path: String) throws {
        try write(descr: "|u1", shape: shape, body: Data(values), to: path)
    }

    private static func write(descr: String, shape: [Int], body: Data, to path: String) throws {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dims)), }"
        // Magic (6) + version (2) + length (2) + header + newline, padded to 64 bytes.
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data.append(contentsOf: [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(body)
        try data.write(to: URL(fileURLWithPath: path))
    }
}
