import Segmentation
import Testing
import TestSupport

@Suite("Watershed: marker-controlled flooding")
struct WatershedFloodTests {
    struct Variant: Sendable, CustomStringConvertible {
        let name: String
        let connectivity: Int
        let mask: Bool
        let lines: Bool
        let compactness: Double
        var description: String { name }
    }

    static let variants = [
        Variant(name: "c1", connectivity: 1, mask: false, lines: false, compactness: 0),
        Variant(name: "c2", connectivity: 2, mask: false, lines: false, compactness: 0),
        Variant(name: "c1_mask", connectivity: 1, mask: true, lines: false, compactness: 0),
        Variant(name: "c2_mask", connectivity: 2, mask: true, lines: false, compactness: 0),
        Variant(name: "c1_wsl", connectivity: 1, mask: false, lines: true, compactness: 0),
        Variant(name: "c2_wsl_mask", connectivity: 2, mask: true, lines: true, compactness: 0),
        Variant(name: "c1_compact", connectivity: 1, mask: false, lines: false, compactness: 0.01),
        Variant(name: "c2_compact", connectivity: 2, mask: false, lines: false, compactness: 0.002),
        Variant(name: "c1_compact_wsl", connectivity: 1, mask: false, lines: true, compactness: 0.01),
    ]

    func run<S: PixelSample>(_ land: Image<S>, _ v: Variant, markers: LabelMap, mask: Mask?) throws -> LabelMap {
        try expectScheduleIndependent {
            try land.watershed(markers: markers, connectivity: v.connectivity, mask: v.mask ? mask : nil,
                               compactness: v.compactness, watershedLine: v.lines)
        }
    }

    @Test("plateau-free float landscape: equal to skimage (heap)", arguments: variants)
    func float(_ v: Variant) throws {
        let land = try WatershedFixture.image("ws_land_f32", Float.self)
        let got = try run(land, v, markers: try WatershedFixture.labels("ws_markers"), mask: try WatershedFixture.mask("ws_mask"))
        #expect(got == (try WatershedFixture.labels("ws_f32_\(v.name)")))
    }

    @Test("plateau-free 16-bit landscape: bucket queue equal to skimage",
          arguments: variants.filter { $0.compactness == 0 })
    func uint16(_ v: Variant) throws {
        let land = try WatershedFixture.image("ws_land_u16u", UInt16.self)
        let got = try run(land, v, markers: try WatershedFixture.labels("ws_markers"), mask: try WatershedFixture.mask("ws_mask"))
        #expect(got == (try WatershedFixture.labels("ws_u16u_\(v.name)")))
    }

    @Test("plateau-free 8-bit landscape: bucket queue equal to skimage", arguments: ["c1", "c2", "c1_wsl", "c2_wsl"])
    func uint8(_ name: String) throws {
        let land = try WatershedFixture.image("ws_land_u8u", UInt8.self)
        let got = try expectScheduleIndependent {
            try land.watershed(markers: try WatershedFixture.labels("ws_markers_small"), connectivity: name.hasPrefix("c2") ? 2 : 1,
                               watershedLine: name.hasSuffix("wsl"))
        }
        #expect(got == (try WatershedFixture.labels("ws_u8u_\(name)")))
    }

    @Test("plateaus, float landscape: the replayed heap equals skimage exactly",
          arguments: variants.filter { ["c1", "c2", "c1_wsl", "c2_mask"].contains($0.name) })
    func plateauFloat(_ v: Variant) throws {
        let land = try WatershedFixture.image("ws_land_u8p", UInt8.self).converted(to: Float.self)
        let got = try run(land.map { $0 * 255 }, v, markers: try WatershedFixture.labels("ws_markers"),
                          mask: try WatershedFixture.mask("ws_mask"))
        #expect(got == (try WatershedFixture.labels("ws_u8pf_\(v.name)")))
    }

    /// The bucket queue differs from skimage's heap only in the order of equal-valued
    /// marker pixels. On this landscape (big plateaus, a 2x2 marker) no pixel moves.
    @Test("plateaus, 8-bit landscape: bucket queue agreement with skimage",
          arguments: variants.filter { $0.compactness == 0 })
    func plateauBucket(_ v: Variant) throws {
        let land = try WatershedFixture.image("ws_land_u8p", UInt8.self)
        let got = try run(land, v, markers: try WatershedFixture.labels("ws_markers"), mask: try WatershedFixture.mask("ws_mask"))
        let expected = try WatershedFixture.labels("ws_u8p_\(v.name)")
        let differing = differingPixels(got, expected)
        #expect(differing == 0, "\(differing) of \(land.pixelCount) pixels differ")
    }

