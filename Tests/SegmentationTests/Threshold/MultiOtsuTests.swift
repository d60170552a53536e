import Segmentation
import Testing
import TestSupport

@Suite("Threshold multi-Otsu")
struct ThresholdMultiOtsuTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let classes: Int
        var description: String { "\(name) \(classes) classes" }
    }

    static let cases: [Case] = ["camera", "coins", "f32"].flatMap { n in (2...5).map { Case(name: n, classes: $0) } }
        + [Case(name: "u16", classes: 2), Case(name: "u16", classes: 3)]

    @Test("equals skimage threshold_multiotsu", arguments: cases)
    func fixture(c: Case) throws {
        let expected = try Fixtures.npy("threshold/multiotsu_\(c.name)_\(c.classes).npy").doubles
        let got: [Double]
        switch c.name {
        case "u16": got = try ThresholdFixtures.u16().multiOtsu(classes: c.classes)
        case "f32": got = try ThresholdFixtures.f32().multiOtsu(classes: c.classes)
        default: got = try ThresholdFixtures.gray8(c.name).multiOtsu(classes: c.classes)
        }
        #expect(got.count == expected.count)
        for (g, e) in zip(got, expected) {
            #expect(abs(g - e) <= (c.name == "f32" ? 1e-6 * abs(e) : 0), "\(c): got \(got), expected \(expected)")
        }
    }

    /// Brute force over all threshold combinations, scikit-image's loop written plainly.
    static func bruteForce(_ prob: [Float], _ k: Int) -> [Int] {
        let n = prob.count
        var p = [Float](repeating: 0, count: n), s = [Float](repeating: 0, count: n)
        p[0] = prob[0]; s[0] = prob[0]
        for i in 1..<n { p[i] = p[i - 1] + prob[i]; s[i] = s[i - 1] + Float(i) * prob[i] }
        func h(_ i: Int, _ j: Int) -> Float {
            if i == 0 { return j == 0 || p[j] <= 0 ? 0 : (s[j] * s[j]) / p[j] }
            let z = p[j] - p[i - 1]
            guard z > 0 else { return 0 }
            let f = s[j] - s[i - 1]
            return (f * f) / z
        }
        var best: Float = 0, bestIdx = Array(0..<k), cur = [Int](repeating: 0, count: k)
        func rec(_ d: Int, _ start: Int) {
            if d == k {
                var sigma = h(0, cur[0]) + h(cur[k - 1] + 1, n - 1)
                for i in 0..<(k - 1) { sigma += h(cur[i] + 1, cur[i + 1]) }
                if sigma > best { best = sigma; bestIdx = cur }
                return
            }
            if start > n - k + d - 1 { return }
            for t in start...(n - k + d - 1) { cur[d] = t; rec(d + 1, t + 1) }
        }
        rec(0, 0)
        return bestIdx
    }

    @Test("pruned search equals brute force on random small histograms", arguments: 0..<40)
    func randomHistograms(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        let bins = Int.random(in: 6...18, using: &rng)
        // Few distinct counts: many float32 ties between combinations.
        let counts = (0..<bins).map { _ in Int.random(in: 0...4, using: &rng) }
        let width = counts.reduce(0, +)
        guard counts.filter({ $0 > 0 }).count >= 5, width > 0 else { return }
        // An image whose histogram is `counts` over values 0..<bins, min and max present.
        var pixels: [UInt8] = []
        for (v, c) in counts.enumerated() { pixels += Array(repeating: UInt8(v), count: c) }
        if counts[0] == 0 { pixels.append(0) }
        if counts[bins - 1] == 0 { pixels.append(UInt8(bins - 1)) }
        let image = Image<UInt8>(width: pixels.count, height: 1, pixels: pixels)
        var hist = [Int](repeating: 0, count: bins)
        for p in pixels { hist[Int(p)] += 1 }
        let prob = hist.map { Float(Double($0) / Double(pixels.count)) }
        for classes in 2...4 {
            let expected = Self.bruteForce(prob, classes - 1).map(Double.init)
            #expect(try image.multiOtsu(classes: classes) == expected, "counts \(hist), \(classes) classes")
        }
    }

    @Test("wide 16-bit histograms (divide-and-conquer bounds) equal brute force for 2 and 3 classes")
    func wideHistogram() throws {
        var rng = SeededGenerator(seed: 17)
        let pixels = (0..<900).map { i -> UInt16 in
            let centre = [300.0, 1500, 2600][i % 3]
            return UInt16(max(0, centre + Double.random(in: -280...280, using: &rng)))
        } + [0, 3000]
        let image = Image<UInt16>(width: pixels.count, height: 1, pixels: pixels)
        let low = Int(pixels.min()!), bins = Int(pixels.max()!) - low + 1
        var hist = [Int](repeating: 0, count: bins)
        for p in pixels { hist[Int(p) - low] += 1 }
        let prob = hist.map { Float(Double($0) / Double(pixels.count)) }
        #expect(try image.multiOtsu(classes: 2) == Self.bruteForce(prob, 1).map { Double($0 + low) })
        let three = try image.multiOtsu(classes: 3)
        #expect(three.count == 2 && three[0] > 500 && three[0] < 1300 && three[1] > 1700 && three[1] < 2400)
    }

    @Test("class map is numpy.digitize of the thresholds")
    func classMap() throws {
        let image = try ThresholdFixtures.gray8("coins")
        let t = try image.multiOtsu(classes: 4)
        let map = try expectScheduleIndependent { try image.multiOtsuClassMap(classes: 4) }
        #expect(map.classes.count == 4)
        #expect(map.names == ["class 0", "class 1", "class 2", "class 3"])
        for y in stride(from: 0, to: image.height, by: 7) {
            for x in stride(from: 0, to: image.width, by: 5) {
                let v = Double(image[x, y])
                #expect(Int(map[x, y]) == t.filter { $0 <= v }.count)
            }
        }
        let float = Image<Float>(width: 4, height: 1, pixels: [0.1, 0.5, 0.5000001, 0.95])
        #expect(try float.digitize(thresholds: [0.5, 0.9]).indices.pixels == [0, 1, 1, 2])
    }

    @Test("exactly as many values as classes: thresholds at the values")
    func fewValues() throws {
        let image = Image<UInt8>(width: 4, height: 1, pixels: [10, 20, 30, 20])
        #expect(try image.multiOtsu(classes: 3) == [10, 20])
    }

    @Test("bad input throws multiOtsu errors")
    func errors() {
        let image = Image<UInt8>(width: 4, height: 1, pixels: [10, 20, 30, 20])
        expectError("multiOtsu") { try image.multiOtsu(classes: 4) }
        expectError("multiOtsu") { try image.multiOtsu(classes: 1) }
        expectError("multiOtsu") { try image.multiOtsu(classes: 300) }
        expectError("multiOtsu") { try Image<UInt8>(width: 0, height: 0).multiOtsu() }
        expectError("multiOtsu") { try Image<UInt8>(width: 2, height: 2, channels: 4).multiOtsuClassMap() }
        expectError("digitize") { try image.digitize(thresholds: []) }
        expectError("digitize") { try image.digitize(thresholds: [5, 5]) }
    }
}
