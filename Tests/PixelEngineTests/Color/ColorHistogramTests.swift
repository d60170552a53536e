import PixelEngine
import Testing
import TestSupport

@Suite struct ColorHistogramTests {
    func expectHistogram(_ h: Histogram, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let counts = try colorValues("\(name)_counts").map { Int($0) }
        let edges = try colorValues("\(name)_edges")
        #expect(h.counts == counts, sourceLocation: sourceLocation)
        #expect(h.edges == edges, sourceLocation: sourceLocation)
    }

    @Test func uint8MatchesNumpy() throws {
        let img = try colorFixture("hist_u8", UInt8.self)
        try expectHistogram(try img.histogram(), "hist_u8_256_0_255")
        try expectHistogram(try img.histogram(bins: 10), "hist_u8_10_0_255")
        try expectHistogram(try img.histogram(bins: 7, range: 30...200), "hist_u8_7_30_200")
        try expectHistogram(try img.histogram(bins: 1), "hist_u8_1_0_255")
        try expectHistogram(try img.histogram(bins: 300), "hist_u8_300_0_255")
    }

    @Test func uint16AndFloatMatchNumpy() throws {
        let u16 = try colorFixture("hist_u16", UInt16.self)
        try expectHistogram(try u16.histogram(bins: 1000), "hist_u16_1000_0_65535")
        try expectHistogram(try u16.histogram(bins: 13, range: 1000...60000), "hist_u16_13_1000_60000")
        let f = try colorFixture("hist_f32", Float.self)
        try expectHistogram(try f.histogram(bins: 10), "hist_f32_10_auto")
        try expectHistogram(try f.histogram(bins: 7, range: 0.25...0.75), "hist_f32_7_0.25_0.75")
        try expectHistogram(try f.histogram(bins: 256), "hist_f32_256_auto")
    }

    @Test func fastPathsCountEveryValue() throws {
        for (w, h) in oddShapes + [(64, 37)] {
            for c in 1...4 {
                let u8 = randomImage(UInt8.self, width: w, height: h, channels: c, seed: UInt64(c))
                let hist = try expectScheduleIndependent { try u8.histogram() }
                var naive = [Int](repeating: 0, count: 256)
                for v in u8.pixels { naive[Int(v)] += 1 }
                #expect(hist.counts == naive)
                let ch = try u8.histogram(channel: c - 1)
                var naiveChannel = [Int](repeating: 0, count: 256)
                for i in stride(from: c - 1, to: u8.pixels.count, by: c) { naiveChannel[Int(u8.pixels[i])] += 1 }
                #expect(ch.counts == naiveChannel)
                let u16 = randomImage(UInt16.self, width: w, height: h, channels: c, seed: 9)
                let h16 = try expectScheduleIndependent { try u16.histogram(bins: 65536) }
                #expect(h16.total == u16.pixels.count)
                for v in u16.pixels.prefix(20) { #expect(h16.counts[Int(v)] > 0) }
            }
        }
    }

    @Test func accessors() throws {
        let img = Image<UInt8>(width: 4, height: 1, pixels: [0, 0, 255, 128])
        let h = try img.histogram(bins: 2)
        #expect(h.counts == [2, 2])
        #expect(h.edges == [0, 127.5, 255])
        #expect(h.centers == [63.75, 191.25])
        #expect(h.cumulativeCounts == [2, 4])
        #expect(h.cumulativeDistribution == [0.5, 1])
        #expect(h.bin(of: 127.5) == 1 && h.bin(of: 255) == 1 && h.bin(of: 256) == nil && h.bin(of: .nan) == nil)
        #expect(h.range == 0...255 && h.total == 4 && h.binCount == 2)
        // numpy widens an empty range by ±0.5.
        let constant = Image<Float>(width: 2, height: 1, repeating: 0.25)
        #expect(try constant.histogram(bins: 2).edges == [-0.25, 0.25, 0.75])
    }

    @Test func errors() {
        let img = Image<UInt8>(width: 2, height: 2)
        expectError("histogram") { try img.histogram(bins: 0) }
        expectError("histogram") { try img.histogram(range: 0...Double.infinity) }
        expectError("histogram") { try img.histogram(channel: 1) }
        expectError("histogram") { try Image<UInt8>(width: 0, height: 2).histogram() }
        expectError("histogram") { try Image<Float>(width: 2, height: 1, pixels: [0, .nan]).histogram() }
    }
}
