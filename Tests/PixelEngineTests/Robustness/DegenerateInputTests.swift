import Foundation
import PixelEngine
import Testing
import TestSupport

/// Every public operation on degenerate input either works or throws a `PixelEngineError`:
/// nothing may trap. A trap here ends the test run, which is the failure.
@Suite("Robustness: degenerate input never traps")
struct DegenerateInputTests {
    static let shapes: [(Int, Int, Int)] = [(0, 0, 1), (0, 5, 1), (5, 0, 3), (1, 1, 1), (1, 1, 4), (1, 9, 2), (9, 1, 3), (2, 2, 1)]

    /// Runs `body`, accepting success or a PixelEngineError with a message.
    private func survives<R>(_ what: String, _ body: () throws -> R) {
        do {
            _ = try body()
        } catch let error as PixelEngineError {
            #expect(!error.message.isEmpty, "\(what): empty message")
        } catch {
            Issue.record("\(what): unexpected error type \(error)")
        }
    }

    @Test("filters", arguments: 0..<shapes.count)
    func filters(shape: Int) {
        let (w, h, c) = Self.shapes[shape]
        let image = randomImage(UInt8.self, width: w, height: h, channels: c, seed: UInt64(shape))
        let float = image.converted(to: Float.self)
        for sigma in [-1.0, 0, .nan, .infinity, 1e-9, 0.5, 3, 2000] {
            survives("gaussian \(sigma)") { try image.gaussian(sigma: sigma) }
            survives("gaussianLaplace \(sigma)") { try float.gaussianLaplace(sigma: sigma) }
            survives("differenceOfGaussians \(sigma)") { try image.differenceOfGaussians(lowSigma: sigma) }
            survives("unsharpMask \(sigma)") { try image.unsharpMask(radius: sigma, amount: sigma) }
        }
        for size in [-3, 0, 1, 2, 15, 10_000] {
            survives("uniformFilter \(size)") { try image.uniformFilter(size: size) }
            survives("median \(size)") { try image.median(radius: size) }
        }
        for mode in [BorderMode.reflect, .mirror, .nearest, .wrap, .constant(.nan)] {
            survives("sobel \(mode)") { try image.sobel(mode: mode) }
            survives("scharr \(mode)") { try float.scharr(mode: mode) }
            survives("laplace \(mode)") { try image.laplace(mode: mode) }
            survives("gaussian \(mode)") { try image.gaussian(sigma: 1.5, mode: mode) }
        }
        survives("correlate empty kernel") { try image.correlate(Image<Float>(width: 0, height: 0)) }
        survives("correlate") { try image.correlate(Image<Float>(width: 3, height: 2, repeating: 0.1)) }
    }

    @Test("morphology", arguments: 0..<shapes.count)
    func morphology(shape: Int) throws {
        let (w, h, c) = Self.shapes[shape]
        let image = randomImage(UInt16.self, width: w, height: h, channels: c, seed: UInt64(shape))
        let mask = randomMask(width: w, height: h, seed: UInt64(shape))
        for radius in [-1, 0, 1, 40] {
            survives("disk \(radius)") { try Footprint.disk(radius: radius) }
            survives("diamond \(radius)") { try Footprint.diamond(radius: radius) }
            survives("cross \(radius)") { try Footprint.cross(radius: radius) }
        }
        let footprints = [Footprint.default, try Footprint.disk(radius: 5), try Footprint.rectangle(width: 4, height: 1)]
        for fp in footprints {
            survives("erode") { try image.erode(footprint: fp) }
            survives("dilate") { try image.dilate(footprint: fp) }
            survives("open") { try image.open(footprint: fp) }
            survives("close") { try image.close(footprint: fp) }
            survives("whiteTopHat") { try image.whiteTopHat(footprint: fp) }
            survives("blackTopHat") { try image.blackTopHat(footprint: fp) }
            survives("gradient") { try image.morphologicalGradient(footprint: fp) }
            survives("mask erode") { try mask.erode(footprint: fp) }
            survives("mask close") { try mask.close(footprint: fp) }
        }
        for connectivity in [0, 1, 2, 3] {
            survives("cc \(connectivity)") { try mask.connectedComponents(connectivity: connectivity) }
            survives("fillHoles \(connectivity)") { try mask.fillHoles(connectivity: connectivity) }
            survives("removeSmallObjects \(connectivity)") { try mask.removeSmallObjects(minSize: 2, connectivity: connectivity) }
            survives("removeSmallHoles \(connectivity)") { try mask.removeSmallHoles(areaThreshold: 2, connectivity: connectivity) }
        }
        for buffer in [-1, 0, 1, 100] {
            survives("clearBorder \(buffer)") { try mask.clearBorder(bufferSize: buffer) }
        }
        survives("skeletonize") { try mask.skeletonize() }
    }

