import PixelEngine
import TestSupport
import Testing
@testable import TerminalGraphics

/// Colours come back from sixel as percentages: within 3/255.
private func close(_ a: RGB8?, _ b: RGB8) -> Bool {
    guard let a else { return false }
    return abs(Int(a.r) - Int(b.r)) <= 3 && abs(Int(a.g) - Int(b.g)) <= 3 && abs(Int(a.b) - Int(b.b)) <= 3
}

@Suite("SixelEncoder")
struct SixelEncoderTests {
    @Test func envelopeAndRasterAttributes() throws {
        let image = randomImage(UInt8.self, width: 13, height: 7, channels: 3, seed: 1)
        let bytes = try SixelEncoder.encode(rgb: image, colors: 256)
        #expect(Array(bytes.prefix(2)) == [0x1B, UInt8(ascii: "P")])
        #expect(Array(bytes.suffix(2)) == [0x1B, UInt8(ascii: "\\")])
        // Only 7-bit bytes: no C1 controls that UTF-8 terminals would misread.
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let decoded = try DecodedSixel(bytes)
        #expect(decoded.declaredWidth == 13 && decoded.declaredHeight == 7)
        #expect(decoded.width == 13 && decoded.height == 7)
    }

    @Test func fewColoursAreExact() throws {
        // Four flat colours: sent as an exact palette, every pixel its own colour.
        let colors = [RGB8(255, 0, 0), RGB8(0, 128, 255), RGB8(10, 200, 30), RGB8(250, 250, 250)]
        var image = Image<UInt8>(width: 12, height: 9, channels: 3)
        for y in 0..<9 {
            for x in 0..<12 {
                let c = colors[(x / 3 + y) % 4]
                (image[x, y, 0], image[x, y, 1], image[x, y, 2]) = (c.r, c.g, c.b)
            }
        }
        let decoded = try DecodedSixel(try SixelEncoder.encode(rgb: image, colors: 256))
        #expect(decoded.palette.count == 4)
        for y in 0..<9 {
            for x in 0..<12 {
                let c = colors[(x / 3 + y) % 4]
                #expect(close(decoded.color(x: x, y: y), c), "(\(x), \(y))")
            }
        }
    }

    @Test func photographIsQuantisedToTheRegisterCount() throws {
        let image = randomImage(UInt8.self, width: 40, height: 30, channels: 3, seed: 7)
        for registers in [16, 256] {
            let decoded = try DecodedSixel(try SixelEncoder.encode(rgb: image, colors: registers))
            #expect(decoded.palette.count <= registers)
            #expect(decoded.palette.count > 1)
            #expect(decoded.width == 40 && decoded.height == 30)
            #expect(decoded.registers.allSatisfy { row in row.allSatisfy { decoded.palette[$0] != nil } })
        }
    }

    @Test func indexedKeepsThePalette() throws {
        let palette = [RGB8(0, 0, 0), RGB8(255, 255, 255), RGB8(1, 2, 3), RGB8(4, 5, 6)]
        let indices = Image<UInt8>(width: 4, height: 2, pixels: [0, 1, 2, 3, 3, 2, 1, 0])
        let decoded = try DecodedSixel(SixelEncoder.encode(indexed: indices, palette: palette))
        for y in 0..<2 {
            for x in 0..<4 {
                #expect(close(decoded.color(x: x, y: y), palette[Int(indices[x, y])]))
            }
        }
        // Colours closer than sixel's 1 % steps still get separate registers.
        #expect(Set(decoded.registers.flatMap { $0 }).count == 4)
    }

    @Test func everyInstanceOfA64LabelMapKeepsItsOwnColour() throws {
        let labels = LiveSamples.labelGrid(side: 64, cells: 8)
        let display = Display(backend: .sixel, capabilities: TerminalCapabilities(columns: 80, rows: 24))
        let picture = try display.prepare(.labels(labels), size: PixelSize(width: 256, height: 256), checker: 8, columnWidth: 10).0
        guard case .indexed(let indices, let palette) = picture else {
            Issue.record("labels are not sent as palette data")
            return
        }
        let decoded = try DecodedSixel(SixelEncoder.encode(indexed: indices, palette: palette))
        // Sample each instance at the centre of its (4× enlarged) square.
        var registers: [UInt32: Int] = [:]
        var colors = Set<RGB8>()
        for id in labels.labels {
            let cell = Int(id - 1)
            let x = ((cell % 8) * 8 + 4) * 4, y = ((cell / 8) * 8 + 4) * 4
            registers[id] = decoded.registers[y][x]
            let color = try #require(decoded.color(x: x, y: y))
            #expect(close(color, LabelPalette.color(for: id)), "id \(id)")
            colors.insert(color)
        }
        #expect(Set(registers.values).count == 64)
        #expect(colors.count == 64)
        // Background is black.
        #expect(close(decoded.color(x: 0, y: 0), RGB8(0, 0, 0)))
    }

    @Test func labelSlotsFollowTheDocumentedRules() {
        // Small ids: slot = id.
        let small = LabelSlots(ids: Image<UInt32>(width: 3, height: 1, pixels: [0, 5, 9]), paletteSize: 256)
        #expect(small.slot(for: 9) == 9)
        #expect(small.palette.count == 10)
        #expect(small.palette[9] == LabelPalette.color(for: 9))
        // Large but few ids: dense slots in id order, each with its own colour.
        let sparse = LabelSlots(ids: Image<UInt32>(width: 3, height: 1, pixels: [70_000, 3, 1_000]), paletteSize: 256)
        #expect(sparse.slot(for: 3) == 1 && sparse.slot(for: 1_000) == 2 && sparse.slot(for: 70_000) == 3)
        #expect(sparse.palette == [RGB8(0, 0, 0), LabelPalette.color(for: 3), LabelPalette.color(for: 1_000),
                                   LabelPalette.color(for: 70_000)])
        // More ids than registers: wrap into 1…(n − 1).
        let many = LabelSlots(ids: Image<UInt32>(width: 40, height: 1, pixels: (1...40).map { UInt32($0) }), paletteSize: 16)
        #expect(many.palette.count == 16)
        #expect(many.slot(for: 15) == 15 && many.slot(for: 16) == 1 && many.slot(for: 40) == 10)
        #expect(many.slot(for: 0) == 0)
    }

    @Test(arguments: 1...7)
    func shortPicturesStartAtTheTop(height: Int) throws {
        // libsixel 1.10 starts pictures under 6 rows with a stray graphics new line.
        let image = randomImage(UInt8.self, width: 5, height: height, channels: 3, seed: UInt64(height))
        let decoded = try DecodedSixel(try SixelEncoder.encode(rgb: image, colors: 256))
        #expect(decoded.height == height)
        #expect(decoded.registers.allSatisfy { $0.count == 5 && !$0.contains(-1) })
    }

    @Test func aDitherIsNotReused() throws {
        // Encoding a palette picture and then an RGB one (and again) gives the same bytes
        // as encoding each alone: no state carries over between pictures.
        let rgb = randomImage(UInt8.self, width: 30, height: 20, channels: 3, seed: 3)
        let indexed = Image<UInt8>(width: 2, height: 2, pixels: [0, 1, 1, 0])
        let first = try SixelEncoder.encode(rgb: rgb, colors: 64)
        _ = SixelEncoder.encode(indexed: indexed, palette: [RGB8(0, 0, 0), RGB8(255, 0, 0)])
        #expect(try SixelEncoder.encode(rgb: rgb, colors: 64) == first)
    }
}
