#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PixelEngine
import Testing
@testable import TerminalGraphics

/// A hidden helper for looking at the output in a real terminal, skipped unless asked for:
///
///     SEGSH_LIVE_TERMINAL=1 .build/debug/segshPackageTests.xctest \
///         --testing-library swift-testing --filter LiveTerminal
///
/// run inside a terminal (for example `/work/shared/tools/xterm-shot OUT.png -- …`): it
/// probes the terminal on /dev/tty, prints what it found, and shows a sample of every kind
/// of value with the detected backend (or `SEGSH_GRAPHICS`). When `SEGSH_LIVE_TERMINAL`
/// is an absolute path, the probe report is also written there; `SEGSH_LIVE_IMAGES`
/// (colon-separated PNG paths) shows those files instead of the samples.
@Suite("LiveTerminal")
struct LiveTerminalTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SEGSH_LIVE_TERMINAL"] != nil))
    func probeAndShow() throws {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        try #require(tty >= 0)
        defer { close(tty) }
        let env = ProcessInfo.processInfo.environment
        let mode = try GraphicsMode.resolve(arguments: [], environment: env)
        let start = ContinuousClock.now
        let caps = TerminalCapabilities.detect(mode: mode, input: tty, output: tty, environment: env)
        let elapsed = ContinuousClock.now - start
        let backend = mode.backend(for: caps)
        let display = Display(backend: backend, capabilities: caps)
        var report = "mode \(mode) -> \(backend), probe \(elapsed)\n"
        report += "sixel \(caps.sixel), registers \(caps.colorRegisters.map(String.init) ?? "-"), "
        report += "geometry \(caps.maxSixelSize?.description ?? "-"), cell \(caps.cellSize?.description ?? "-"), "
        report += "window \(caps.windowPixels?.description ?? "-"), \(caps.columns)x\(caps.rows) cells\n"
        report += "sixel box \(display.layout.sixelBox), block box \(display.layout.blockBox)\n"
        _ = TerminalIO.writeAll(tty, Array(report.utf8))
        if let path = env["SEGSH_LIVE_TERMINAL"], path.hasPrefix("/") {
            try Data(report.utf8).write(to: URL(fileURLWithPath: path))
        }
        var items = LiveSamples.items()
        if let only = env["SEGSH_LIVE_IMAGES"] {
            // Colon-separated PNG paths instead of the samples.
            items = try only.split(separator: ":").map { path in
                (DisplayItem.image(try PNG.readImage(path: String(path))), String(path))
            }
        }
        for (item, caption) in items {
            _ = TerminalIO.writeAll(tty, Array("> show \(caption)\n".utf8))
            _ = TerminalIO.writeAll(tty, try display.render(item, caption: nil).bytes)
        }
        _ = TerminalIO.writeAll(tty, Array("> done\n".utf8))
    }
}

/// Small sample values of every kind, shared by the live helper and the tests.
enum LiveSamples {
    static func gradient(width: Int, height: Int) -> Image<UInt8> {
        var image = Image<UInt8>(width: width, height: height, channels: 3)
        for y in 0..<height {
            for x in 0..<width {
                image[x, y, 0] = UInt8(x * 255 / max(1, width - 1))
                image[x, y, 1] = UInt8(y * 255 / max(1, height - 1))
                image[x, y, 2] = UInt8(((x / 16 + y / 16) % 2) * 200)
            }
        }
        return image
    }

    /// A `side`×`side` grid of `side/8`² square instances, ids 1…, on a background.
    static func labelGrid(side: Int, cells: Int) -> LabelMap {
        let step = side / cells
        var ids = Image<UInt32>(width: side, height: side)
        for y in 0..<side {
            for x in 0..<side where x % step != 0 && y % step != 0 {
                ids[x, y] = UInt32((y / step) * cells + x / step + 1)
            }
        }
        return LabelMap(ids: ids)
    }

    static func items() -> [(DisplayItem, String)] {
        let mask = Mask(width: 8, height: 8) { x, y in (x + y) % 3 == 0 }
        let labels = labelGrid(side: 64, cells: 8)
        let classIndices = Image<UInt8>(width: 48, height: 16, pixels: (0..<(48 * 16)).map { UInt8(($0 % 48) / 16) })
        let classes = try! ClassMap(indices: classIndices, classes: [
            SemanticClass(name: "background", color: RGB8(0, 0, 0)),
            SemanticClass(name: "cell", color: RGB8(230, 159, 0)),
            SemanticClass(name: "nucleus", color: RGB8(86, 180, 233)),
        ])
        let rgb = gradient(width: 320, height: 200)
        return [
            (.image(AnyImage(rgb)), "rgb 320x200"),
            (.mask(mask), "mask 8x8"),
            (.labels(labels), "labels 64x64, 64 instances"),
            (.classes(classes), "classes 48x16"),
            (.montage([DisplayTile(.image(AnyImage(rgb)), caption: "image"),
                       DisplayTile(.mask(mask), caption: "mask"),
                       DisplayTile(.labels(labels), caption: "labels")]), "montage"),
        ]
    }
}
