import Foundation
import Testing
import SegScript
import Segmentation
@testable import SegScriptLibrary

/// 16-bit and float images made visible: automatic contrast, ranges, colour maps.
@Suite struct ImageDisplayTests {
    /// A 100x10 uint16 ramp from 200 to 3170 (30 per column), like a dim micrograph.
    let ramp16 = AnyImage.uint16(Image(width: 100, height: 10, pixels: (0..<1000).map { UInt16(200 + ($0 % 100) * 30) }))

    @Test func sixteenBitImagesAreStretchedAndSaySo() throws {
        let (picture, note) = try ImageDisplay.render(ramp16)
        guard case .uint8(let p) = picture else { Issue.record("not uint8"); return }
        #expect(p.pixels.min() == 0 && p.pixels.max() == 255)
        #expect(note == "uint16, contrast 200…3170 (auto)")
        // Without the stretch the brightest pixel would be 3170 / 65535 of white: 12 of 255.
        #expect(ramp16.displayRGB().pixels.max()! <= 13)
        #expect(LibraryDisplay.picture(for: .host(ImageValue(ramp16)))!.pixels.max() == 255)
    }

    @Test func autoRangeSaturatesTheExtremes() {
        // 1000 values 0…999 and one far outlier: the 99.65th percentile ignores the outlier.
        let values = Image<Float>(width: 1001, height: 1, pixels: (0..<1000).map(Float.init) + [1e6])
        let r = ImageDisplay.autoRange(values)
        #expect(r.lowerBound == 3 && r.upperBound == 997)
    }

    @Test func probabilitiesStayOnZeroToOne() throws {
        let p = AnyImage.float32(Image(width: 2, height: 1, pixels: [0.1, 0.3]))
        let (picture, note) = try ImageDisplay.render(p)
        #expect(picture == p && note == nil)
    }

    @Test func rangeAndColourMapWithABar() throws {
        let (picture, note) = try ImageDisplay.render(ramp16, range: 200...1000, cmap: "viridis")
        guard case .uint8(let p) = picture else { Issue.record("not uint8"); return }
        #expect(note == "range 200…1000, viridis")
        #expect(p.channels == 3 && p.width > 100 && p.height == 10)
        // The first column is viridis' dark purple, columns beyond 1000 its yellow.
        #expect(p[0, 0, 0] == 0x44 && p[0, 0, 2] == 0x54)
        #expect(p[50, 0, 0] == 0xfd && p[50, 0, 1] == 0xe7)
        #expect(throws: ScriptError.self) { try ImageDisplay.render(ramp16, cmap: "jet") }
    }

    @Test func showTakesTitleRangeAndColourMap() throws {
        var shown: [Value] = []
        let interpreter = Interpreter(registry: .library, output: { _ in })
        interpreter.display = { shown.append($0) }
        interpreter["m"] = .host(ImageValue(ramp16))
        try interpreter.run(source: """
            show(m, title: "ramp")
            show(m, range: [0, 4000], cmap: "magma")
            """)
        let first = try #require(shown.first?.host(as: ShownValue.self))
        #expect(first.caption == "ramp  uint16, contrast 200…3170 (auto)")
        let second = try #require(shown.last?.host(as: ShownValue.self))
        #expect(second.caption == "range 0…4000, magma")
        #expect(throws: (any Error).self) { try interpreter.run(source: "show(m, range: [5, 1])") }
    }
}
