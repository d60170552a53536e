import Segmentation
import Testing
import TestSupport

@Suite("Watershed: reconstruction, h-maxima, regional maxima")
struct WatershedExtremaTests {
    @Test("reconstruction equals skimage (8-bit dilation and erosion, both connectivities; float)")
    func reconstruction() throws {
        let mask = try WatershedFixture.image("hm_u8", UInt8.self)
        let seed = try WatershedFixture.image("rec_seed_u8", UInt8.self)
        #expect(try seed.reconstruction(mask: mask) == (try WatershedFixture.image("rec_dil_u8", UInt8.self)))
        #expect(try seed.reconstruction(mask: mask, connectivity: 1) == (try WatershedFixture.image("rec_dil_u8_c1", UInt8.self)))
        let eseed = try WatershedFixture.image("rec_eseed_u8", UInt8.self)
        #expect(try eseed.reconstruction(mask: mask, method: .erosion) == (try WatershedFixture.image("rec_ero_u8", UInt8.self)))
        let fmask = try WatershedFixture.image("hm_f", Float.self)
        let fseed = try WatershedFixture.image("rec_seed_f", Float.self)
        #expect(try fseed.reconstruction(mask: fmask) == (try WatershedFixture.image("rec_dil_f", Float.self)))
    }

    /// Naive reconstruction by dilation: iterate geodesic dilations to stability.
    static func naiveReconstruction(_ seed: [UInt16], _ mask: [UInt16], w: Int, h: Int, eight: Bool) -> [UInt16] {
        var cur = seed
        var changed = true
        while changed {
            changed = false
            var next = cur
            for y in 0..<h {
                for x in 0..<w {
                    var m = cur[y * w + x]
                    for dy in -1...1 {
                        for dx in -1...1 where (eight || dx == 0 || dy == 0) {
                            let nx = x + dx, ny = y + dy
                            if nx >= 0, nx < w, ny >= 0, ny < h { m = max(m, cur[ny * w + nx]) }
                        }
                    }
                    m = min(m, mask[y * w + x])
                    if m != next[y * w + x] { next[y * w + x] = m; changed = true }
                }
            }
            cur = next
        }
        return cur
    }

    @Test("fast == naive on random images", arguments: [(19, 13), (1, 9), (9, 1), (3, 5), (30, 30)])
    func property(_ size: (Int, Int)) throws {
        let (w, h) = size
        let mask = randomImage(UInt16.self, width: w, height: h, seed: UInt64(w * 7 + h))
        let noise = randomImage(UInt16.self, width: w, height: h, seed: UInt64(w * 11 + h))
        let seed = mask.zip(noise) { m, n in n % 5 == 0 ? m : m / 4 }
        for conn in [1, 2] {
            let got = try seed.reconstruction(mask: mask, connectivity: conn)
            #expect(got.pixels == Self.naiveReconstruction(seed.pixels, mask.pixels, w: w, h: h, eight: conn == 2))
        }
    }

    @Test("h_maxima equals skimage", arguments: ["u8_h1", "u8_h3", "u8_h10", "u8_h40", "u8_h2.5", "f_h0.01", "f_h0.05", "f_h0.2"])
    func hMaxima(_ name: String) throws {
        let h = Double(name.split(separator: "h").last!)!
        let expected = try WatershedFixture.mask("hm_\(name)")
        if name.hasPrefix("u8") {
            #expect(try WatershedFixture.image("hm_u8", UInt8.self).hMaxima(h: h) == expected)
        } else {
            #expect(try WatershedFixture.image("hm_f", Float.self).hMaxima(h: h) == expected)
        }
    }

    @Test("local_maxima equals skimage", arguments: ["u8", "f", "u8p"], [1, 2])
    func regionalMaxima(_ name: String, _ connectivity: Int) throws {
        let expected = try WatershedFixture.mask("lm_\(name)_c\(connectivity)")
        let got: Mask
        switch name {
        case "f": got = try WatershedFixture.image("hm_f", Float.self).regionalMaxima(connectivity: connectivity)
        case "u8": got = try WatershedFixture.image("hm_u8", UInt8.self).regionalMaxima(connectivity: connectivity)
        default: got = try WatershedFixture.image("ws_land_u8p", UInt8.self).regionalMaxima(connectivity: connectivity)
        }
        #expect(got == expected)
    }

    @Test("small and constant images")
    func small() throws {
        #expect(try Image<UInt8>(width: 4, height: 3, repeating: 5).regionalMaxima().count == 0)
        #expect(try Image<UInt8>(width: 4, height: 1, pixels: [1, 2, 2, 1]).regionalMaxima().bits.pixels == [0, 1, 1, 0])
        #expect(try Image<UInt8>(width: 1, height: 1, pixels: [3]).regionalMaxima().count == 0)
        #expect(try Image<UInt8>(width: 3, height: 1, pixels: [9, 1, 5]).hMaxima(h: 4).bits.pixels == [1, 0, 1])
        #expect(try Image<UInt8>(width: 3, height: 1, pixels: [9, 1, 5]).hMaxima(h: 5).bits.pixels == [1, 0, 0])
        #expect(try Image<UInt8>(width: 3, height: 1, pixels: [9, 1, 5]).hMaxima(h: 9).count == 0)
        let one = Image<Float>(width: 1, height: 1, pixels: [0.5])
        #expect(try one.reconstruction(mask: one) == one)
    }

    @Test("bad input throws")
    func errors() {
        let a = Image<UInt8>(width: 3, height: 2, repeating: 4)
        let b = Image<UInt8>(width: 3, height: 2, repeating: 2)
        expectError("reconstruction") { try a.reconstruction(mask: b) }
        expectError("reconstruction") { try b.reconstruction(mask: a, method: .erosion) }
        expectError("reconstruction") { try b.reconstruction(mask: Image<UInt8>(width: 2, height: 2)) }
        expectError("reconstruction") { try b.reconstruction(mask: a, connectivity: 0) }
        expectError("reconstruction") { try Image<UInt8>(width: 0, height: 2).reconstruction(mask: Image<UInt8>(width: 0, height: 2)) }
        expectError("hMaxima") { try a.hMaxima(h: 0) }
        expectError("hMaxima") { try a.hMaxima(h: .nan) }
        expectError("hMaxima") { try a.hMaxima(h: 1, connectivity: 3) }
        expectError("hMaxima") { try Image<UInt8>(width: 3, height: 2, channels: 3).hMaxima(h: 1) }
        expectError("regionalMaxima") { try a.regionalMaxima(connectivity: 5) }
        expectError("regionalMaxima") { try Image<Float>(width: 0, height: 0).regionalMaxima() }
    }
}
