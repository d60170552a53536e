import Segmentation
import Testing
import TestSupport

/// Felzenszwalb: agreement with scikit-image on fixtures (segment count and adjusted Rand
/// index; not pixel equality, because scikit-image sorts edges with an unstable argsort
/// in float64), a naive Kruskal reference, minimum size, connectivity, schedule
/// independence and bad input.
@Suite struct SuperpixelFelzenszwalbTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let image: String, labels: String
        let scale: Double, sigma: Double, minSize: Int
        var testDescription: String { image }
    }

    static let cases: [Case] = [
        Case(image: "astronaut_rgb", labels: "felz_astronaut", scale: 100, sigma: 0.8, minSize: 50),
        Case(image: "camera_gray", labels: "felz_camera", scale: 50, sigma: 0.5, minSize: 20),
        Case(image: "coffee_rgb", labels: "felz_coffee", scale: 200, sigma: 1, minSize: 30),
    ]

    @Test("agrees with scikit-image: segment count within 5%, adjusted Rand index ≥ 0.9", arguments: cases)
    func matchesScikitImage(_ c: Case) throws {
        let image = try Fixtures.npy("superpixel/\(c.image).npy").image(UInt8.self)
        let reference = try Fixtures.npy("superpixel/\(c.labels).npy").image(UInt16.self).pixels.map { UInt32($0) + 1 }
        let labels = try image.felzenszwalb(scale: c.scale, sigma: c.sigma, minSize: c.minSize)
        let expectedCount = Set(reference).count
        let count = labels.labels.count
        #expect(abs(Double(count - expectedCount)) <= 0.05 * Double(expectedCount), "\(count) segments, scikit-image \(expectedCount)")
        let ari = SuperpixelCheck.adjustedRandIndex(labels.ids.pixels, reference)
        #expect(ari >= 0.9, "adjusted Rand index \(ari)")
        #expect(SuperpixelCheck.rasterOrdered(labels, start: 1))
        #expect(try SuperpixelCheck.disconnectedSegments(labels, connectivity: 2) == 0)
        #expect(labels.ids.pixels.reduce(into: [UInt32: Int]()) { $0[$1, default: 0] += 1 }.values.allSatisfy { $0 >= c.minSize })
    }

    @Test("equals a naive Kruskal on random images (no smoothing)", arguments: [(12, 9, 1), (7, 13, 3), (1, 10, 1), (10, 1, 3), (3, 5, 4)])
    func naive(width: Int, height: Int, channels: Int) throws {
        for seed in 0..<4 as Range<UInt64> {
            let image = randomImage(UInt8.self, width: width, height: height, channels: channels, seed: seed)
            for (scale, minSize) in [(1.0, 1), (300.0, 4), (2000.0, 10)] {
                let fast = try image.felzenszwalb(scale: scale, sigma: 0, minSize: minSize)
                let reference = Self.naiveFelzenszwalb(image, scale: scale, minSize: minSize)
                #expect(fast.ids.pixels == reference, "\(width)x\(height)x\(channels) seed \(seed) scale \(scale)")
            }
        }
    }

    @Test("same labels serially, in 7 tasks and by default")
    func scheduleIndependent() throws {
        let rgb = try Fixtures.npy("superpixel/astronaut_rgb.npy").image(UInt8.self)
        _ = try expectScheduleIndependent { try rgb.felzenszwalb(scale: 100, sigma: 0.8, minSize: 50) }
        let gray = randomImage(Float.self, width: 40, height: 31, seed: 9)
        _ = try expectScheduleIndependent { try gray.felzenszwalb(scale: 5, sigma: 1, minSize: 10) }
    }

    @Test("odd sizes, 1 to 4 channels, every sample type")
    func oddShapes() throws {
        for (w, h) in [(1, 1), (1, 9), (9, 1), (3, 5)] {
            for channels in 1...4 {
                let results = [
                    try randomImage(UInt8.self, width: w, height: h, channels: channels, seed: 1).felzenszwalb(),
                    try randomImage(UInt16.self, width: w, height: h, channels: channels, seed: 2).felzenszwalb(minSize: 3),
                    try randomImage(Float.self, width: w, height: h, channels: channels, seed: 3).felzenszwalb(sigma: 0),
                ]
                for labels in results {
                    #expect(labels.width == w && labels.height == h)
                    #expect(SuperpixelCheck.rasterOrdered(labels, start: 1))
                    #expect(try SuperpixelCheck.disconnectedSegments(labels, connectivity: 2) == 0)
                }
            }
        }
        #expect(try Image<UInt8>(width: 1, height: 1).felzenszwalb().ids.pixels == [1])
    }

    @Test("bad input throws a felzenszwalb error")
    func errors() {
        let img = Image<UInt8>(width: 8, height: 8)
        expectError("felzenszwalb") { try Image<UInt8>(width: 3, height: 0).felzenszwalb() }
        expectError("felzenszwalb") { try img.felzenszwalb(scale: 0) }
        expectError("felzenszwalb") { try img.felzenszwalb(scale: .infinity) }
        expectError("felzenszwalb") { try img.felzenszwalb(sigma: -1) }
        expectError("felzenszwalb") { try img.felzenszwalb(minSize: -1) }
    }

    /// Felzenszwalb–Huttenlocher written plainly: every 8-neighbour edge in scikit-image's
    /// order, a stable sort by weight, union-find by smallest index, labels in raster order.
    static func naiveFelzenszwalb(_ image: Image<UInt8>, scale: Double, minSize: Int) -> [UInt32] {
        let w = image.width, h = image.height, nc = image.channels >= 3 ? 3 : 1
        func feature(_ x: Int, _ y: Int, _ c: Int) -> Float { Float(image[x, y, c]) * (1 / Float(255)) }
        var edges: [(weight: Float, a: Int, b: Int)] = []
        func add(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
            var sum: Float = 0
            for c in 0..<nc {
                let d = feature(x0, y0, c) - feature(x1, y1, c)
                sum += d * d
            }
            edges.append((sum.squareRoot(), y0 * w + x0, y1 * w + x1))
        }
        for y in 0..<h { for x in 0..<(w - 1) { add(x, y, x + 1, y) } }
        for y in 0..<(h - 1) { for x in 0..<w { add(x, y, x, y + 1) } }
        for y in 0..<(h - 1) { for x in 0..<(w - 1) { add(x, y, x + 1, y + 1) } }
        for y in 0..<(h - 1) { for x in 0..<(w - 1) { add(x + 1, y, x, y + 1) } }
        let order = edges.indices.sorted { (edges[$0].weight, $0) < (edges[$1].weight, $1) }
        var parent = Array(0..<(w * h)), size = [Int](repeating: 1, count: w * h)
        var spread = [Float](repeating: 0, count: w * h)
        func root(_ i: Int) -> Int { parent[i] == i ? i : root(parent[i]) }
        func join(_ a: Int, _ b: Int) {
            let (keep, drop) = a < b ? (a, b) : (b, a)
            parent[drop] = keep
            size[keep] += size[drop]
        }
        let k = scale / 255
        for e in order {
            let a = root(edges[e].a), b = root(edges[e].b)
            if a == b { continue }
            let ta = Float(Double(spread[a]) + k / Double(size[a]))
            let tb = Float(Double(spread[b]) + k / Double(size[b]))
            if edges[e].weight < min(ta, tb) {
                join(a, b)
                spread[min(a, b)] = edges[e].weight
            }
        }
        for e in order {
            let a = root(edges[e].a), b = root(edges[e].b)
            if a != b && (size[a] < minSize || size[b] < minSize) { join(a, b) }
        }
        var names: [Int: UInt32] = [:]
        return (0..<(w * h)).map { p in
            let r = root(p)
            if let id = names[r] { return id }
            let id = UInt32(names.count + 1)
            names[r] = id
            return id
        }
    }
}
