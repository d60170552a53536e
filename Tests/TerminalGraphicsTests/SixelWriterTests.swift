import PixelEngine
import TestSupport
import Testing
@testable import TerminalGraphics

/// The sixel writer against the test decoder: every pixel comes back in its colour, for
/// random pictures of every band shape and palette size (many colours per band, colours
/// that skip columns, runs longer than 255).
@Suite struct SixelWriterTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomIndexPicturesRoundTrip(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let width = Int.random(in: 1...40, using: &generator)
        let height = Int.random(in: 1...20, using: &generator)
        let colors = [1, 2, 7, 256][Int(seed) % 4]
        let palette = (0..<colors).map { _ in
            RGB8(UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                 UInt8.random(in: 0...255, using: &generator))
        }
        var indices = Image<UInt8>(width: width, height: height, channels: 1)
        for y in 0..<height {
            for x in 0..<width {
                // Runs of a colour, then random ones: both paths of the run encoder.
                indices[x, y, 0] = x < width / 3 ? UInt8(y % colors) : UInt8.random(in: 0...UInt8(colors - 1), using: &generator)
            }
        }
        let decoded = try DecodedSixel(SixelWriter.write(indices: indices, palette: palette))
        #expect(decoded.width == width && decoded.height == height)
        for y in 0..<height {
            for x in 0..<width {
                let want = palette[Int(indices[x, y, 0])]
                let got = decoded.color(x: x, y: y)
                #expect(got.map { abs(Int($0.r) - Int(want.r)) <= 3 && abs(Int($0.g) - Int(want.g)) <= 3 && abs(Int($0.b) - Int(want.b)) <= 3 } == true,
                        "(\(x), \(y)) seed \(seed)")
            }
        }
    }

    @Test func longRunsAreSplitAt255() throws {
        let indices = Image<UInt8>(width: 600, height: 7, channels: 1)
        let bytes = SixelWriter.write(indices: indices, palette: [RGB8(10, 20, 30)])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("!255~!255~!90~"))
        #expect(text.contains("!255@!255@!90@"))
        let decoded = try DecodedSixel(bytes)
        #expect(decoded.width == 600 && decoded.height == 7)
    }
}
