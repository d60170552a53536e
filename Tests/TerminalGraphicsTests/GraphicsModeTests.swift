import PixelEngine
import Testing
@testable import TerminalGraphics

@Suite("GraphicsMode")
struct GraphicsModeTests {
    struct ResolveCase: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let environment: [String: String]
        let mode: GraphicsMode
        var testDescription: String { "\(arguments) \(environment)" }
    }

    @Test(arguments: [
        ResolveCase(arguments: [], environment: [:], mode: .auto),
        ResolveCase(arguments: ["segsh", "--graphics", "blocks"], environment: [:], mode: .blocks),
        ResolveCase(arguments: ["segsh", "--graphics=SIXEL"], environment: [:], mode: .sixel),
        ResolveCase(arguments: [], environment: ["SEGSH_GRAPHICS": "none"], mode: .none),
        ResolveCase(arguments: [], environment: ["SEGSH_GRAPHICS": " Blocks "], mode: .blocks),
        ResolveCase(arguments: [], environment: ["SEGSH_GRAPHICS": ""], mode: .auto),
        // The flag beats the environment; the last flag wins.
        ResolveCase(arguments: ["--graphics", "none"], environment: ["SEGSH_GRAPHICS": "sixel"], mode: .none),
        ResolveCase(arguments: ["--graphics", "none", "--graphics=auto"], environment: [:], mode: .auto),
    ])
    func resolves(_ c: ResolveCase) throws {
        #expect(try GraphicsMode.resolve(arguments: c.arguments, environment: c.environment) == c.mode)
    }

    @Test func rejectsUnknownModes() {
        #expect(throws: GraphicsError("--graphics: unknown mode 'kitty'; use sixel, blocks, none, auto")) {
            try GraphicsMode.resolve(arguments: ["--graphics", "kitty"], environment: [:])
        }
        #expect(throws: GraphicsError("SEGSH_GRAPHICS: unknown mode 'yes'; use sixel, blocks, none, auto")) {
            try GraphicsMode.resolve(arguments: [], environment: ["SEGSH_GRAPHICS": "yes"])
        }
        #expect(throws: GraphicsError("--graphics needs a value: sixel, blocks, none, auto")) {
            try GraphicsMode.resolve(arguments: ["segsh", "--graphics"], environment: [:])
        }
    }

    @Test func backends() {
        let sixelTerminal = TerminalCapabilities(isTerminal: true, sixel: true, truecolor: true)
        let plainTerminal = TerminalCapabilities(isTerminal: true, sixel: false, truecolor: false)
        let file = TerminalCapabilities(isTerminal: false, sixel: false, truecolor: true)
        #expect(GraphicsMode.auto.backend(for: sixelTerminal) == .sixel)
        #expect(GraphicsMode.auto.backend(for: plainTerminal) == .ansi256Blocks)
        #expect(GraphicsMode.auto.backend(for: file) == .pngFile)
        #expect(GraphicsMode.none.backend(for: sixelTerminal) == .pngFile)
        #expect(GraphicsMode.blocks.backend(for: sixelTerminal) == .truecolorBlocks)
        #expect(GraphicsMode.blocks.backend(for: plainTerminal) == .ansi256Blocks)
        #expect(GraphicsMode.sixel.backend(for: file) == .sixel)
    }

    @Test func environmentFlags() {
        #expect(TerminalCapabilities.truecolor(["COLORTERM": "truecolor"]))
        #expect(TerminalCapabilities.truecolor(["COLORTERM": "24bit"]))
        #expect(!TerminalCapabilities.truecolor(["COLORTERM": "yes"]))
        #expect(!TerminalCapabilities.truecolor([:]))
        #expect(TerminalCapabilities.noColor(["NO_COLOR": "1"]))
        #expect(!TerminalCapabilities.noColor(["NO_COLOR": ""]))
        #expect(!TerminalCapabilities.noColor([:]))
    }

    @Test func textStyleHonoursNoColor() {
        let colored = TextStyle(capabilities: TerminalCapabilities(truecolor: true, noColor: false))
        let plain = TextStyle(capabilities: TerminalCapabilities(truecolor: true, noColor: true))
        let palette256 = TextStyle(capabilities: TerminalCapabilities(truecolor: false, noColor: false))
        let red = RGB8(255, 0, 0)
        #expect(colored.colored("x", red) == "\u{1B}[38;2;255;0;0mx\u{1B}[39m")
        #expect(palette256.colored("x", red) == "\u{1B}[38;5;196mx\u{1B}[39m")
        #expect(colored.swatch("  ", red) == "\u{1B}[48;2;255;0;0m  \u{1B}[49m")
        #expect(plain.colored("x", red) == "x")
        #expect(plain.swatch("  ", red) == "  ")
        #expect(plain.bold("x") == "x")
        #expect(plain.dim("x") == "x")
        // Not a terminal: no escapes either.
        #expect(TextStyle(capabilities: TerminalCapabilities(isTerminal: false)).colored("x", red) == "x")
    }
}
