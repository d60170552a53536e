import PixelEngine
import Testing
import TestSupport

@Suite struct ColorEqualizeTests {
    @Test func equalizeHistMatchesSkimage() throws {
        let e8 = try colorFixture("eq_u8", UInt8.self)
        expectClose(try e8.equalizeHist(), try colorFixture("eq_u8_out", Float.self), tolerance: 0)
        let e16 = try colorFixture("eq_u16", UInt16.self)
        expectClose(try e16.equalizeHist(), try colorFixture("eq_u16_out", Float.self), tolerance: 0)
        let ef = try colorFixture("eq_f32", Float.self)
        expectClose(try ef.equalizeHist(), try colorFixture("eq_f32_out", Float.self), tolerance: 1e-6)
        expectClose(try ef.equalizeHist(nbins: 32), try colorFixture("eq_f32_out_32", Float.self), tolerance: 1e-6)
    }

    @Test func equalizeHistIsScheduleIndependent() throws {
        for (w, h) in oddShapes {
            let img = randomImage(UInt8.self, width: w, height: h, channels: 3, seed: 2)
            let out = try expectScheduleIndependent { try img.equalizeHist() }
            #expect(out.channels == 3 && out.pixels.max()! == 1)
        }
        expectError("equalizeHist") { try Image<UInt8>(width: 0, height: 1).equalizeHist() }
        expectError("equalizeHist") { try Image<Float>(width: 2, height: 1).equalizeHist(nbins: 0) }
    }

    struct CLAHECase: Sendable, CustomStringConvertible {
        let input: String
        let expected: String
        let kernel: (height: Int, width: Int)?
        let clipLimit: Double
        let nbins: Int
        var description: String { expected }
    }

    static let claheCases: [CLAHECase] = [
        .init(input: "clahe_u8", expected: "clahe_u8_default", kernel: nil, clipLimit: 0.01, nbins: 256),
        .init(input: "clahe_u8", expected: "clahe_u8_k8x5_c0.03_n128", kernel: (8, 5), clipLimit: 0.03, nbins: 128),
        .init(input: "clahe_u8", expected: "clahe_u8_ahe", kernel: (16, 16), clipLimit: 0, nbins: 256),
        .init(input: "clahe_u8", expected: "clahe_u8_k100x3_c0.2_n64", kernel: (100, 3), clipLimit: 0.2, nbins: 64),
        .init(input: "clahe_u8_odd", expected: "clahe_u8_odd_default", kernel: nil, clipLimit: 0.01, nbins: 256),
        .init(input: "clahe_u8_odd", expected: "clahe_u8_odd_k7x9_c0.05_n32", kernel: (7, 9), clipLimit: 0.05, nbins: 32),
        .init(input: "clahe_tiny", expected: "clahe_tiny_k4", kernel: (4, 4), clipLimit: 0.01, nbins: 256),
    ]

    @Test(arguments: claheCases)
    func claheMatchesSkimageUInt8(_ c: CLAHECase) throws {
        let input = try colorFixture(c.input, UInt8.self)
        let output = try expectScheduleIndependent {
            try input.equalizeAdapthist(kernelSize: c.kernel, clipLimit: c.clipLimit, nbins: c.nbins)
        }
        expectClose(output, try colorFixture(c.expected, Float.self), tolerance: 1e-6)
    }

    @Test func claheMatchesSkimageOtherTypes() throws {
        let u16 = try colorFixture("clahe_u16", UInt16.self)
        expectClose(try u16.equalizeAdapthist(), try colorFixture("clahe_u16_default", Float.self), tolerance: 1e-6)
        let f = try colorFixture("clahe_f32", Float.self)
        expectClose(try f.equalizeAdapthist(), try colorFixture("clahe_f32_default", Float.self), tolerance: 1e-6)
        let rgb = try colorFixture("clahe_rgb_u8", UInt8.self)
        expectClose(try rgb.equalizeAdapthist(), try colorFixture("clahe_rgb_u8_default", Float.self), tolerance: 1e-6)
        let rgba = try rgb.addingAlpha(7)
        expectClose(try rgba.equalizeAdapthist(), try colorFixture("clahe_rgb_u8_default", Float.self), tolerance: 1e-6)
        let rgbf = try colorFixture("clahe_rgb_f32", Float.self)
        expectClose(try rgbf.equalizeAdapthist(kernelSize: (6, 6), clipLimit: 0.02),
                    try colorFixture("clahe_rgb_f32_k6_c0.02", Float.self), tolerance: 1e-6)
    }

    @Test func claheOddShapesAndConstant() throws {
        for (w, h) in oddShapes {
            let img = randomImage(UInt8.self, width: w, height: h, channels: 2, seed: 4)
            let out = try img.equalizeAdapthist()
            #expect(out.width == w && out.height == h && out.channels == 1)
            #expect(out.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        let constant = try Image<UInt8>(width: 9, height: 9, repeating: 77).equalizeAdapthist()
        #expect(constant.pixels.allSatisfy { $0 == 1 })
    }

    @Test func claheErrors() {
        let img = Image<UInt8>(width: 8, height: 8)
        expectError("equalizeAdapthist") { try img.equalizeAdapthist(kernelSize: (0, 3)) }
        expectError("equalizeAdapthist") { try img.equalizeAdapthist(clipLimit: -0.1) }
        expectError("equalizeAdapthist") { try img.equalizeAdapthist(nbins: 0) }
        expectError("equalizeAdapthist") { try Image<UInt8>(width: 0, height: 8).equalizeAdapthist() }
    }
}
