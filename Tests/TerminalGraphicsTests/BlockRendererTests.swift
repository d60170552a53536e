import PixelEngine
import Testing
@testable import TerminalGraphics

/// An RGB image from rows of colour letters.
func letterImage(_ rows: [String]) -> Image<UInt8> {
    let colors: [Character: RGB8] = [
        "R": RGB8(255, 0, 0), "G": RGB8(0, 255, 0), "B": RGB8(0, 0, 255),
        "K": RGB8(0, 0, 0), "W": RGB8(255, 255, 255), "Y": RGB8(128, 128, 128),
    ]
    let pixels = rows.flatMap { row in row.flatMap { c in [colors[c]!.r, colors[c]!.g, colors[c]!.b] } }
    return Image(width: rows[0].count, height: rows.count, channels: 3, pixels: pixels)
}

@Suite("BlockRenderer")
struct BlockRendererTests {
    static let image4x4 = letterImage(["RRGG", "KKKW", "BBBB", "BBBB"])

    @Test func truecolor4x4Exactly() {
        let out = String(decoding: BlockRenderer.render(rgb: Self.image4x4, colors: .truecolor), as: UTF8.self)
        let expected = "\u{1B}[38;2;255;0;0m\u{1B}[48;2;0;0;0m▀▀\u{1B}[38;2;0;255;0m▀\u{1B}[48;2;255;255;255m▀\u{1B}[0m\n"
            + "\u{1B}[38;2;0;0;255m\u{1B}[48;2;0;0;255m▀▀▀▀\u{1B}[0m\n"
        #expect(out == expected)
    }

    @Test func ansi256For4x4Exactly() {
        let out = String(decoding: BlockRenderer.render(rgb: Self.image4x4, colors: .ansi256), as: UTF8.self)
        let expected = "\u{1B}[38;5;196m\u{1B}[48;5;16m▀▀\u{1B}[38;5;46m▀\u{1B}[48;5;231m▀\u{1B}[0m\n"
            + "\u{1B}[38;5;21m\u{1B}[48;5;21m▀▀▀▀\u{1B}[0m\n"
        #expect(out == expected)
    }

    @Test func oddHeightEndsOverTheDefaultBackground() {
        let out = String(decoding: BlockRenderer.render(rgb: letterImage(["RG", "KW", "BY"]), colors: .truecolor), as: UTF8.self)
        let expected = "\u{1B}[38;2;255;0;0m\u{1B}[48;2;0;0;0m▀\u{1B}[38;2;0;255;0m\u{1B}[48;2;255;255;255m▀\u{1B}[0m\n"
            + "\u{1B}[38;2;0;0;255m\u{1B}[49m▀\u{1B}[38;2;128;128;128m▀\u{1B}[0m\n"
        #expect(out == expected)
    }

    @Test func emptyPictureIsNothing() {
        #expect(BlockRenderer.render(rgb: Image(width: 0, height: 3, channels: 3), colors: .truecolor).isEmpty)
    }

    @Test(arguments: [
        (RGB8(255, 0, 0), 196), (RGB8(0, 0, 0), 16), (RGB8(255, 255, 255), 231),
        (RGB8(128, 128, 128), 244), (RGB8(95, 135, 175), 67), (RGB8(8, 8, 8), 232),
        (RGB8(238, 238, 238), 255), (RGB8(0, 0, 255), 21),
    ] as [(RGB8, Int)])
    func ansi256Palette(_ color: RGB8, _ index: Int) {
        #expect(BlockRenderer.ansi256Index(color) == UInt8(index))
    }
}
