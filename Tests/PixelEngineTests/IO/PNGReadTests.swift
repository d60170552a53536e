import Foundation
import Testing
import TestSupport
@testable import PixelEngine

/// The PngSuite-style fixtures from `Scripts/make-fixtures pngcodec`.
private let fixtureNames: [String] = {
    let folder = Fixtures.root.appendingPathComponent("png")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".png") }.map { String($0.dropLast(4)) }.sorted()
}()

private func samples(_ image: AnyImage) -> [Double] {
    switch image {
    case .uint8(let i): i.pixels.map { Double($0) }
    case .uint16(let i): i.pixels.map { Double($0) }
    case .float32(let i): i.pixels.map { Double($0) }
    }
}

@Suite("PNG reading")
struct PNGReadTests {
    @Test("the fixture set covers every colour type, depth and interlacing")
    func fixtureSetIsComplete() {
        #expect(fixtureNames.count == 88)  // 2 sizes x 2 interlacings x 22 kinds
        for kind in ["0g01", "0g02", "0g04", "0g08", "0g16", "2c08", "2c16", "3p01", "3p02", "3p04", "3p08", "4c08", "4c16", "6c08", "6c16"] {
            #expect(fixtureNames.contains("basn\(kind)_32x32"))
            #expect(fixtureNames.contains("basi\(kind)_7x5"))
        }
    }

    @Test("decodes to the expected samples", arguments: fixtureNames)
    func decodesFixture(name: String) throws {
        let decoded = try PNG.read(path: Fixtures.path("png/\(name).png"))
        let expected = try Fixtures.npy("png/\(name).npy")
        let shape = expected.shape
        #expect(decoded.image.height == shape[0])
        #expect(decoded.image.width == shape[1])
        #expect(decoded.image.channels == (shape.count == 3 ? shape[2] : 1))
        #expect(decoded.image.sampleType == (expected.element == .uint16 ? .uint16 : .uint8))
        #expect(samples(decoded.image) == expected.doubles)
        #expect(decoded.interlaced == name.hasPrefix("basi"))
    }

    @Test("an interlaced file equals its non-interlaced twin", arguments: fixtureNames.filter { $0.hasPrefix("basi") })
    func interlacedEqualsTwin(name: String) throws {
        let interlaced = try PNG.readImage(path: Fixtures.path("png/\(name).png"))
        let plain = try PNG.readImage(path: Fixtures.path("png/basn\(name.dropFirst(4)).png"))
        #expect(interlaced == plain)
    }

    @Test("a 1-bit palette image loads with its colours")
    func onePaletteBit() throws {
        let decoded = try PNG.read(path: Fixtures.path("png/basn3p01_32x32.png"))
        #expect(decoded.colorType == .palette)
        #expect(decoded.bitDepth == 1)
        #expect(decoded.palette.count == 2)
        guard case .uint8(let rgb) = decoded.image else { Issue.record("expected 8-bit"); return }
        #expect(rgb.channels == 3)
        for y in 0..<rgb.height {
            for x in 0..<rgb.width {
                let colour = RGB8(rgb[x, y, 0], rgb[x, y, 1], rgb[x, y, 2])
                #expect(decoded.palette.contains(colour))
            }
        }
    }

    @Test("palette indices are kept on request, with the palette and its alpha",
          arguments: ["basn3p01-trns_32x32", "basi3p02-trns_7x5", "basn3p04-trns_7x5", "basn3p08-trns_32x32"])
    func keepsPaletteIndices(name: String) throws {
        let decoded = try PNG.read(path: Fixtures.path("png/\(name).png"), options: .init(keepPaletteIndices: true))
        let indices = try Fixtures.npy("png/\(name).indices.npy")
        #expect(decoded.image.channels == 1)
        #expect(samples(decoded.image) == indices.doubles)
        let colours = try Fixtures.npy("png/\(name).npy").doubles
        // Each pixel's palette entry (with alpha) is the colour the expanded decode gives.
        let index = indices.doubles
        for i in stride(from: 0, to: index.count, by: 7) {
            let entry = Int(index[i])
            let rgba = [decoded.palette[entry].r, decoded.palette[entry].g, decoded.palette[entry].b, decoded.paletteAlpha[entry]]
            #expect(rgba.map { Double($0) } == Array(colours[(4 * i)..<(4 * i + 4)]))
        }
    }

    @Test("Data in and path in agree")
    func dataAndPathAgree() throws {
        let path = Fixtures.path("png/basn6c16_32x32.png")
        let fromData = try PNG.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(fromData == (try PNG.read(path: path)))
    }
}
