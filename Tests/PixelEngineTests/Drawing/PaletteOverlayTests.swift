import PixelEngine
import Testing
import TestSupport

@Suite("Drawing: palette, colorize, overlay")
struct DrawingPaletteOverlayTests {
    /// Golden values: the palette must never change between releases.
    @Test func paletteIsStable() {
        #expect(LabelPalette.color(for: 0) == RGB8(0, 0, 0))
        let firsts = (1...6).map { LabelPalette.color(for: $0).description }
        #expect(firsts == Self.golden)
        #expect(LabelPalette.table(count: 4) == (0..<4).map { LabelPalette.color(for: UInt32($0)) })
        #expect(LabelPalette.color(for: .max) == LabelPalette.color(for: .max))
    }
    static let golden = ["#1448c7", "#9fff19", "#c714b1", "#19ffd9", "#c77514", "#8359ff"]

    /// Nearby ids are clearly apart (RGB distance), and no id but 0 is black.
    @Test func neighbouringIDsAreDistinct() {
        func distance(_ a: RGB8, _ b: RGB8) -> Int {
            let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
            return dr * dr + dg * dg + db * db
        }
        for id in UInt32(1)...2000 {
            let c = LabelPalette.color(for: id)
            #expect(max(c.r, c.g, c.b) >= 180, "id \(id) is too dark: \(c)")
            for step in UInt32(1)...3 {
                #expect(distance(c, LabelPalette.color(for: id + step)) > 60 * 60, "ids \(id), \(id + step)")
            }
        }
    }

    @Test func colorizeUsesPalettes() throws {
        let ids = Image<UInt32>(width: 3, height: 2, pixels: [0, 1, 7, 7, 1, 0])
        let rgb = expectScheduleIndependent { LabelMap(ids: ids).colorized() }
        #expect(rgb.channels == 3)
        for i in 0..<6 {
            let c = LabelPalette.color(for: ids.pixels[i])
            #expect(Array(rgb.pixels[(3 * i)..<(3 * i + 3)]) == [c.r, c.g, c.b])
        }
        let classes = try ClassMap(indices: Image(width: 3, height: 1, pixels: [0, 2, 1]), classCount: 3)
        let shown = classes.colorized()
        for i in 0..<3 {
            let c = classes.classes[Int(classes.indices.pixels[i])].color
            #expect(Array(shown.pixels[(3 * i)..<(3 * i + 3)]) == [c.r, c.g, c.b])
        }
        #expect(Mask(width: 2, height: 1) { x, _ in x == 1 }.displayRGB().pixels == [0, 0, 0, 255, 255, 255])
    }

    @Test func displayScalesNominalRanges() {
        #expect(Image<UInt16>(width: 3, height: 1, pixels: [0, 32896, 65535]).displayRGB().pixels == [0, 0, 0, 128, 128, 128, 255, 255, 255])
        #expect(Image<Float>(width: 4, height: 1, pixels: [-1, 0.5, 2, .nan]).displayRGB().pixels == [0, 0, 0, 128, 128, 128, 255, 255, 255, 0, 0, 0])
        #expect(Image<UInt8>(width: 1, height: 1, channels: 4, pixels: [1, 2, 3, 4]).displayRGB().pixels == [1, 2, 3])
        #expect(Image<UInt8>(width: 1, height: 1, channels: 2, pixels: [9, 4]).displayRGB().pixels == [9, 9, 9])
        #expect(AnyImage(Image<UInt8>(width: 1, height: 1, pixels: [7])).displayRGB().pixels == [7, 7, 7])
    }

    /// out = (base·(256 − a) + colour·a + 128) >> 8 on labelled pixels; background untouched.
    @Test(arguments: [1, 2, 3, 4])
    func overlayFormula(channels: Int) throws {
        let img = randomImage(UInt8.self, width: 13, height: 7, channels: channels, seed: 5)
        var rng = SeededGenerator(seed: 11)
        let ids = Image<UInt32>(width: 13, height: 7, pixels: (0..<91).map { _ in UInt32.random(in: 0...4, using: &rng) })
        for alpha in [0.0, 0.3, 1.0] {
            let out = try expectScheduleIndependent { try img.overlay(LabelMap(ids: ids), alpha: alpha) }
            let base = img.displayRGB()
            let a = Int((alpha * 256).rounded())
            for y in 0..<7 { for x in 0..<13 {
                let id = ids[x, y]
                let c = LabelPalette.color(for: id)
                for (k, ck) in [c.r, c.g, c.b].enumerated() {
                    let b = Int(base[x, y, k])
                    let expected = id == 0 ? b : (b * (256 - a) + Int(ck) * a + 128) >> 8
                    #expect(Int(out[x, y, k]) == expected)
                }
            } }
        }
    }

    @Test func overlayMaskAndClasses() throws {
        let img = Image<Float>(width: 2, height: 1, pixels: [0, 1])
        let mask = Mask(width: 2, height: 1) { x, _ in x == 0 }
        #expect(try img.overlay(mask, color: RGB8(255, 0, 0), alpha: 1).pixels == [255, 0, 0, 255, 255, 255])
        let classes = try ClassMap(indices: Image(width: 2, height: 1, pixels: [0, 1]), classCount: 2)
        let c = classes.classes[1].color
        #expect(try img.overlay(classes, alpha: 1).pixels == [0, 0, 0, c.r, c.g, c.b])
    }

    @Test func overlayErrors() {
        let img = Image<UInt8>(width: 3, height: 3)
        expectError("overlay") { _ = try img.overlay(LabelMap(width: 3, height: 2)) }
        expectError("overlay") { _ = try img.overlay(LabelMap(width: 3, height: 3), alpha: 1.5) }
        expectError("overlay") { _ = try img.overlay(Mask(width: 3, height: 3), alpha: -0.1) }
        expectError("overlay") { _ = try img.overlay(Mask(width: 3, height: 3), alpha: .nan) }
        expectError("overlay") { _ = try img.overlay(ClassMap(indices: Image(width: 1, height: 1), classCount: 1)) }
    }
}
