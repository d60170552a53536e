import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Segmentation

/// Small settings so debug runs stay fast; release runs the full acceptance sizes.
enum ForestAcceptance {
    #if DEBUG
    static let size = 128
    static let bank = "default"
    static let trees = 20
    #else
    static let size = 256
    static let bank = "default"
    static let trees = 100
    #endif
}

/// A small model trained on ground truth of the shapes sample.
func smallShapesModel(seed: UInt64 = 1, size: Int = 48, trees: Int = 5,
                      bank: String = "gaussian,gradient@1,3.5") throws -> (PixelClassifier, Image<UInt8>, ClassMap) {
    let (picture, truth) = try Samples.shapes(width: size, height: size, count: min(3, size * size / 400), seed: 2)
    let model = try PixelClassifier.train([TrainingExample(image: AnyImage(picture), labels: .groundTruth(truth, fraction: 0.05))],
                                          bank: try FeatureBank.parse(bank), parameters: .init(trees: trees, seed: seed))
    return (model, picture, truth)
}

@Suite struct ForestClassifierTests {
    @Test func shapesWithOnePercentOfTruthReachesMeanIoU() throws {
        let s = ForestAcceptance.size
        let (picture, truth) = try Samples.shapes(width: s, height: s, count: max(1, min(9, s * s / 1600)), seed: 0)
        let model = try PixelClassifier.train([TrainingExample(image: AnyImage(picture), labels: .groundTruth(truth, fraction: 0.01))],
                                              bank: try FeatureBank.parse(ForestAcceptance.bank),
                                              parameters: .init(trees: ForestAcceptance.trees, seed: 1))
        #expect(model.trainingPixels >= s * s / 100 - 4 && model.trainingPixels <= s * s / 100 + 4)
        let predicted = try model.classify(AnyImage(picture))
        let metrics = try predicted.evaluate(truth: truth)
        #expect(metrics.meanIoU >= 0.9, "mean IoU \(metrics.meanIoU)\n\(metrics)")
        #expect(predicted.names == truth.names)
    }

    @Test func sameSeedGivesTheSameFileAndPredictionsOnOneAndTwoThreads() throws {
        let one = try ParallelRows.$taskLimit.withValue(1) { try smallShapesModel(seed: 9) }
        let two = try ParallelRows.$taskLimit.withValue(2) { try smallShapesModel(seed: 9) }
        let again = try smallShapesModel(seed: 9)
        #expect(ModelFile.encode(one.0, producer: "t") == ModelFile.encode(two.0, producer: "t"))
        #expect(ModelFile.encode(one.0, producer: "t") == ModelFile.encode(again.0, producer: "t"))
        let other = try smallShapesModel(seed: 10)
        #expect(ModelFile.encode(one.0, producer: "t") != ModelFile.encode(other.0, producer: "t"))
        let image = AnyImage(one.1)
        let p1 = try ParallelRows.$taskLimit.withValue(1) { try one.0.probabilities(image) }
        let p2 = try ParallelRows.$taskLimit.withValue(2) { try two.0.probabilities(image) }
        let p7 = try ParallelRows.$taskLimit.withValue(7) { try one.0.probabilities(image) }
        #expect(p1 == p2 && p1 == p7)
        let c1 = try ParallelRows.$taskLimit.withValue(1) { try one.0.classify(image) }
        let c2 = try ParallelRows.$taskLimit.withValue(2) { try one.0.classify(image) }
        #expect(c1 == c2)
    }

