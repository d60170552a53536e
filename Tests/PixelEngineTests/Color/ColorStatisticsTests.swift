import PixelEngine
import Testing
import TestSupport

@Suite struct ColorStatisticsTests {
    @Test func percentilesMatchNumpy() throws {
        let qs = try colorValues("pct_qs")
        let p8 = try colorFixture("pct_u8", UInt8.self)
        let e8 = try colorValues("pct_u8_values")
        for (got, want) in zip(try p8.percentiles(qs), e8) { #expect(got == want) }
        let p16 = try colorFixture("pct_u16", UInt16.self)
        let e16 = try colorValues("pct_u16_values")
        for (got, want) in zip(try p16.percentiles(qs), e16) { #expect(got == want) }
        let pf = try colorFixture("pct_f32", Float.self)
        let ef = try colorValues("pct_f32_values")
        for (q, want) in zip(qs, ef) { let got = try pf.percentile(q); #expect(got == want, "q=\(q) got \(got) want \(want)") }
    }

    @Test func percentileOfOneChannelAndNaN() throws {
        let img = Image<UInt8>(width: 3, height: 1, channels: 2, pixels: [1, 100, 2, 200, 3, 150])
        #expect(try img.percentile(50, channel: 0) == 2)
        #expect(try img.percentile(50, channel: 1) == 150)
        #expect(try img.percentile(25, channel: 1) == 125)
        let nan = Image<Float>(width: 2, height: 1, pixels: [1, .nan])
        #expect(try nan.percentile(10).isNaN)
        expectError("percentile") { try img.percentile(101) }
        expectError("percentile") { try img.percentile(50, channel: 2) }
        expectError("percentiles") { try Image<UInt8>(width: 0, height: 0).percentiles([50]) }
    }

    func expectNaive(_ s: ImageStatistics, _ values: [Double], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot()
        #expect(s.count == values.count, sourceLocation: sourceLocation)
        #expect(s.min == values.min()! && s.max == values.max()!, sourceLocation: sourceLocation)
        #expect(abs(s.mean - mean) <= 1e-9 * max(1, abs(mean)), sourceLocation: sourceLocation)
        #expect(abs(s.std - std) <= 1e-7 * max(1, std), sourceLocation: sourceLocation)
    }

    @Test(arguments: [1, 3])
    func statisticsMatchNaive(channels: Int) throws {
        for (w, h) in oddShapes {
            let u16 = randomImage(UInt16.self, width: w, height: h, channels: channels, seed: 11)
            let f = randomImage(Float.self, width: w, height: h, channels: channels, seed: 12)
            try expectNaive(try u16.statistics(), u16.pixels.map(Double.init))
            try expectNaive(try f.statistics(), f.pixels.map(Double.init))
        }
        let rgb = Image<UInt8>(width: 2, height: 1, channels: 3, pixels: [10, 20, 30, 50, 60, 70])
        let green = try rgb.statistics(channel: 1)
        #expect(green.mean == 40 && green.std == 20 && green.min == 20 && green.max == 60)
        expectError("statistics") { try rgb.statistics(channel: 3) }
        expectError("statistics") { try Image<Float>(width: 3, height: 0).statistics() }
    }
}
