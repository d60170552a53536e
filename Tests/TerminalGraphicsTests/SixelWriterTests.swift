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

/// The Atkinson mapping against a plain transcription of its documentation: a full-size
/// error image, each pixel's error (value − palette colour, shifted right by 3) added to
/// (x+1, y), (x+2, y), (x−1, y+1), (x, y+1), (x+1, y+1), (x, y+2); the nearest colour
/// cached per 5-bit bucket, the first query deciding.
@Suite struct SixelDiffusionTests {
    static func reference(_ rgb: Image<UInt8>, palette: [RGB8]) -> [UInt8] {
        let w = rgb.width, h = rgb.height
        var error = [[Int32]](repeating: [0, 0, 0], count: (w + 4) * (h + 2))
        var cache: [Int: Int] = [:]
        var out: [UInt8] = []
        for y in 0..<h {
            for x in 0..<w {
                var v: [Int32] = [0, 0, 0]
                for k in 0..<3 { v[k] = min(255, max(0, Int32(rgb[x, y, k]) + error[y * (w + 4) + x + 2][k])) }
                let key = Int(v[0] >> 3) << 10 | Int(v[1] >> 3) << 5 | Int(v[2] >> 3)
                let index = cache[key] ?? {
                    var best = Int32.max, bestIndex = 0
                    for (i, c) in palette.enumerated() {
                        let d = (v[0] - Int32(c.r)) * (v[0] - Int32(c.r)) + (v[1] - Int32(c.g)) * (v[1] - Int32(c.g))
                            + (v[2] - Int32(c.b)) * (v[2] - Int32(c.b))
                        if d < best { best = d; bestIndex = i }
                    }
                    return bestIndex
                }()
                cache[key] = index
                out.append(UInt8(index))
                let c = palette[index]
                let e = [(v[0] - Int32(c.r)) >> 3, (v[1] - Int32(c.g)) >> 3, (v[2] - Int32(c.b)) >> 3]
                for (dx, dy) in [(1, 0), (2, 0), (-1, 1), (0, 1), (1, 1), (0, 2)] where y + dy < h + 2 {
                    for k in 0..<3 { error[(y + dy) * (w + 4) + x + dx + 2][k] += e[k] }
                }
            }
        }
        return out
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func matchesTheReference(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let image = randomImage(UInt8.self, width: 37, height: 23, channels: 3, seed: seed)
        let palette = (0..<16).map { _ in
            RGB8(UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                 UInt8.random(in: 0...255, using: &generator))
        }
        #expect(SixelDiffusion.atkinson(image, palette: palette).pixels == Self.reference(image, palette: palette))
    }
}