    @Test("point, colour and histogram", arguments: 0..<shapes.count)
    func point(shape: Int) {
        let (w, h, c) = Self.shapes[shape]
        let image = randomImage(UInt8.self, width: w, height: h, channels: c, seed: UInt64(shape))
        let other = randomImage(UInt8.self, width: h, height: w, channels: c, seed: 99)
        survives("grayscale") { image.grayscale() }
        survives("hsv") { try image.rgbToHSV() }
        survives("lab") { try image.rgbToLab() }
        survives("labToRGB") { try image.converted(to: Float.self).labToRGB() }
        survives("add mismatched") { try image + other }
        survives("divide by zero") { try image / 0 }
        survives("nan scalar") { try image * .nan }
        survives("compare") { try image .> 3 }
        survives("compare mismatched") { try image .< other }
        for bins in [-1, 0, 1, 256, 70_000] {
            survives("histogram \(bins)") { try image.histogram(bins: bins) }
            survives("equalizeHist \(bins)") { try image.equalizeHist(nbins: bins) }
        }
        for q in [-5.0, 0, 50, 100, 101, .nan] {
            survives("percentile \(q)") { try image.percentile(q) }
        }
        survives("statistics") { try image.statistics() }
        survives("normalizePercentile") { try image.normalizePercentile(low: 99, high: 1) }
        survives("gamma") { try image.adjustGamma(gamma: -1) }
        survives("clahe") { try image.equalizeAdapthist() }
        survives("channel") { try image.channel(7) }
        survives("merge") { try Image<UInt8>.mergeChannels([]) }
    }

    @Test("geometry and drawing", arguments: 0..<shapes.count)
    func geometry(shape: Int) {
        let (w, h, c) = Self.shapes[shape]
        let image = randomImage(Float.self, width: w, height: h, channels: c, seed: UInt64(shape))
        let labels = LabelMap(ids: randomImage(UInt32.self, width: w, height: h, seed: 5).map { $0 % 7 })
        for (cx, cy, cw, ch) in [(0, 0, 0, 0), (-1, 0, 1, 1), (0, 0, Int.max, 1), (Int.max, Int.max, 1, 1)] {
            survives("crop \(cx),\(cy),\(cw),\(ch)") { try image.crop(x: cx, y: cy, width: cw, height: ch) }
        }
        for pad in [-1, 0, 3, Int.max / 2] {
            survives("pad \(pad)") { try image.pad(top: pad, bottom: 1, left: pad, right: 0, mode: .reflect) }
        }
        for (rw, rh) in [(0, 0), (-1, 4), (3, 5), (1 << 40, 2)] {
            for interpolation in [Interpolation.nearest, .bilinear, .area] {
                survives("resize \(rw)x\(rh) \(interpolation)") { try image.resize(width: rw, height: rh, interpolation: interpolation) }
            }
            survives("resize labels") { try labels.resize(width: rw, height: rh) }
        }
        for angle in [0.0, 30, -720, .nan, .infinity] {
            survives("rotate \(angle)") { try image.rotate(angle: angle, resize: true) }
            survives("rotate labels \(angle)") { try labels.rotate(angle: angle, resize: true) }
        }
        survives("rot90") { image.rotate90(-7) }
        survives("flip") { image.flip(.both) }
        survives("montage empty") { try montage([]) }
        survives("montage") { try montage([image, labels], columns: 0) }
        survives("overlay") { try image.overlay(labels, alpha: 2) }
        survives("boundaries") { try labels.boundaries(mode: .inner, connectivity: 3) }
        survives("markers") {
            try image.drawing([Marker.disk(x: -5, y: 1e12, radius: 1e9), .cross(x: Int.max, y: -1, size: Int.max, thickness: -2),
                               .line(x0: Int.min, y0: 0, x1: Int.max, y1: 3, thickness: 0)], color: RGB8(1, 2, 3))
        }
        survives("histogramPlot") { try image.histogramPlot(width: 0, height: 0, bins: 0, thresholds: [.nan]) }
    }
}
