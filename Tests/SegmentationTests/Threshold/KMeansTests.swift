import Segmentation
import Testing
import TestSupport

@Suite("Threshold k-means")
struct ThresholdKMeansTests {
    /// Three flat levels (40, 120, 200) in bands of a `w × h` image plus seeded noise (±12).
    static func threeLevels(width w: Int, height h: Int, channels: Int = 1, seed: UInt64 = 3) -> (Image<UInt8>, [UInt8]) {
        var rng = SeededGenerator(seed: seed)
        let levels: [Int] = [200, 40, 120]
        var truth: [UInt8] = []
        var pixels: [UInt8] = []
        for y in 0..<h {
            for x in 0..<w {
                let band = ((x / 3) + (y / 4)) % 3
                truth.append([2, 0, 1][band])
                for c in 0..<channels {
                    let v = levels[band] + Int.random(in: -12...12, using: &rng) + (channels > 1 ? c * 5 : 0)
                    pixels.append(UInt8(clamping: v))
                }
            }
        }
        return (Image(width: w, height: h, channels: channels, pixels: pixels), truth)
    }

    @Test("three noisy gray levels: classes equal the true levels, ordered dark to bright")
    func gray() throws {
        let (image, truth) = Self.threeLevels(width: 40, height: 30)
        let result = try image.kmeans(k: 3, seed: 7)
        #expect(result.classMap.indices.pixels == truth)
        #expect(result.classMap.names == ["class 0", "class 1", "class 2"])
        #expect(result.centers.count == 3)
        for (centre, level) in zip(result.centers, [40.0, 120, 200]) { #expect(abs(centre[0] - level) < 3) }
        #expect(result.converged)
    }

    @Test("colour and Lab, with subsampling of large images", arguments: [KMeansSpace.native, .lab])
    func colour(space: KMeansSpace) throws {
        let (image, truth) = Self.threeLevels(width: 50, height: 41, channels: 3)
        let full = try image.kmeans(k: 3, space: space, seed: 1)
        #expect(full.classMap.indices.pixels == truth)
        let sampled = try image.kmeans(k: 3, space: space, seed: 1, sampleSize: 300)
        #expect(sampled.classMap.indices.pixels == truth)
        #expect(sampled.centers[0].count == 3)
    }

    @Test("identical for 1 and 7 tasks and the default schedule")
    func scheduleIndependent() throws {
        let image = randomImage(UInt8.self, width: 61, height: 37, channels: 3, seed: 11)
        let result = try expectScheduleIndependent { try image.kmeans(k: 5, seed: 99, sampleSize: 1000) }
        #expect(result.classMap.classes.count == 5)
        let float = randomImage(Float.self, width: 23, height: 19, seed: 5)
        _ = try expectScheduleIndependent { try float.kmeans(k: 4, seed: 2) }
        let lab = try expectScheduleIndependent { try image.kmeans(k: 3, space: .lab, seed: 4) }
        let l = lab.centers.map { $0[0] }
        #expect(l == l.sorted())
    }

    @Test("the same seed gives the same result; odd sizes", arguments: [(1, 2), (2, 1), (3, 5), (1, 9)])
    func small(size: (Int, Int)) throws {
        let (w, h) = size
        let image = Image<UInt8>(width: w, height: h, pixels: (0..<(w * h)).map { UInt8($0 * 37 % 256) })
        let a = try image.kmeans(k: 2, seed: 3)
        #expect(a == (try image.kmeans(k: 2, seed: 3)))
        let dark = a.classMap.indices.pixels.enumerated().filter { $0.element == 0 }.map { image.pixels[$0.offset] }
        let bright = a.classMap.indices.pixels.enumerated().filter { $0.element == 1 }.map { image.pixels[$0.offset] }
        #expect(!dark.isEmpty && !bright.isEmpty)
        #expect(dark.max()! < bright.min()!)
    }

    @Test("16-bit intensities")
    func uint16() throws {
        let image = Image<UInt16>(width: 6, height: 1, pixels: [100, 110, 30000, 30010, 60000, 60020])
        let result = try image.kmeans(k: 3)
        #expect(result.classMap.indices.pixels == [0, 0, 1, 1, 2, 2])
        #expect(result.centers.map { $0[0] } == [105, 30005, 60010])
    }

    @Test("bad input throws kmeans errors")
    func errors() {
        let gray = Image<UInt8>(width: 4, height: 1, pixels: [1, 2, 3, 3])
        expectError("kmeans") { try gray.kmeans(k: 1) }
        expectError("kmeans") { try gray.kmeans(k: 4) }
        expectError("kmeans") { try gray.kmeans(k: 300) }
        expectError("kmeans") { try gray.kmeans(k: 2, space: .lab) }
        expectError("kmeans") { try gray.kmeans(k: 2, maxIterations: 0) }
        expectError("kmeans") { try gray.kmeans(k: 2, tolerance: -1) }
        expectError("kmeans") { try gray.kmeans(k: 3, sampleSize: 2) }
        expectError("kmeans") { try Image<UInt8>(width: 0, height: 2).kmeans(k: 2) }
        expectError("kmeans") { try Image<UInt8>(width: 2, height: 2, channels: 2).kmeans(k: 2) }
        expectError("kmeans") { try Image<UInt8>(width: 2, height: 2, channels: 4).kmeans(k: 2) }
        expectError("kmeans") { try Image<Float>(width: 2, height: 1, pixels: [0, .nan]).kmeans(k: 2) }
    }
}
