import Foundation
import PixelEngine
import Testing
import TestSupport

/// A fixture of Scripts/fixtures/geometry.py.
func geometryFixture<S: PixelSample>(_ name: String, as _: S.Type = S.self) throws -> Image<S> {
    try Fixtures.npy("geometry/\(name).npy").image(S.self)
}

/// Sizes worth covering in every geometry test.
let oddSizes: [(Int, Int)] = [(1, 1), (1, 5), (5, 1), (3, 5), (8, 8), (13, 7)]
