import PixelEngine
import Testing
import TestSupport

@Suite struct ColorIntensityTests {
    @Test func rescaleIntensityMatchesSkimage() throws {
        let r8 = try colorFixture("rescale_u8", UInt8.self)
        expectClose(try r8.rescaleIntensity(), try colorFixture("rescale_u8_default", UInt8.self))
        expectClose(try r8.rescaleIntensity(inRange: 50...200), try colorFixture("rescale_u8_in_50_200", UInt8.self))
        expectClose(try r8.rescaleIntensity(inRange: 0...255, outRange: 0...1, as: Float.self),
                    try colorFixture("rescale_u8_out_float", Float.self), tolerance: 1e-7)
        let r16 = try colorFixture("rescale_u16", UInt16.self)
        expectClose(try r16.rescaleIntensity(inRange: 100...4000), try colorFixture("rescale_u16_in_100_4000", UInt16.self))
        let rf = try colorFixture("rescale_f32", Float.self)
        expectClose(try rf.rescaleIntensity(), try colorFixture("rescale_f32_default", Float.self), tolerance: 1e-7)
        expectClose(try rf.rescaleIntensity(inRange: 0.2...0.8, outRange: 0...1),
                    try colorFixture("rescale_f32_in_out", Float.self), tolerance: 1e-7)
    }

    @Test func rescaleFloatToIntegerTruncates() throws {
        let f = Image<Float>(width: 5, height: 1, pixels: [-0.5, 0, 0.5, 0.999, 2])
        #expect(try f.rescaleIntensity(inRange: 0...1, outRange: 0...255, as: UInt8.self).pixels == [0, 0, 127, 254, 255])
        let big = randomImage(Float.self, width: 37, height: 23, channels: 2, seed: 17)
        let out = try expectScheduleIndependent { try big.rescaleIntensity(inRange: 0...1, outRange: 0...65535, as: UInt16.self) }
        // scikit-image: float32 arithmetic, then astype truncates.
        #expect(out.pixels == big.pixels.map { v -> UInt16 in
            let r: Float = (v - 0) / 1 * 65535 + 0
            return UInt16(r.rounded(.down))
        })
    }

    @Test func rescaleTruncatesLikeSkimage() throws {
        // skimage's docstring example: [51, 102, 153] → [0, 127, 255].
        let img = Image<UInt8>(width: 3, height: 1, pixels: [51, 102, 153])
        #expect(try img.rescaleIntensity().pixels == [0, 127, 255])
        let constant = Image<UInt8>(width: 2, height: 2, repeating: 130)
        #expect(try constant.rescaleIntensity(outRange: 0...127).pixels == [127, 127, 127, 127])
    }

    @Test func rescaleErrors() {
        expectError("rescaleIntensity") { try Image<UInt8>(width: 0, height: 3).rescaleIntensity() }
        expectError("rescaleIntensity") { try Image<Float>(width: 2, height: 1, pixels: [.nan, .nan]).rescaleIntensity() }
        expectError("rescaleIntensity") {
            try Image<UInt8>(width: 2, height: 1).rescaleIntensity(outRange: 0...Double.infinity)
        }
    }

    @Test func normalizePercentileMatchesCSBDeep() throws {
        let p16 = try colorFixture("pct_u16", UInt16.self)
        expectClose(try p16.normalizePercentile(low: 1, high: 99.8),
                    try colorFixture("normalize_u16_1_99.8", Float.self), tolerance: 1e-6)
        let p8 = try colorFixture("pct_u8", UInt8.self)
        expectClose(try p8.normalizePercentile(low: 3, high: 99, clip: true),
                    try colorFixture("normalize_u8_3_99_clip", Float.self), tolerance: 1e-6)
        let pf = try colorFixture("pct_f32", Float.self)
        expectClose(try pf.normalizePercentile(), try colorFixture("normalize_f32_1_99.8", Float.self), tolerance: 1e-5)
        expectError("normalizePercentile") { try pf.normalizePercentile(low: -1) }
        expectError("normalizePercentile") { try pf.normalizePercentile(high: 100.5) }
    }

    @Test func invertMatchesDefinition() {
        for (w, h) in oddShapes {
            for c in 1...4 {
                let u8 = randomImage(UInt8.self, width: w, height: h, channels: c, seed: 3)
                #expect(u8.inverted() == u8.map { 255 - $0 })
                let u16 = randomImage(UInt16.self, width: w, height: h, channels: c, seed: 4)
                #expect(u16.inverted() == u16.map { 65535 - $0 })
                let f = randomImage(Float.self, width: w, height: h, channels: c, seed: 5)
                #expect(f.inverted() == f.map { 1 - $0 })
            }
        }
        let big = randomImage(UInt8.self, width: 40, height: 30, channels: 3, seed: 9)
        _ = expectScheduleIndependent { big.inverted() }
    }

    @Test func adjustGammaMatchesSkimage() throws {
        let a8 = try colorFixture("conv_u8", UInt8.self)
        expectClose(try a8.adjustGamma(gamma: 0.5), try colorFixture("gamma_u8_0.5", UInt8.self))
        expectClose(try a8.adjustGamma(gamma: 2.2, gain: 0.8), try colorFixture("gamma_u8_2.2_gain0.8", UInt8.self))
        let a16 = try colorFixture("conv_u16", UInt16.self)
        expectClose(try a16.adjustGamma(gamma: 0.7), try colorFixture("gamma_u16_0.7", UInt16.self))
        let f = try colorFixture("gamma_f32", Float.self)
        expectClose(try f.adjustGamma(gamma: 2, gain: 1.5), try colorFixture("gamma_f32_2_gain1.5", Float.self), tolerance: 1e-6)
    }

    @Test func adjustGammaErrors() {
        let img = Image<UInt8>(width: 2, height: 2)
        expectError("adjustGamma") { try img.adjustGamma(gamma: -1) }
        expectError("adjustGamma") { try img.adjustGamma(gamma: .nan) }
        expectError("adjustGamma") { try img.adjustGamma(gamma: 1, gain: -2) }
        expectError("adjustGamma") { try Image<Float>(width: 1, height: 1, repeating: -0.5).adjustGamma(gamma: 2) }
    }
}
