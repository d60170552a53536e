import Foundation
import PixelEngine
import Testing
import TestSupport

@Suite struct ColorSpaceTests {
    @Test func grayscaleMatchesSkimage() throws {
        expectClose(try colorFixture("rgb_u8", UInt8.self).grayscale(), try colorFixture("gray_u8", UInt8.self))
        expectClose(try colorFixture("rgb_u16", UInt16.self).grayscale(), try colorFixture("gray_u16", UInt16.self))
        expectClose(try colorFixture("rgb_f32", Float.self).grayscale(), try colorFixture("gray_f32", Float.self), tolerance: 1e-6)
    }

    @Test func grayscaleIsExactWithTiesToEven() throws {
        // 2125·r + 7154·g + 721·b over 10000, rounded half to even, for every channel count.
        for (w, h) in oddShapes {
            let rgba = randomImage(UInt8.self, width: w, height: h, channels: 4, seed: 8)
            let expected = stride(from: 0, to: rgba.pixels.count, by: 4).map { i -> UInt8 in
                let n = 2125 * Int(rgba.pixels[i]) + 7154 * Int(rgba.pixels[i + 1]) + 721 * Int(rgba.pixels[i + 2])
                let q = n / 10000, r = n % 10000
                return UInt8(r > 5000 || (r == 5000 && q % 2 == 1) ? q + 1 : q)
            }
            #expect(rgba.grayscale().pixels == expected)
            #expect(rgba.droppingAlpha().grayscale().pixels == expected)
            let gray = randomImage(UInt8.self, width: w, height: h, channels: 1, seed: 9)
            #expect(gray.grayscale() == gray)
            #expect(try gray.addingAlpha().grayscale() == gray)
        }
        // Every red/green pair at three blues (the integer division trick must hold for all sums).
        for b in [0, 137, 255] {
            let pixels = (0..<65536).flatMap { [UInt8($0 >> 8), UInt8($0 & 255), UInt8(b)] }
            let expected = (0..<65536).map { v -> UInt8 in
                let n = 2125 * (v >> 8) + 7154 * (v & 255) + 721 * b
                let q = n / 10000, r = n % 10000
                return UInt8(r > 5000 || (r == 5000 && q % 2 == 1) ? q + 1 : q)
            }
            #expect(Image<UInt8>(width: 256, height: 256, channels: 3, pixels: pixels).grayscale().pixels == expected)
        }
        // A tie: 2125·40 + 7154·0 + 721·0 = 85000 → 8.5 → 8.
        #expect(Image<UInt8>(width: 1, height: 1, channels: 3, pixels: [40, 0, 0]).grayscale().pixels == [8])
    }

    @Test func hsvMatchesSkimage() throws {
        expectClose(try colorFixture("rgb_u8", UInt8.self).rgbToHSV(), try colorFixture("hsv_u8", Float.self), tolerance: 1e-6)
        expectClose(try colorFixture("rgb_f32", Float.self).rgbToHSV(), try colorFixture("hsv_f32", Float.self), tolerance: 1e-6)
        expectClose(try colorFixture("hsv_in", Float.self).hsvToRGB(), try colorFixture("hsv2rgb", Float.self), tolerance: 1e-6)
    }

    @Test func hsvRoundTrip() throws {
        let rgb = randomImage(Float.self, width: 9, height: 7, channels: 3, seed: 3)
        let back = try expectScheduleIndependent { try rgb.rgbToHSV().hsvToRGB() }
        expectClose(back, rgb, tolerance: 1e-6)
    }

    @Test func labMatchesSkimage() throws {
        expectClose(try colorFixture("rgb_u8", UInt8.self).rgbToLab(), try colorFixture("lab_u8", Float.self), tolerance: 1e-4)
        expectClose(try colorFixture("rgb_u16", UInt16.self).rgbToLab(), try colorFixture("lab_u16", Float.self), tolerance: 1e-4)
        expectClose(try colorFixture("rgb_f32", Float.self).rgbToLab(), try colorFixture("lab_f32", Float.self), tolerance: 1e-4)
        expectClose(try colorFixture("lab_in", Float.self).labToRGB(), try colorFixture("lab2rgb", Float.self), tolerance: 1e-6)
    }

    @Test func labRoundTripAndSchedule() throws {
        let rgb = randomImage(UInt8.self, width: 13, height: 11, channels: 4, seed: 4)
        let lab = try expectScheduleIndependent { try rgb.rgbToLab() }
        expectClose(try lab.labToRGB(), rgb.droppingAlpha().converted(to: Float.self), tolerance: 1e-5)
    }

    /// scikit-image's rgb2lab, literally, in double with libm's cbrt.
    func naiveLab(_ r: Double, _ g: Double, _ b: Double) -> [Double] {
        func lin(_ v: Double) -> Double { v > 0.04045 ? pow((v + 0.055) / 1.055, 2.4) : v / 12.92 }
        let (lr, lg, lb) = (lin(r), lin(g), lin(b))
        let x = (0.412453 * lr + 0.357580 * lg + 0.180423 * lb) / 0.95047
        let y = (0.212671 * lr + 0.715160 * lg + 0.072169 * lb) / 1.0
        let z = (0.019334 * lr + 0.119193 * lg + 0.950227 * lb) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0 }
        return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))]
    }

    @Test func labMatchesNaiveReference() throws {
        // Every gray level, then random colours, through the SIMD cube root and its tail.
        let grays = Image<UInt8>(width: 256, height: 1, channels: 3, pixels: (0..<256).flatMap { [UInt8($0), UInt8($0), UInt8($0)] })
        let random = randomImage(UInt8.self, width: 61, height: 7, channels: 3, seed: 21)
        for img in [grays, random] {
            let lab = try img.rgbToLab()
            let expected = stride(from: 0, to: img.pixels.count, by: 3).flatMap {
                naiveLab(Double(img.pixels[$0]) / 255, Double(img.pixels[$0 + 1]) / 255, Double(img.pixels[$0 + 2]) / 255)
            }
            let worst = zip(lab.pixels, expected).map { abs(Double($0) - $1) }.max()!
            #expect(worst <= 2e-5)
        }
    }

    @Test func colourSpaceErrors() {
        let gray = Image<UInt8>(width: 2, height: 2)
        expectError("rgbToHSV") { try gray.rgbToHSV() }
        expectError("rgbToLab") { try gray.rgbToLab() }
        expectError("hsvToRGB") { try Image<Float>(width: 2, height: 2, channels: 4).hsvToRGB() }
        expectError("labToRGB") { try Image<Float>(width: 2, height: 2).labToRGB() }
    }
}
