import Segmentation
import TestSupport

/// Loading the watershed-area fixtures (Scripts/fixtures/watershed.py).
enum WatershedFixture {
    static func array(_ name: String) throws -> NPYArray {
        try Fixtures.npy("watershed/\(name).npy")
    }

    static func image<S: PixelSample>(_ name: String, _: S.Type = S.self) throws -> Image<S> {
        try array(name).image(S.self)
    }

    static func mask(_ name: String) throws -> Mask {
        Mask(nonzero: try image(name, UInt8.self))
    }

    static func labels(_ name: String) throws -> LabelMap {
        LabelMap(ids: try image(name, UInt32.self))
    }

    /// An (n, 2) array of (row, column) pairs as points.
    static func points(_ name: String) throws -> [PixelCoordinate] {
        let values = try array(name).doubles.map { Int($0) }
        return stride(from: 0, to: values.count, by: 2).map { PixelCoordinate(x: values[$0 + 1], y: values[$0]) }
    }
}

/// The number of pixels where two label maps differ.
func differingPixels(_ a: LabelMap, _ b: LabelMap) -> Int {
    zip(a.ids.pixels, b.ids.pixels).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
}