    @Test func probabilitiesSumToOneAndArgmaxIsTheClass() throws {
        let (model, picture, _) = try smallShapesModel()
        let p = try model.probabilities(AnyImage(picture))
        let c = try model.classify(AnyImage(picture))
        #expect(p.count == model.classes.count)
        for i in stride(from: 0, to: picture.pixelCount, by: 37) {
            let values = p.map { $0.pixels[i] }
            #expect(abs(values.reduce(0, +) - 1) < 1e-4)
            #expect(values.allSatisfy { (0...1).contains($0) })
            let best = values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }!
            #expect(Int(c.indices.pixels[i]) == best)
        }
    }

    @Test func importancesAreNamedSortedAndSumToOne() throws {
        let (model, _, _) = try smallShapesModel()
        let imp = model.importances
        #expect(imp.count == model.featureNames.count)
        #expect(abs(imp.map(\.value).reduce(0, +) - 1) < 1e-9)
        #expect(zip(imp, imp.dropFirst()).allSatisfy { $0.value >= $1.value })
        #expect(Set(imp.map(\.name)) == Set(model.featureNames))
        #expect(model.summary.contains("5 trees"))
    }

    @Test func progressReportsFeaturesTreesAndRowsAndCancelStops() throws {
        let (picture, truth) = try Samples.shapes(width: 32, height: 32, count: 2, seed: 2)
        let reports = Mutex<[PixelClassifier.Progress]>([])
        let model = try PixelClassifier.train([TrainingExample(image: AnyImage(picture), labels: .groundTruth(truth, fraction: 0.1))],
                                              bank: try FeatureBank.parse("gaussian@1"), parameters: .init(trees: 3, seed: 1),
                                              progress: { p in reports.withLock { $0.append(p) } })
        let training = reports.withLock { $0 }
        #expect(training.first == .features(image: 0, images: 1, estimatedBytes: try FeatureBank.parse("gaussian@1").estimatedBytes(width: 32, height: 32, channels: 3)))
        #expect(training.last == .training(done: 3, total: 3))
        reports.withLock { $0 = [] }
        _ = try model.classify(AnyImage(picture), progress: { p in reports.withLock { $0.append(p) } })
        #expect(reports.withLock { $0.last } == .predicting(done: 32, total: 32))
        expectError("classify") { try model.classify(AnyImage(picture), cancel: { true }) }
        expectError("train_pixels") {
            try PixelClassifier.train([TrainingExample(image: AnyImage(picture), labels: .groundTruth(truth, fraction: 0.1))],
                                      bank: try FeatureBank.parse("gaussian@1"), parameters: .init(trees: 3), cancel: { true })
        }
    }

    @Test func wrongChannelCountIsRefused() throws {
        let (model, picture, _) = try smallShapesModel()
        let gray = picture.grayscale()
        do {
            _ = try model.classify(AnyImage(gray))
            Issue.record("expected an error")
        } catch {
            #expect(error.operation == "classify")
            #expect(error.message.contains("trained on RGB images (3 channels) but this image is gray (1)"), "\(error.message)")
        }
        expectError("probabilities") { try model.probabilities(AnyImage(gray)) }
    }
}

@Suite struct ForestTrainingDataTests {
    @Test func coloursAreClassesSortedByColour() throws {
        // Green stroke first in raster order, red second: classes follow the colour order.
        var pixels = [UInt8](repeating: 0, count: 4 * 3 * 4)
        func set(_ i: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) { pixels.replaceSubrange((i * 4)..<(i * 4 + 4), with: [r, g, b, a]) }
        set(0, 0, 255, 0); set(1, 255, 0, 0); set(2, 255, 0, 0, 0); set(5, 0, 255, 0)
        let picture = Image(width: 4, height: 3, channels: 4, pixels: pixels)
        let (scribbles, colors) = try Scribbles.fromColors([picture])
        #expect(colors == [RGB8(0, 255, 0), RGB8(255, 0, 0)])
        #expect(scribbles[0].indices.pixels == [1, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
        #expect(scribbles[0].labelledCount == 3)
        expectError("scribbles") { try Scribbles.fromColors([Image<UInt8>(width: 2, height: 2)]) }
        let rainbow = Image(width: 300, height: 1, channels: 3, pixels: (0..<300).flatMap { [UInt8($0 % 256), UInt8($0 / 256) + 1, 0] })
        expectError("scribbles") { try Scribbles.fromColors([rainbow]) }
    }

