import PixelEngine
import Testing
import TestSupport

@Suite("Drawing: markers and histogram plot")
struct DrawingMarkersHistogramTests {
    /// The painted pixels of `markers` on a black 12×10 canvas, as a picture string.
    func picture(_ markers: [Marker], width: Int = 12, height: Int = 10) throws -> String {
        let out = try Image<UInt8>(width: width, height: height).drawing(markers, color: RGB8(255, 0, 0))
        return (0..<height).map { y in
            String((0..<width).map { x in out[x, y, 0] == 255 ? "#" : "." })
        }.joined(separator: "\n")
    }

    @Test func disk() throws {
        #expect(try picture([.disk(x: 3, y: 3, radius: 2)], width: 7, height: 7) == """
            .......
            ...#...
            ..###..
            .#####.
            ..###..
            ...#...
            .......
            """)
        #expect(try picture([.disk(x: 0, y: 0, radius: 0)], width: 2, height: 2) == "#.\n..")
    }

    @Test func crossRectangleLine() throws {
        #expect(try picture([.cross(x: 2, y: 2, size: 2)], width: 6, height: 5) == """
            ..#...
            ..#...
            #####.
            ..#...
            ..#...
            """)
        #expect(try picture([.rectangle(x: 1, y: 1, width: 5, height: 4, thickness: 1)], width: 7, height: 6) == """
            .......
            .#####.
            .#...#.
            .#...#.
            .#####.
            .......
            """)
        #expect(try picture([.rectangle(x: 0, y: 0, width: 4, height: 4, thickness: 9)], width: 5, height: 5) == """
            ####.
            ####.
            ####.
            ####.
            .....
            """)
        #expect(try picture([.line(x0: 0, y0: 0, x1: 5, y1: 2)], width: 6, height: 3) == """
            ##....
            ..##..
            ....##
            """)
        // Clipped: shapes far outside draw nothing and do not trap.
        #expect(try picture([.line(x0: -1000, y0: -5, x1: -3, y1: 900_000, thickness: 2),
                             .disk(x: 1e6, y: 4, radius: 3), .rectangle(x: -50, y: -50, width: 10, height: 10)],
                            width: 4, height: 2) == "....\n....")
    }

    @Test func drawingKeepsTheImageElsewhere() throws {
        let img = randomImage(UInt16.self, width: 9, height: 6, channels: 2, seed: 3)
        let out = try img.drawing([.disk(x: 4, y: 3, radius: 1)], color: RGB8(1, 2, 3))
        let base = img.displayRGB()
        for y in 0..<6 { for x in 0..<9 {
            let inside = abs(x - 4) + abs(y - 3) <= 1
            #expect(inside ? [out[x, y, 0], out[x, y, 1], out[x, y, 2]] == [1, 2, 3]
                           : (0..<3).allSatisfy { out[x, y, $0] == base[x, y, $0] })
        } }
    }

    @Test func markerErrors() {
        let img = Image<UInt8>(width: 4, height: 4)
        let bad: [Marker] = [.disk(x: 1, y: 1, radius: -1), .disk(x: .nan, y: 1, radius: 1),
                             .disk(x: 1, y: 1, radius: .infinity), .cross(x: 1, y: 1, size: -2),
                             .cross(x: 1, y: 1, size: 2, thickness: 0), .rectangle(x: 0, y: 0, width: 0, height: 2),
                             .line(x0: 0, y0: 0, x1: Int.max, y1: 0), .line(x0: Int.min, y0: 0, x1: 0, y1: 0), .cross(x: 0, y: 0, size: 1 << 25), .line(x0: 0, y0: 0, x1: 1, y1: 1, thickness: -3)]
        for marker in bad {
            expectError("draw") { _ = try img.drawing([marker], color: RGB8(0, 0, 0)) }
        }
    }

    @Test func histogramPlotBars() throws {
        // Half the pixels 0, a quarter 128, a quarter 255: bars at the left, middle, right.
        let img = Image<UInt8>(width: 4, height: 1, pixels: [0, 0, 128, 255])
        let plot = try expectScheduleIndependent { try img.histogramPlot(width: 256, height: 40, thresholds: [64, 999]) }
        #expect(plot.width == 256 && plot.height == 40 && plot.channels == 3)
        func column(_ x: Int) -> Int { (0..<40).filter { plot[x, $0, 0] == 70 }.count }
        #expect(column(0) == 36)
        #expect(column(128) == 18 || column(128) == 19)
        #expect(column(255) == column(128))
        #expect(column(10) == 0)
        // The threshold at 64 is a 2-pixel red line; 999 is out of range and skipped.
        #expect((0..<40).allSatisfy { plot[64, $0, 0] == 230 && plot[65, $0, 1] == 0 })
        #expect(plot[66, 0, 0] == 255)
    }

    @Test func histogramPlotAxis() throws {
        // 256 wide: value v sits in column v; ticks every 50 under the bars.
        let img = Image<UInt8>(width: 2, height: 1, pixels: [0, 255])
        let plot = try img.histogramPlot(width: 256, height: 100)
        let axisTop = 100 - 16
        func dark(_ x: Int, _ y: Int) -> Bool { plot[x, y, 0] < 128 }
        #expect((0..<256).allSatisfy { dark($0, axisTop) })                  // the axis line
        #expect([0, 50, 100, 150, 200, 250].allSatisfy { dark($0, axisTop + 2) })  // ticks
        #expect(!dark(75, axisTop + 2))
        // Each label is drawn below its tick: ink in the text rows near 100, none near 75.
        let textRows = (axisTop + 5)..<(axisTop + 15)
        #expect(textRows.contains { y in (90...110).contains { dark($0, y) } })
        #expect(!textRows.contains { y in (72...78).contains { dark($0, y) } })
        // The bars stop above the axis: value 0's bar is full height within its area.
        #expect(dark(0, axisTop - 1) && dark(0, 5))
        // Small plots have no axis.
        let small = try img.histogramPlot(width: 100, height: 40)
        #expect(small[50, 39, 0] == 255)
    }

    @Test(arguments: [1, 2, 3, 4])
    func histogramPlotChannelsAndTypes(channels: Int) throws {
        let img = randomImage(Float.self, width: 7, height: 5, channels: channels, seed: 8)
        let plot = try img.histogramPlot(width: 64, height: 32, bins: 16, thresholds: [0.5], logScale: true)
        #expect(plot.width == 64 && plot.height == 32)
        let wide = Image<Float>(width: 3, height: 1, pixels: [-2, 0, 6])
        #expect(try wide.histogramPlot(width: 16, height: 16, bins: 4).width == 16)
        #expect(try Image<UInt16>(width: 1, height: 1, pixels: [9]).histogramPlot(bins: 65536).width == 512)
    }

    @Test func histogramPlotErrors() {
        let img = Image<UInt8>(width: 2, height: 2)
        expectError("histogram plot") { _ = try img.histogramPlot(width: 8) }
        expectError("histogram plot") { _ = try img.histogramPlot(height: 100_000) }
        expectError("histogram plot") { _ = try img.histogramPlot(bins: 0) }
        expectError("histogram plot") { _ = try Image<UInt8>(width: 0, height: 2).histogramPlot() }
    }
}