    @Test("-EDT of touching disks with peak_local_max markers equals skimage")
    func edt() throws {
        let mask = try WatershedFixture.mask("ws_edt_mask")
        let markers = try WatershedFixture.labels("ws_edt_markers")
        let land = try mask.distanceTransform().map { -$0 }
        #expect(try land.watershed(markers: markers, mask: mask) == (try WatershedFixture.labels("ws_edt_c1")))
        #expect(try land.watershed(markers: markers, connectivity: 2, mask: mask, watershedLine: true)
                == (try WatershedFixture.labels("ws_edt_c2_wsl")))
    }

    /// A naive reference: repeatedly take the queued pixel with the smallest (priority, age)
    /// by linear search; markers age 0 in raster order. Agrees with any correct priority
    /// queue when keys are distinct.
    static func naive(_ land: [Double], width w: Int, height h: Int, markers: [UInt32], eight: Bool) -> [UInt32] {
        var labels = markers
        var queue: [(value: Double, age: Int, index: Int)] = []
        for i in 0..<(w * h) where markers[i] != 0 { queue.append((land[i], 0, i)) }
        var age = 0
        while !queue.isEmpty {
            var best = 0
            for k in 1..<queue.count where (queue[k].value, queue[k].age) < (queue[best].value, queue[best].age) { best = k }
            let item = queue.remove(at: best)
            let x = item.index % w, y = item.index / w
            let deltas = eight ? [(0, -1), (-1, 0), (1, 0), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)]
                               : [(0, -1), (-1, 0), (1, 0), (0, 1)]
            for (dx, dy) in deltas {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, nx < w, ny >= 0, ny < h else { continue }
                let n = ny * w + nx
                if labels[n] != 0 { continue }
                labels[n] = labels[item.index]
                age += 1
                queue.append((max(land[n], item.value), age, n))
            }
        }
        return labels
    }

    @Test("bucket == heap == naive on random plateau-free landscapes", arguments: [(17, 13, 1), (5, 40, 2), (40, 5, 1), (1, 30, 1), (30, 1, 2)])
    func property(_ c: (Int, Int, Int)) throws {
        let (w, h, conn) = c
        var rng = SeededGenerator(seed: UInt64(w * 1000 + h))
        let n = w * h
        var order = Array(0..<n)
        order.shuffle(using: &rng)
        var values = [UInt16](repeating: 0, count: n)
        for (rank, i) in order.enumerated() { values[i] = UInt16(rank * 7) }
        var markers = [UInt32](repeating: 0, count: n)
        for k in 0..<max(2, n / 40) { markers[Int.random(in: 0..<n, using: &rng)] = UInt32(k + 1) }
        let land16 = Image(width: w, height: h, pixels: values)
        let landF = land16.map { Float($0) }
        let markerMap = LabelMap(ids: Image(width: w, height: h, pixels: markers))
        let expected = Self.naive(values.map(Double.init), width: w, height: h, markers: markers, eight: conn == 2)
        let bucket = try expectScheduleIndependent { try land16.watershed(markers: markerMap, connectivity: conn) }
        let heap = try landF.watershed(markers: markerMap, connectivity: conn)
        #expect(bucket.ids.pixels == expected)
        #expect(heap.ids.pixels == expected)
    }

    @Test("odd sizes and trivial cases")
    func small() throws {
        let one = Image<UInt8>(width: 1, height: 1, pixels: [7])
        let seed = LabelMap(ids: Image(width: 1, height: 1, pixels: [3]))
        #expect(try one.watershed(markers: seed).ids.pixels == [3])
        #expect(try one.watershed(markers: LabelMap(width: 1, height: 1)).ids.pixels == [0])
        // A marker outside the mask is dropped; an unreachable region stays 0.
        let land = Image<Float>(width: 5, height: 3, pixels: (0..<15).map { Float($0) })
        var ids = Image<UInt32>(width: 5, height: 3)
        ids[0, 0] = 1
        ids[4, 2] = 2
        let mask = Mask(width: 5, height: 3) { x, _ in x != 2 }
        let out = try land.watershed(markers: LabelMap(ids: ids), mask: mask)
        #expect(out.ids.pixels == [1, 1, 0, 2, 2, 1, 1, 0, 2, 2, 1, 1, 0, 2, 2])
        let masked = try land.watershed(markers: LabelMap(ids: ids), mask: Mask(width: 5, height: 3) { x, y in !(x == 4 && y == 2) })
        #expect(!masked.ids.pixels.contains(2))
        // A marker id of 2^32-1 takes the general bucket path.
        ids[4, 2] = .max
        let big = try land.converted(to: UInt8.self).watershed(markers: LabelMap(ids: ids), mask: mask)
        #expect(big.ids.pixels == [1, 1, 0, .max, .max, 1, 1, 0, .max, .max, 1, 1, 0, .max, .max])
    }

    @Test("bad input throws")
    func errors() {
        let land = Image<UInt8>(width: 4, height: 3)
        let markers = LabelMap(width: 4, height: 3)
        expectError("watershed") { try Image<UInt8>(width: 0, height: 3).watershed(markers: LabelMap(width: 0, height: 3)) }
        expectError("watershed") { try Image<UInt8>(width: 4, height: 3, channels: 3).watershed(markers: markers) }
        expectError("watershed") { try land.watershed(markers: LabelMap(width: 3, height: 3)) }
        expectError("watershed") { try land.watershed(markers: markers, mask: Mask(width: 4, height: 4)) }
        expectError("watershed") { try land.watershed(markers: markers, connectivity: 3) }
        expectError("watershed") { try land.watershed(markers: markers, compactness: -1) }
        expectError("watershed") { try land.watershed(markers: markers, compactness: .infinity) }
    }
}
