import PixelEngine
import Testing
import TestSupport

@Suite("Geometry: crop")
struct GeometryCropTests {
    @Test(arguments: [1, 2, 3, 4])
    func cropMatchesNaive(channels: Int) throws {
        let img = randomImage(UInt16.self, width: 13, height: 9, channels: channels, seed: 7)
        for (x, y, w, h) in [(0, 0, 13, 9), (2, 3, 5, 4), (12, 8, 1, 1), (0, 4, 13, 1), (6, 0, 1, 9)] {
            let out = try expectScheduleIndependent { try img.crop(x: x, y: y, width: w, height: h) }
            #expect(out.width == w && out.height == h && out.channels == channels)
            for yy in 0..<h { for xx in 0..<w { for c in 0..<channels {
                #expect(out[xx, yy, c] == img[x + xx, y + yy, c])
            } } }
        }
    }

    @Test func cropMapsKeepTheirKind() throws {
        let labels = LabelMap(ids: try geometryFixture("labels_20x16"))
        let part = try labels.crop(x: 2, y: 2, width: 10, height: 6)
        #expect(part.ids == (try labels.ids.crop(x: 2, y: 2, width: 10, height: 6)))
        let mask = Mask(nonzero: try geometryFixture("mask_20x16"))
        #expect(try mask.crop(x: 0, y: 0, width: 20, height: 16) == mask)
        let classes = try ClassMap(indices: Image(width: 3, height: 1, pixels: [0, 1, 2]), classCount: 3)
        #expect(try classes.crop(x: 1, y: 0, width: 2, height: 1).indices.pixels == [1, 2])
    }

    @Test func cropErrors() {
        let img = Image<UInt8>(width: 4, height: 3)
        for (x, y, w, h) in [(0, 0, 0, 1), (0, 0, 1, -1), (-1, 0, 2, 2), (3, 0, 2, 1), (0, 2, 1, 2), (0, 0, 5, 3), (Int.max, 0, 1, 1)] {
            expectError("crop") { _ = try img.crop(x: x, y: y, width: w, height: h) }
        }
        expectError("crop") { _ = try Image<UInt8>(width: 0, height: 0).crop(x: 0, y: 0, width: 1, height: 1) }
        expectError("crop") { _ = try LabelMap(width: 2, height: 2).crop(x: 1, y: 1, width: 2, height: 2) }
    }
}

@Suite("Geometry: pad")
struct GeometryPadTests {
    /// numpy.pad(img, ((3, 9), (2, 12)), mode) on a 5x4 image: pads wider than the image.
    @Test(arguments: [("constant", BorderMode.constant(7)), ("edge", .nearest), ("reflect", .mirror),
                      ("symmetric", .reflect), ("wrap", .wrap)])
    func padMatchesNumPy(name: String, mode: BorderMode) throws {
        let img: Image<UInt8> = try geometryFixture("gray8_5x4")
        let expected: Image<UInt8> = try geometryFixture("pad_\(name)")
        let out = try expectScheduleIndependent { try img.pad(top: 3, bottom: 9, left: 2, right: 12, mode: mode) }
        expectClose(out, expected)
    }

    @Test(arguments: [1, 2, 3, 4])
    func padAllChannels(channels: Int) throws {
        for (w, h) in oddSizes {
            let img = randomImage(Float.self, width: w, height: h, channels: channels, seed: UInt64(w * 10 + h))
            let out = try img.pad(top: 1, bottom: 2, left: 3, right: 0, mode: .mirror)
            #expect(out.width == w + 3 && out.height == h + 3)
            for y in 0..<out.height { for x in 0..<out.width { for c in 0..<channels {
                let sx = BorderMode.mirror.sourceIndex(x - 3, count: w)!
                let sy = BorderMode.mirror.sourceIndex(y - 1, count: h)!
                #expect(out[x, y, c] == img[sx, sy, c])
            } } }
            #expect(try img.pad(0) == img)
        }
    }

    @Test func padConstantRoundsAndClamps() throws {
        let img = Image<UInt8>(width: 1, height: 1, pixels: [5])
        #expect(try img.pad(1, mode: .constant(300)).pixels.filter { $0 == 255 }.count == 8)
        #expect(try img.pad(1, mode: .constant(2.5)).pixels[0] == 3)
        #expect(try Image<UInt8>(width: 0, height: 0).pad(1, mode: .constant(9)).pixels == [UInt8](repeating: 9, count: 4))
    }

    @Test func padMaps() throws {
        let labels = LabelMap(ids: Image(width: 2, height: 1, pixels: [3, 4]))
        #expect(try labels.pad(top: 0, bottom: 0, left: 1, right: 1).ids.pixels == [0, 3, 4, 0])
        #expect(try labels.pad(top: 0, bottom: 0, left: 1, right: 1, mode: .nearest).ids.pixels == [3, 3, 4, 4])
        let mask = Mask(width: 1, height: 1, filled: true)
        #expect(try mask.pad(top: 1, bottom: 0, left: 0, right: 0, mode: .constant(5)).bits.pixels == [1, 1])
        let classes = try ClassMap(indices: Image(width: 1, height: 1, pixels: [1]), classCount: 2)
        #expect(try classes.pad(top: 0, bottom: 0, left: 1, right: 0, mode: .constant(1)).indices.pixels == [1, 1])
        expectError("pad") { _ = try classes.pad(top: 1, bottom: 0, left: 0, right: 0, mode: .constant(2)) }
        expectError("pad") { _ = try classes.pad(top: 1, bottom: 0, left: 0, right: 0, mode: .constant(1e30)) }
        expectError("pad") { _ = try classes.pad(top: 1, bottom: 0, left: 0, right: 0, mode: .constant(.nan)) }
    }

    @Test func padErrors() {
        let img = Image<UInt8>(width: 2, height: 2)
        expectError("pad") { _ = try img.pad(top: -1, bottom: 0, left: 0, right: 0) }
        expectError("pad") { _ = try img.pad(top: 0, bottom: 0, left: 0, right: -3) }
        expectError("pad") { _ = try Image<UInt8>(width: 0, height: 3).pad(1, mode: .wrap) }
        expectError("pad") { _ = try img.pad(1 << 40) }
        expectError("pad") { _ = try img.pad(top: 0, bottom: 0, left: Int.max, right: Int.max) }
        expectError("pad") { _ = try img.pad(top: 1 << 20, bottom: 0, left: 1 << 20, right: 0) }
    }
}
