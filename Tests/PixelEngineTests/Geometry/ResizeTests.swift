import PixelEngine
import Testing
import TestSupport

@Suite("Geometry: resize")
struct GeometryResizeTests {
    static let sizes = [(9, 7), (40, 29), (5, 3), (17, 26)]

    /// cv2.resize(INTER_LINEAR) on 8-bit gray and RGB: OpenCV's SIMD rounding may differ
    /// from its scalar formula (which we follow) by one.
    @Test(arguments: ["gray8", "rgb8"])
    func bilinearMatchesOpenCV(name: String) throws {
        let img: Image<UInt8> = try geometryFixture("\(name)_17x13")
        for (w, h) in Self.sizes {
            let expected: Image<UInt8> = try geometryFixture("resize_linear_\(name)_\(w)x\(h)")
            let out = try expectScheduleIndependent { try img.resize(width: w, height: h) }
            expectClose(out, expected, tolerance: 1)
        }
    }

    /// An exact 2x shrink is the mean of each 2x2 block, rounded as OpenCV: exact.
    @Test(arguments: ["gray8", "rgba8"])
    func halfMatchesOpenCVExactly(name: String) throws {
        let img: Image<UInt8> = try geometryFixture("\(name)_36x24")
        let expected: Image<UInt8> = try geometryFixture("resize_linear_\(name)_18x12")
        expectClose(try expectScheduleIndependent { try img.resize(width: 18, height: 12) }, expected)
        expectClose(try img.resize(width: 18, height: 12, interpolation: .area), expected)
    }

    /// cv2.resize(INTER_AREA): exact for integer factors, ±1 otherwise; growing uses
    /// OpenCV's area-mode linear weights.
    @Test(arguments: ["gray8", "rgba8"])
    func areaMatchesOpenCV(name: String) throws {
        let img: Image<UInt8> = try geometryFixture("\(name)_36x24")
        for (w, h, tolerance) in [(18, 12, 0.0), (12, 8, 0), (9, 6, 0), (7, 5, 1), (25, 17, 1), (50, 30, 1)] {
            let expected: Image<UInt8> = try geometryFixture("resize_area_\(name)_\(w)x\(h)")
            let out = try expectScheduleIndependent { try img.resize(width: w, height: h, interpolation: .area) }
            expectClose(out, expected, tolerance: tolerance)
        }
    }

    /// cv2.resize(INTER_NEAREST_EXACT): exact.
    @Test(arguments: ["gray8", "rgb8"])
    func nearestMatchesOpenCV(name: String) throws {
        let img: Image<UInt8> = try geometryFixture("\(name)_17x13")
        for (w, h) in Self.sizes {
            let expected: Image<UInt8> = try geometryFixture("resize_nearest_\(name)_\(w)x\(h)")
            expectClose(try expectScheduleIndependent { try img.resize(width: w, height: h, interpolation: .nearest) }, expected)
        }
    }

    /// skimage.transform.resize(order=1, mode='edge', anti_aliasing=False) on floats.
    @Test func floatBilinearMatchesScikitImage() throws {
        let img: Image<Float> = try geometryFixture("float_17x13")
        for (w, h) in [(9, 7), (40, 29)] {
            let expected: Image<Float> = try geometryFixture("resize_linear_float_\(w)x\(h)")
            expectClose(try img.resize(width: w, height: h), expected, tolerance: 1e-5)
        }
    }

    /// Naive references for every channel count and odd sizes.
    @Test(arguments: [1, 2, 3, 4])
    func matchesNaive(channels: Int) throws {
        for (w, h) in oddSizes {
            let img = randomImage(Float.self, width: w, height: h, channels: channels, seed: UInt64(7 * w + h))
            for (ow, oh) in [(1, 1), (2 * w, 3 * h), (w + 3, max(1, h - 1))] {
                let out = try expectScheduleIndependent { try img.resize(width: ow, height: oh) }
                let nearest = try img.resize(width: ow, height: oh, interpolation: .nearest)
                for y in 0..<oh { for x in 0..<ow { for c in 0..<channels {
                    func coordinate(_ d: Int, _ n: Int, _ m: Int) -> (Int, Int, Double) {
                        let p = (Double(d) + 0.5) * Double(n) / Double(m) - 0.5
                        let clamped = min(max(p, 0), Double(n - 1))
                        let i = Int(clamped)
                        return (i, min(i + 1, n - 1), clamped - Double(i))
                    }
                    let (x0, x1, fx) = coordinate(x, w, ow), (y0, y1, fy) = coordinate(y, h, oh)
                    let v = (1 - fy) * ((1 - fx) * Double(img[x0, y0, c]) + fx * Double(img[x1, y0, c]))
                        + fy * ((1 - fx) * Double(img[x0, y1, c]) + fx * Double(img[x1, y1, c]))
                    #expect(abs(Double(out[x, y, c]) - v) < 1e-5)
                    let nx = min((2 * x + 1) * w / (2 * ow), w - 1), ny = min((2 * y + 1) * h / (2 * oh), h - 1)
                    #expect(nearest[x, y, c] == img[nx, ny, c])
                } } }
            }
        }
    }

    @Test func sixteenBitAndConstantImages() throws {
        let flat = Image<UInt16>(width: 7, height: 5, channels: 2, repeating: 40000)
        for interpolation in Interpolation.allCases {
            for (w, h) in [(3, 2), (14, 10), (1, 9), (7, 5)] {
                #expect(try flat.resize(width: w, height: h, interpolation: interpolation).pixels.allSatisfy { $0 == 40000 })
            }
        }
        let ramp = Image<UInt8>(width: 4, height: 1, pixels: [0, 100, 200, 255])
        #expect(try ramp.resize(width: 2, height: 1).pixels == [50, 228])
    }

    @Test func mapsStayExact() throws {
        let labels = LabelMap(ids: try geometryFixture("labels_20x16"))
        let ids = Set(labels.ids.pixels)
        for (w, h) in [(7, 5), (41, 33), (20, 16), (3, 90)] {
            let out = try expectScheduleIndependent { try labels.resize(width: w, height: h) }
            #expect(out.width == w && out.height == h)
            #expect(Set(out.ids.pixels).isSubset(of: ids))
            #expect(out.ids == (try labels.ids.resize(width: w, height: h, interpolation: .nearest)))
        }
        let mask = Mask(nonzero: try geometryFixture("mask_20x16"))
        #expect(try mask.resize(width: 40, height: 32).count == 4 * mask.count)
        let classes = try ClassMap(indices: Image(width: 2, height: 1, pixels: [0, 2]), classCount: 3)
        #expect(try classes.resize(width: 4, height: 1).indices.pixels == [0, 0, 2, 2])
    }

    @Test func resizeErrors() {
        let img = Image<UInt8>(width: 4, height: 4)
        expectError("resize") { _ = try img.resize(width: 0, height: 3) }
        expectError("resize") { _ = try img.resize(width: 3, height: -1) }
        expectError("resize") { _ = try img.resize(width: 1 << 31, height: 1 << 31) }
        expectError("resize") { _ = try img.resize(width: Int.max, height: Int.max) }
        expectError("resize") { _ = try img.resize(width: 1 << 20, height: 1 << 20, interpolation: .nearest) }
        expectError("resize") { _ = try Image<Float>(width: 0, height: 2).resize(width: 2, height: 2) }
        expectError("resize") { _ = try LabelMap(width: 3, height: 3).resize(width: 0, height: 0) }
        expectError("resize") { _ = try Mask(width: 0, height: 3).resize(width: 1, height: 1) }
    }
}
