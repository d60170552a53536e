import Foundation
import PixelEngine
import TestSupport
import Testing
@testable import TerminalGraphics

private func text(_ r: RenderedDisplay) -> String { String(decoding: r.bytes, as: UTF8.self) }

/// A fresh folder for PNG output.
private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "segsh-graphics-tests-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("Display")
struct DisplayTests {
    static let terminal = TerminalCapabilities(isTerminal: true, sixel: true, colorRegisters: 256,
                                               cellSize: PixelSize(width: 10, height: 20),
                                               windowPixels: PixelSize(width: 800, height: 480),
                                               columns: 80, rows: 24, truecolor: true, noColor: true)

    @Test func noneModeSavesAPNGAndPrintsItsPath() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let display = Display(backend: .pngFile, capabilities: Self.terminal, fileDirectory: folder)
        let image = randomImage(UInt16.self, width: 9, height: 5, channels: 3, seed: 2)
        let out = try display.render(.image(AnyImage(image)), caption: "noise")
        let path = try #require(out.file)
        #expect(path.hasPrefix(folder + "/show-") && path.hasSuffix(".png"))
        #expect(text(out) == "noise\n\(path)\n")
        #expect(out.rows == 2)
        // The full-resolution picture, exactly.
        #expect(try PNG.readImage(path: path) == AnyImage(image))
        // The same picture goes to the same file; no temporary files are left behind.
        #expect(try display.render(.image(AnyImage(image))).file == path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [(path as NSString).lastPathComponent])
    }

    @Test func noneModeSavesMapsAsPictures() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let display = Display(backend: .pngFile, capabilities: Self.terminal, fileDirectory: folder)
        let labels = LiveSamples.labelGrid(side: 16, cells: 2)
        let out = try display.render(.labels(labels))
        #expect(text(out).hasPrefix("4 instances\n"))
        #expect(try PNG.readImage(path: try #require(out.file)) == AnyImage(labels.colorized()))
        let mask = Mask(width: 3, height: 2) { x, _ in x == 1 }
        let maskOut = try display.render(.mask(mask))
        #expect(try PNG.readImage(path: try #require(maskOut.file)) == AnyImage(mask.image))
    }

    @Test func noneModeReportsAnUnwritableFolder() {
        let display = Display(backend: .pngFile, capabilities: Self.terminal, fileDirectory: "/proc/segsh-no/such")
        #expect(throws: GraphicsError.self) {
            try display.render(.mask(Mask(width: 2, height: 2)))
        }
    }

    @Test func sixelOutputEndsBelowThePicture() throws {
        let display = Display(backend: .sixel, capabilities: Self.terminal)
        let out = try display.render(.mask(Mask(width: 8, height: 8) { x, y in x == y }), caption: "diagonal")
        // 8x8 grows 32× to 256 px: 13 rows of 20 px, then the caption.
        #expect(Array(out.bytes.prefix(2)) == [0x1B, UInt8(ascii: "P")])
        let end = try #require(out.bytes.firstIndex(of: UInt8(ascii: "\\")))
        #expect(out.bytes[end - 1] == 0x1B)
        #expect(String(decoding: out.bytes[(end + 1)...], as: UTF8.self) == "\ndiagonal\n")
        #expect(out.rows == 14)
        let decoded = try DecodedSixel(Array(out.bytes[...end]))
        #expect(decoded.width == 256 && decoded.height == 256)
        #expect(decoded.palette.count == 2)
        #expect(decoded.color(x: 40, y: 40) == RGB8(255, 255, 255))
        #expect(decoded.color(x: 40, y: 0) == RGB8(0, 0, 0))
    }

    @Test func largeImageIsScaledIntoTheWindow() throws {
        let display = Display(backend: .sixel, capabilities: Self.terminal)
        let image = LiveSamples.gradient(width: 900, height: 600)
        let out = try display.render(.image(AnyImage(image)))
        let decoded = try DecodedSixel(Array(out.bytes.dropLast()))
        // Window 800x480 less two 20-px rows: 440 px high, aspect 3:2.
        #expect(decoded.declaredWidth == 660 && decoded.declaredHeight == 440)
        #expect(out.rows == 22)
    }

    @Test func paletteSizeFollowsTheColourRegisters() throws {
        var caps = Self.terminal
        caps.colorRegisters = 16
        let display = Display(backend: .sixel, capabilities: caps)
        #expect(display.paletteSize == 16)
        let image = randomImage(UInt8.self, width: 300, height: 20, channels: 3, seed: 9)
        let decoded = try DecodedSixel(Array(try display.render(.image(AnyImage(image))).bytes.dropLast()))
        #expect(decoded.palette.count <= 16)
        caps.colorRegisters = 4096
        #expect(Display(backend: .sixel, capabilities: caps).paletteSize == 256)
    }

    @Test func labelCaptionCountsInstances() throws {
        let display = Display(backend: .truecolorBlocks, capabilities: Self.terminal)
        let one = LabelMap(ids: Image<UInt32>(width: 2, height: 2, pixels: [0, 0, 0, 7]))
        #expect(text(try display.render(.labels(one))).hasSuffix("\u{1B}[0m\n1 instance\n"))
        let many = LiveSamples.labelGrid(side: 64, cells: 8)
        #expect(text(try display.render(.labels(many), caption: "cells")).hasSuffix("\u{1B}[0m\ncells\n64 instances\n"))
    }

    @Test func classLegend() throws {
        let classes = try ClassMap(indices: Image<UInt8>(width: 2, height: 1, pixels: [0, 1]), classes: [
            SemanticClass(name: "background", color: RGB8(0, 0, 0)),
            SemanticClass(name: "cell", color: RGB8(230, 159, 0)),
        ])
        let plain = Display(backend: .truecolorBlocks, capabilities: Self.terminal)
        #expect(text(try plain.render(.classes(classes))).hasSuffix("\u{1B}[0m\n   background     cell\n"))
        var caps = Self.terminal
        caps.noColor = false
        let colored = Display(backend: .truecolorBlocks, capabilities: caps)
        #expect(text(try colored.render(.classes(classes))).hasSuffix(
            "\u{1B}[48;2;0;0;0m  \u{1B}[49m background  \u{1B}[48;2;230;159;0m  \u{1B}[49m cell\n"))
    }

    @Test func blocksOfASmallMask() throws {
        let display = Display(backend: .ansi256Blocks, capabilities: Self.terminal)
        let out = try display.render(.mask(Mask(width: 8, height: 8, filled: true)))
        // 8x8 grows 4× to 32 block pixels: 16 lines of 32 white half blocks.
        let line = "\u{1B}[38;5;231m\u{1B}[48;5;231m" + String(repeating: "▀", count: 32) + "\u{1B}[0m\n"
        #expect(text(out) == String(repeating: line, count: 16))
        #expect(out.rows == 16)
    }

    @Test func alphaIsCompositedOverACheckerboard() throws {
        // Transparent red over the checkerboard; opaque pixels keep their colour.
        var rgba = Image<UInt8>(width: 16, height: 16, channels: 4)
        for y in 0..<16 { for x in 0..<16 { rgba[x, y, 0] = 255; rgba[x, y, 3] = x < 8 ? 0 : 255 } }
        let rgb = try PictureMaker.rgb(AnyImage(rgba), size: PixelSize(width: 16, height: 16), checker: 4)
        #expect(rgb.channels == 3)
        #expect((rgb[0, 0, 0], rgb[0, 0, 1]) == (0x66, 0x66))
        #expect((rgb[4, 0, 0], rgb[4, 0, 1]) == (0x99, 0x99))
        #expect((rgb[4, 4, 0], rgb[4, 4, 1]) == (0x66, 0x66))
        #expect((rgb[12, 3, 0], rgb[12, 3, 1], rgb[12, 3, 2]) == (255, 0, 0))
        // Float gray+alpha, half transparent white over dark squares.
        let ga = Image<Float>(width: 2, height: 1, channels: 2, pixels: [1, 0.5, 1, 1])
        let shown = try PictureMaker.rgb(AnyImage(ga), size: PixelSize(width: 2, height: 1), checker: 8)
        let expected: Int = (255 * 128 + 0x66 * 127 + 127) / 255
        #expect(Int(shown[0, 0, 0]) == expected)
        #expect(shown[1, 0, 0] == 255)
    }

    @Test func montagePutsCaptionsUnderTheirTiles() throws {
        let display = Display(backend: .truecolorBlocks, capabilities: Self.terminal)
        let a = Image<UInt8>(width: 20, height: 10, channels: 3, repeating: 200)
        let b = Mask(width: 10, height: 10, filled: true)
        let out = try display.render(.montage([DisplayTile(.image(AnyImage(a)), caption: "image"),
                                               DisplayTile(.mask(b), caption: "a long caption")]))
        // 20 + 2 + 10 = 32 block pixels wide, 10 high (fits, long side not below 32): the
        // second tile starts at column 22 and has 10 columns, so its caption is cut to 9.
        let lines = text(out).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 7)
        #expect(lines[0].filter { $0 == "▀" }.count == 32)
        #expect(lines[5] == "image" + String(repeating: " ", count: 17) + "a long c…")
        #expect(out.rows == 6)
    }

    @Test func emptyPictureIsText() throws {
        let display = Display(backend: .sixel, capabilities: Self.terminal)
        let out = try display.render(.image(AnyImage(Image<UInt8>(width: 0, height: 5))), caption: "nothing")
        #expect(text(out) == "(empty 0x5 picture)\nnothing\n")
    }
}
