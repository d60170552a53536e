import Segmentation
import Testing
import TestSupport

@Suite("Threshold local methods")
struct ThresholdLocalTests {
    /// Expects `got` within `relative` of the fixture (relative to the fixture's largest
    /// magnitude, so values near 0 do not blow up).
    func expectMatches(_ got: Image<Float>, _ fixture: String, relative: Double = 1e-4,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try Fixtures.npy("threshold/\(fixture).npy")
        #expect(expected.shape == [got.height, got.width], sourceLocation: sourceLocation)
        let values = expected.doubles
        let scale = values.map(abs).max() ?? 1
        var worst = 0.0
        for (g, e) in zip(got.pixels, values) { worst = max(worst, abs(Double(g) - e)) }
        #expect(worst <= relative * scale, "\(fixture): max difference \(worst) (scale \(scale))", sourceLocation: sourceLocation)
    }

    func run<S: PixelSample>(_ image: Image<S>, _ name: String, gaussianOffset: Double, sauvolaR: Double) throws {
        try expectMatches(image.thresholdLocal(blockSize: 15, method: .gaussian, offset: gaussianOffset), "local_\(name)_gaussian15")
        try expectMatches(image.thresholdLocal(blockSize: 15, method: .mean), "local_\(name)_mean15")
        try expectMatches(image.thresholdLocal(blockSize: 7, method: .mean, mode: .nearest), "local_\(name)_mean7_nearest")
        try expectMatches(image.thresholdNiblack(windowSize: 15, k: 0.2), "local_\(name)_niblack15")
        try expectMatches(image.thresholdSauvola(windowSize: 15, k: 0.2), "local_\(name)_sauvola15")
        try expectMatches(image.thresholdSauvola(windowSize: 25, k: 0.3, r: sauvolaR), "local_\(name)_sauvola25")
    }

    @Test("8-bit camera crop (64x64) matches scikit-image (reflect; niblack/sauvola mirror)")
    func camera() throws {
        try run(Fixtures.npy("threshold/local_camera_input.npy").image(UInt8.self), "camera", gaussianOffset: 3, sauvolaR: 100)
    }

    @Test("float crop (48x40) matches scikit-image")
    func float() throws {
        try run(Fixtures.npy("threshold/local_f32_input.npy").image(Float.self), "f32", gaussianOffset: 0.01, sauvolaR: 0.4)
    }

    @Test("5x3 image with windows larger than the image matches scikit-image")
    func tiny() throws {
        try run(Fixtures.npy("threshold/local_tiny_input.npy").image(UInt8.self), "tiny", gaussianOffset: 3, sauvolaR: 100)
    }

    /// The textbook definition, per pixel, with the border mode's index mapping.
    static func naiveMoments(_ image: Image<UInt8>, _ size: Int, _ mode: BorderMode) -> [(Double, Double)] {
        let r = size / 2
        var out: [(Double, Double)] = []
        for y in 0..<image.height {
            for x in 0..<image.width {
                var sum = 0.0, sq = 0.0
                for dy in -r...r {
                    for dx in -r...r {
                        let sy = mode.sourceIndex(y + dy, count: image.height)
                        let sx = mode.sourceIndex(x + dx, count: image.width)
                        var v = 0.0
                        if let sy, let sx { v = Double(image[sx, sy]) } else if case .constant(let c) = mode { v = Double(c) }
                        sum += v
                        sq += v * v
                    }
                }
                let area = Double(size * size)
                out.append((sum / area, sq / area))
            }
        }
        return out
    }

    @Test("parallel == serial == naive on random images", arguments: [(1, 1), (1, 9), (9, 1), (3, 5), (17, 23)])
    func property(size: (Int, Int)) throws {
        let (w, h) = size
        let image = randomImage(UInt8.self, width: w, height: h, seed: UInt64(w * 100 + h))
        for mode in [BorderMode.reflect, .mirror, .nearest, .wrap, .constant(7)] {
            let mean = try expectScheduleIndependent { try image.thresholdLocal(blockSize: 5, method: .mean, offset: 2, mode: mode) }
            let naive = Self.naiveMoments(image, 5, mode)
            for i in 0..<(w * h) { #expect(abs(Double(mean.pixels[i]) - (naive[i].0 - 2)) < 1e-3) }
            let mask = try expectScheduleIndependent { try image.thresholdLocalMask(blockSize: 5, method: .mean, offset: 2, mode: mode) }
            for i in 0..<(w * h) { #expect(mask.bits.pixels[i] == (Double(image.pixels[i]) > naive[i].0 - 2 ? 1 : 0)) }
        }
        let naive = Self.naiveMoments(image, 7, .mirror)
        let sauvola = try expectScheduleIndependent { try image.thresholdSauvola(windowSize: 7, k: 0.25) }
        let niblack = try expectScheduleIndependent { try image.thresholdNiblackMask(windowSize: 7, k: 0.5) }
        for i in 0..<(w * h) {
            let (m, g2) = naive[i]
            let s = max(0, g2 - m * m).squareRoot()
            #expect(abs(Double(sauvola.pixels[i]) - m * (1 + 0.25 * (s / 127.5 - 1))) < 1e-3)
            #expect(niblack.bits.pixels[i] == (Double(image.pixels[i]) > m - 0.5 * s ? 1 : 0))
        }
        let gaussian = try expectScheduleIndependent { try image.thresholdLocalMask(blockSize: 5) }
        #expect(gaussian.width == w && gaussian.height == h)
    }

    @Test("masks are image > threshold image")
    func masks() throws {
        let image = try Fixtures.npy("threshold/local_camera_input.npy").image(UInt8.self)
        let sauvola = try image.thresholdSauvola(windowSize: 25)
        let mask = try image.thresholdSauvolaMask(windowSize: 25)
        var differ = 0
        for i in 0..<image.pixelCount where (Float(image.pixels[i]) > sauvola.pixels[i]) != (mask.bits.pixels[i] == 1) { differ += 1 }
        #expect(differ == 0)
        let gaussian = try image.thresholdLocal(blockSize: 35, offset: 5)
        #expect(try image.mask(above: gaussian) == image.thresholdLocalMask(blockSize: 35, offset: 5))
    }

    @Test("bad input throws typed errors")
    func errors() {
        let image = Image<UInt8>(width: 8, height: 8)
        expectError("thresholdLocal") { try image.thresholdLocal(blockSize: 4) }
        expectError("thresholdLocal") { try image.thresholdLocal(blockSize: 1) }
        expectError("thresholdLocal") { try image.thresholdLocalMask(blockSize: 6, method: .mean) }
        expectError("thresholdLocal") { try image.thresholdLocal(blockSize: 3, offset: .nan) }
        expectError("thresholdLocal") { try Image<UInt8>(width: 0, height: 4).thresholdLocal(blockSize: 3) }
        expectError("thresholdLocal") { try Image<UInt8>(width: 4, height: 4, channels: 3).thresholdLocal(blockSize: 3) }
        expectError("thresholdNiblack") { try image.thresholdNiblack(windowSize: 2) }
        expectError("thresholdNiblack") { try image.thresholdNiblackMask(windowSize: 3, k: .infinity) }
        expectError("thresholdSauvola") { try image.thresholdSauvola(windowSize: 3, r: 0) }
        expectError("thresholdSauvola") { try image.thresholdSauvolaMask(windowSize: 0) }
        expectError("thresholdSauvola") { try Image<Float>(width: 1, height: 1, pixels: [.nan]).thresholdSauvola() }
        expectError("mask") { try image.mask(above: Image<Float>(width: 3, height: 8)) }
    }
}
