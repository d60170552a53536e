import Foundation
import Segmentation
import Testing
import TestSupport

/// Every segmentation operation on degenerate input (empty, 1-pixel, all-equal, all-set,
/// no-object images; out-of-range parameters) works or throws a `PixelEngineError`:
/// nothing may trap. A trap ends the test run, which is the failure.
@Suite("Robustness: degenerate segmentation input never traps")
struct DegenerateSegmentationTests {
    static let shapes: [(Int, Int)] = [(0, 0), (0, 4), (1, 1), (1, 7), (7, 1), (3, 5)]
    static let fills: [UInt8?] = [nil, 0, 200]  // random, all 0, all equal

    private func survives<R>(_ what: String, _ body: () throws -> R) {
        do {
            _ = try body()
        } catch let error as PixelEngineError {
            #expect(!error.message.isEmpty, "\(what): empty message")
        } catch {
            Issue.record("\(what): unexpected error type \(error)")
        }
    }

    @Test("semantic", arguments: 0..<shapes.count, 0..<fills.count)
    func semantic(shape: Int, fill: Int) {
        let (w, h) = Self.shapes[shape]
        let image = Self.fills[fill].map { Image<UInt8>(width: w, height: h, repeating: $0) }
            ?? randomImage(UInt8.self, width: w, height: h, seed: UInt64(shape))
        let rgb = randomImage(UInt8.self, width: w, height: h, channels: 3, seed: 3)
        for method in ThresholdMethod.allCases {
            survives("threshold \(method)") { try image.threshold(method) }
            survives("thresholdMask \(method)") { try image.thresholdMask(method) }
            survives("threshold rgb \(method)") { try rgb.threshold(method) }
        }
        for classes in [-1, 0, 1, 2, 3, 300] {
            survives("multiOtsu \(classes)") { try image.multiOtsuClassMap(classes: classes) }
        }
        for window in [-2, 0, 1, 2, 3, 10_001] {
            survives("local \(window)") { try image.thresholdLocal(blockSize: window) }
            survives("niblack \(window)") { try image.thresholdNiblack(windowSize: window) }
            survives("sauvola \(window)") { try image.thresholdSauvolaMask(windowSize: window, r: 0) }
        }
        for k in [-1, 0, 1, 2, 3, 1000] {
            survives("kmeans \(k)") { try image.kmeans(k: k) }
            survives("kmeans rgb lab \(k)") { try rgb.kmeans(k: k, space: .lab) }
        }
        survives("digitize") { try image.digitize(thresholds: [.nan, 3, -1]) }
        survives("slic") { try rgb.slic(nSegments: 0) }
        survives("slic gray") { try image.slic(nSegments: 1000, compactness: -1) }
        survives("felzenszwalb") { try rgb.felzenszwalb(scale: 0, sigma: -1, minSize: -5) }
    }

    @Test("instance", arguments: 0..<shapes.count)
    func instance(shape: Int) {
        let (w, h) = Self.shapes[shape]
        for mask in [Mask(width: w, height: h), Mask(width: w, height: h, filled: true), randomMask(width: w, height: h, seed: 9)] {
            survives("edt") { try mask.distanceTransform() }
            survives("edt sampling") { try mask.featureTransform(sampling: (y: 0, x: -1)) }
            survives("declump") { try mask.declump() }
            survives("declump params") { try mask.declump(minDistance: -1, sigma: -1, h: -1, minSize: -1) }
            survives("fromMarkers") { try LabelMap.fromMarkers(mask, connectivity: 5) }
            let labels = (try? mask.connectedComponents().labels) ?? LabelMap(width: w, height: h)
            let landscape = randomImage(Float.self, width: w, height: h, seed: 4)
            survives("watershed") { try landscape.watershed(markers: labels, connectivity: 2, mask: mask, compactness: 1, watershedLine: true) }
            survives("watershed mismatched") { try landscape.watershed(markers: LabelMap(width: w + 1, height: h)) }
            survives("peaks") { try landscape.peakLocalMax(minDistance: -3, thresholdRel: 2) }
            survives("hMaxima") { try landscape.hMaxima(h: -1) }
            survives("regionalMaxima") { try landscape.regionalMaxima(connectivity: 0) }
            survives("reconstruction") { try landscape.reconstruction(mask: landscape) }
            survives("relabel") { try labels.relabelSequential(offset: 0) }
            survives("filterBySize") { try labels.filterBySize(minSize: -1, maxSize: -2) }
            survives("expand") { try labels.expandLabels(distance: -1) }
            survives("regionprops") { try labels.regionprops(intensity: landscape) }
            survives("regionprops mismatched") { try labels.regionprops(intensity: Image<Float>(width: w + 2, height: h)) }
            survives("evaluate") { try labels.evaluate(truth: LabelMap(width: w, height: h)) }
            survives("evaluate mismatched") { try labels.evaluate(truth: LabelMap(width: w, height: h + 1)) }
            survives("compare") { try labels.compare(truth: labels, threshold: .nan) }
            survives("mask evaluate") { try mask.evaluate(truth: Mask(width: w, height: h)) }
            survives("coco") { try COCO.decode(Data("{".utf8)) }
        }
    }

    @Test("samples with odd parameters")
    func samples() {
        for (w, h) in [(0, 0), (1, 1), (-5, 3), (4, 100_000_000)] {
            survives("cells \(w)x\(h)") { try Samples.cells(width: w, height: h, count: 3) }
            survives("shapes \(w)x\(h)") { try Samples.shapes(width: w, height: h) }
            survives("blobs \(w)x\(h)") { try Samples.blobs(width: w, height: h, volumeFraction: 2) }
        }
        survives("cells count") { try Samples.cells(width: 32, height: 32, count: -1) }
    }
}
