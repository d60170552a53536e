import Testing
@testable import TerminalGraphics

@Suite("DisplayLayout")
struct DisplayLayoutTests {
    struct FitCase: Sendable, CustomTestStringConvertible {
        let width: Int, height: Int
        let box: PixelSize
        let expected: PixelSize
        var testDescription: String { "\(width)x\(height) in \(box)" }
    }

    static let box = PixelSize(width: 800, height: 600)

    @Test(arguments: [
        // Shrinks to fit, aspect kept: the wider side limits.
        FitCase(width: 1280, height: 960, box: box, expected: PixelSize(width: 800, height: 600)),
        FitCase(width: 1600, height: 400, box: box, expected: PixelSize(width: 800, height: 200)),
        FitCase(width: 400, height: 1200, box: box, expected: PixelSize(width: 200, height: 600)),
        FitCase(width: 1001, height: 3, box: box, expected: PixelSize(width: 800, height: 2)),
        FitCase(width: 5000, height: 1, box: box, expected: PixelSize(width: 800, height: 1)),
        // Fits: unchanged.
        FitCase(width: 640, height: 480, box: box, expected: PixelSize(width: 640, height: 480)),
        FitCase(width: 256, height: 10, box: box, expected: PixelSize(width: 256, height: 10)),
        // Small: the smallest integer factor reaching 256 on the longer side.
        FitCase(width: 8, height: 8, box: box, expected: PixelSize(width: 256, height: 256)),
        FitCase(width: 100, height: 50, box: box, expected: PixelSize(width: 300, height: 150)),
        FitCase(width: 3, height: 5, box: box, expected: PixelSize(width: 156, height: 260)),
        // …at most 64×…
        FitCase(width: 1, height: 1, box: box, expected: PixelSize(width: 64, height: 64)),
        // …and never beyond the box.
        FitCase(width: 10, height: 100, box: PixelSize(width: 800, height: 250), expected: PixelSize(width: 20, height: 200)),
        FitCase(width: 200, height: 200, box: PixelSize(width: 300, height: 300), expected: PixelSize(width: 200, height: 200)),
        // A 1×1 box.
        FitCase(width: 640, height: 480, box: PixelSize(width: 1, height: 1), expected: PixelSize(width: 1, height: 1)),
    ])
    func fit(_ c: FitCase) {
        let size = DisplayLayout.fit(width: c.width, height: c.height, into: c.box, minimumLongSide: 256)
        #expect(size == c.expected)
        #expect(size.width <= c.box.width && size.height <= c.box.height)
    }

    @Test func aspectIsKeptWhenShrinking() {
        for (w, h) in [(1280, 960), (1920, 1080), (333, 4000), (4000, 333), (801, 799)] {
            let s = DisplayLayout.fit(width: w, height: h, into: Self.box, minimumLongSide: 256)
            let ratio = Double(s.width) / Double(s.height), original = Double(w) / Double(h)
            #expect(abs(ratio / original - 1) < 0.01, "\(w)x\(h) -> \(s)")
        }
    }

    @Test func sixelBoxFromWindowSizeReply() {
        // 14t and 16t reported: the window less two text rows, capped by the geometry.
        let caps = TerminalCapabilities(maxSixelSize: PixelSize(width: 1000, height: 2000), cellSize: PixelSize(width: 10, height: 20),
                                        windowPixels: PixelSize(width: 1100, height: 1160), columns: 110, rows: 58)
        let layout = DisplayLayout(capabilities: caps)
        #expect(layout.sixelBox == PixelSize(width: 1000, height: 1120))
        #expect(layout.cellSize == PixelSize(width: 10, height: 20))
        #expect(layout.blockBox == PixelSize(width: 109, height: 112))
        #expect(layout.sixelSize(width: 1280, height: 960) == PixelSize(width: 1000, height: 750))
    }

    @Test func sixelBoxFromGeometryWhenNoWindowSize() {
        let caps = TerminalCapabilities(maxSixelSize: PixelSize(width: 800, height: 480), columns: 80, rows: 24)
        let layout = DisplayLayout(capabilities: caps)
        // No cell size: 10x20 assumed; height 480 − 40 = 440.
        #expect(layout.sixelBox == PixelSize(width: 800, height: 440))
        #expect(layout.cellSize == DisplayLayout.fallbackCellSize)
    }

    @Test func sixelBoxFromIoctlPixels() {
        let caps = TerminalCapabilities(ioctlPixels: PixelSize(width: 1280, height: 720), columns: 160, rows: 40)
        let layout = DisplayLayout(capabilities: caps)
        #expect(layout.cellSize == PixelSize(width: 8, height: 18))
        #expect(layout.sixelBox == PixelSize(width: 1280, height: 684))
    }

    @Test func sixelBoxFromColumnsAlone() {
        let layout = DisplayLayout(capabilities: TerminalCapabilities(columns: 80, rows: 24))
        #expect(layout.sixelBox == PixelSize(width: 800, height: 440))
        #expect(layout.blockBox == PixelSize(width: 79, height: 44))
        #expect(layout.sixelSize(width: 1280, height: 960) == PixelSize(width: 587, height: 440))
    }

    @Test func cellRowsCoverThePicture() {
        let layout = DisplayLayout(sixelBox: Self.box, blockBox: PixelSize(width: 79, height: 44),
                                   cellSize: PixelSize(width: 10, height: 20))
        #expect(layout.cellRows(forPixelHeight: 1) == 1)
        #expect(layout.cellRows(forPixelHeight: 20) == 1)
        #expect(layout.cellRows(forPixelHeight: 21) == 2)
        #expect(layout.cellRows(forPixelHeight: 600) == 30)
    }

    @Test func blockSizes() {
        let layout = DisplayLayout(capabilities: TerminalCapabilities(columns: 80, rows: 24))
        // 8x8 grows 4× to 32 block pixels: 32 columns, 16 rows.
        #expect(layout.blockSize(width: 8, height: 8) == PixelSize(width: 32, height: 32))
        #expect(layout.blockSize(width: 1280, height: 960) == PixelSize(width: 59, height: 44))
    }
}