    @Test func paletteGrayAndLabelScribbles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-scribbles-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let map = try ClassMap(indices: Image(width: 3, height: 1, pixels: [0, 2, 1]),
                               classes: [SemanticClass(name: "none", color: RGB8(0, 0, 0)), SemanticClass(name: "a", color: RGB8(9, 8, 7)),
                                         SemanticClass(name: "b", color: RGB8(1, 2, 3))])
        try map.writePNG(to: path)
        let decoded = try PNG.read(path: path, options: .init(keepPaletteIndices: true))
        let s = try Scribbles.decode(decoded, source: path)
        #expect(s.indices.pixels == [0, 2, 1])
        #expect(Array(s.colors.prefix(2)) == [RGB8(9, 8, 7), RGB8(1, 2, 3)])
        #expect(s.highestValue == 2)
        let labels = try Scribbles(labels: LabelMap(ids: Image(width: 2, height: 1, pixels: [0, 3])))
        #expect(labels.indices.pixels == [0, 3])
        expectError("scribbles") { try Scribbles(labels: LabelMap(ids: Image(width: 1, height: 1, pixels: [300]))) }
        expectError("scribbles") { try Scribbles(indices: Image<UInt8>(width: 1, height: 1, channels: 3)) }
    }

    @Test func scribblesTrainWithNamesAndColours() throws {
        let (picture, truth) = try Samples.shapes(width: 40, height: 40, count: 2, seed: 3)
        // Scribbles: every 7th pixel of the truth, drawn with value class + 1.
        let strokes = truth.indices.pixels.enumerated().map { i, c in i % 7 == 0 ? c + 1 : 0 }
        let scribbles = try Scribbles(indices: Image(width: 40, height: 40, pixels: strokes), colors: [RGB8(1, 1, 1)])
        let present = Set(truth.indices.pixels).count
        let model = try PixelClassifier.train([TrainingExample(image: AnyImage(picture), labels: .scribbles(scribbles))],
                                              bank: try FeatureBank.parse("gaussian@1"), parameters: .init(trees: 3, seed: 1))
        #expect(model.classes.count == present)
        #expect(model.classes[0] == SemanticClass(name: "class 1", color: RGB8(1, 1, 1)))
        #expect(model.trainingPixels == strokes.filter { $0 != 0 }.count)
        // Two examples combine their pixels.
        let twice = try PixelClassifier.train([TrainingExample(image: AnyImage(picture), labels: .scribbles(scribbles)),
                                               TrainingExample(image: AnyImage(picture), labels: .groundTruth(truth, fraction: 0.1))],
                                              bank: try FeatureBank.parse("gaussian@1"), parameters: .init(trees: 3, seed: 1))
        #expect(twice.trainingPixels > model.trainingPixels)
        #expect(twice.classNames == truth.names)
    }

    @Test func groundTruthSamplingIsStratifiedAndSeeded() throws {
        let (picture, truth) = try Samples.shapes(width: 64, height: 64, count: 2, seed: 4)
        let example = TrainingExample(image: AnyImage(picture), labels: .groundTruth(truth, fraction: 0.02))
        let a = example.labelledPixels(seed: 1, position: 0), b = example.labelledPixels(seed: 1, position: 0)
        let c = example.labelledPixels(seed: 2, position: 0)
        #expect(a.pixels == b.pixels && a.pixels != c.pixels)
        var perClass = [Int](repeating: 0, count: truth.classes.count)
        for p in truth.indices.pixels { perClass[Int(p)] += 1 }
        for k in perClass.indices where perClass[k] > 0 {
            let taken = a.classes.filter { Int($0) == k }.count
            #expect(taken == max(1, Int((0.02 * Double(perClass[k])).rounded())))
        }
        for (p, k) in zip(a.pixels, a.classes) { #expect(truth.indices.pixels[p] == k) }
    }

    @Test func badTrainingInputsAreRefused() throws {
        let (picture, truth) = try Samples.shapes(width: 32, height: 32, count: 2, seed: 3)
        let bank = try FeatureBank.parse("gaussian@1")
        let image = AnyImage(picture)
        func train(_ examples: [TrainingExample], classes: [SemanticClass]? = nil) throws(PixelEngineError) -> PixelClassifier {
            try PixelClassifier.train(examples, classes: classes, bank: bank, parameters: .init(trees: 2))
        }
        expectError("train_pixels") { try train([]) }
        let none = try Scribbles(indices: Image<UInt8>(width: 32, height: 32))
        expectError("train_pixels") { try train([TrainingExample(image: image, labels: .scribbles(none))]) }
        let small = try Scribbles(indices: Image<UInt8>(width: 8, height: 8, repeating: 1))
        expectError("train_pixels") { try train([TrainingExample(image: image, labels: .scribbles(small))]) }
        expectError("train_pixels") { try train([TrainingExample(image: image, labels: .groundTruth(truth, fraction: 0))]) }
        expectError("train_pixels") { try train([TrainingExample(image: image, labels: .groundTruth(truth, fraction: 1.5))]) }
        let gray = AnyImage(picture.grayscale())
        expectError("train_pixels") {
            try train([TrainingExample(image: image, labels: .groundTruth(truth, fraction: 0.1)),
                       TrainingExample(image: gray, labels: .groundTruth(truth, fraction: 0.1))])
        }
        // Three names for scribbles using classes 1 and 3: class 2 has no pixels.
        var strokes = [UInt8](repeating: 0, count: 32 * 32)
        strokes[0] = 1
        strokes[5] = 3
        let gap = try Scribbles(indices: Image(width: 32, height: 32, pixels: strokes))
        do {
            _ = try train([TrainingExample(image: image, labels: .scribbles(gap))])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("'class 2' (2 in the scribbles) has no labelled pixels"), "\(error.message)")
        }
        expectError("train_pixels") {
            try train([TrainingExample(image: image, labels: .scribbles(gap))], classes: SemanticClass.defaults(count: 2))
        }
    }
}
