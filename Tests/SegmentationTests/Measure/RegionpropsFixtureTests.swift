import Foundation
import Segmentation
import TestSupport
import Testing

/// Region tables against `skimage.measure.regionprops_table` (Scripts/fixtures/measure.py).
@Suite("Measure regionprops vs scikit-image")
struct MeasureRegionpropsFixtureTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let intensity: String
        var description: String { "\(name)/\(intensity)" }
    }

    static let cases: [Case] = [
        Case(name: "shapes", intensity: "u8"), Case(name: "shapes", intensity: "u16"),
        Case(name: "shapes", intensity: "f32"), Case(name: "shapes", intensity: "rgb"),
        Case(name: "blocks", intensity: "u8"), Case(name: "blocks", intensity: "f32"),
        Case(name: "blobs", intensity: "u8"), Case(name: "noise", intensity: "u16"),
        Case(name: "coins", intensity: "u8"), Case(name: "1x1", intensity: "u8"),
        Case(name: "1x7", intensity: "u8"), Case(name: "7x1", intensity: "f32"),
        Case(name: "3x5", intensity: "u8"),
    ]

    static func labels(_ name: String) throws -> LabelMap {
        LabelMap(ids: try Fixtures.npy("measure/rp_\(name)_labels.npy").image(UInt32.self))
    }

    static func table(labels: LabelMap, _ c: Case) throws -> RegionTable {
        let npy = try Fixtures.npy("measure/rp_\(c.name)_\(c.intensity).npy")
        switch c.intensity {
        case "u8", "rgb": return try labels.regionprops(intensity: npy.image(UInt8.self))
        case "u16": return try labels.regionprops(intensity: npy.image(UInt16.self))
        default: return try labels.regionprops(intensity: npy.image(Float.self))
        }
    }

    @Test(arguments: cases)
    func matchesScikitImage(_ c: Case) throws {
        let labels = try Self.labels(c.name)
        let table = try Self.table(labels: labels, c)
        let names = try String(contentsOfFile: Fixtures.path("measure/rp_\(c.name)_\(c.intensity)_columns.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let expected = try Fixtures.npy("measure/rp_\(c.name)_\(c.intensity)_table.npy")
        let rows = expected.shape[0], cols = expected.shape[1]
        #expect(cols == names.count)
        #expect(table.columnNames == names)
        #expect(table.count == rows)
        guard table.count == rows else { return }
        let values = expected.doubles
        for (j, name) in names.enumerated() {
            let column = try #require(table.column(name), "missing column \(name)")
            for i in 0..<rows {
                let want = values[i * cols + j], got = column[i]
                // float32 images: scikit-image averages in float32 (~1e-7 relative).
                let tolerance = 1e-6 * max(1, abs(want))
                #expect(abs(got - want) <= tolerance,
                        "\(c) label \(table.labels[i]) \(name): got \(got), scikit-image \(want)")
            }
        }
    }
}
