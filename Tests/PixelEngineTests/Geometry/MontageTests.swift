import PixelEngine
import Testing
import TestSupport

@Suite("Geometry: montage")
struct GeometryMontageTests {
    @Test func sideBySideAlignsTop() throws {
        let a = Image<UInt8>(width: 2, height: 3, repeating: 10)
        let b = Image<Float>(width: 1, height: 1, pixels: [1])
        let labels = LabelMap(ids: Image(width: 2, height: 2, pixels: [0, 1, 1, 0]))
        let out = try montage([a, b, labels], gap: 1, background: RGB8(5, 6, 7))
        #expect(out.width == 2 + 1 + 1 + 1 + 2 && out.height == 3 && out.channels == 3)
        #expect([out[0, 2, 0], out[0, 2, 1], out[0, 2, 2]] == [10, 10, 10])
        #expect([out[2, 0, 0], out[2, 0, 1], out[2, 0, 2]] == [5, 6, 7])
        #expect([out[3, 0, 0], out[3, 0, 1]] == [255, 255])
        #expect([out[3, 1, 0], out[3, 1, 1], out[3, 1, 2]] == [5, 6, 7])
        let c = LabelPalette.color(for: 1)
        #expect([out[6, 0, 0], out[6, 0, 1], out[6, 0, 2]] == [c.r, c.g, c.b])
        #expect([out[5, 2, 0], out[5, 2, 1], out[5, 2, 2]] == [5, 6, 7])
    }

    @Test func gridLayout() throws {
        let tiles: [any RGBDisplayable] = [Image<UInt8>(width: 3, height: 2), Mask(width: 1, height: 4, filled: true),
                                           Image<UInt16>(width: 2, height: 2, channels: 4), Image<UInt8>(width: 5, height: 1)]
        let out = try montage(tiles, columns: 2, gap: 2)
        // Columns 3 and 5 wide, rows 4 and 2 tall.
        #expect(out.width == 3 + 2 + 5 && out.height == 4 + 2 + 2)
        #expect(out[5, 3, 0] == 255)      // the mask, white
        #expect(out[6, 3, 0] == 255)      // beside the mask: background (white)
        #expect(out[0, 6, 0] == 0)        // the 16-bit RGBA tile, black
        #expect(out[4, 0, 0] == 255)      // beside the 3-wide tile: background
        let single = try montage([Image<UInt8>(width: 1, height: 1, pixels: [9])], columns: 3)
        #expect(single.pixels == [9, 9, 9])
    }

    @Test func montageErrors() {
        expectError("montage") { _ = try montage([]) }
        expectError("montage") { _ = try montage([Image<UInt8>(width: 1, height: 1)], columns: 0) }
        expectError("montage") { _ = try montage([Image<UInt8>(width: 1, height: 1)], gap: -1) }
        expectError("montage") { _ = try montage([Image<UInt8>(width: 0, height: 0)]) }
    }
}
