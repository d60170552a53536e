import Foundation
import PixelEngine
import Testing
import TestSupport

/// A fixture of the colour area as an image: shape (h, w) is gray, (h, w, c) has c channels.
func colorFixture<S: PixelSample>(_ name: String, _: S.Type = S.self) throws -> Image<S> {
    try Fixtures.npy("color/\(name).npy").image(S.self)
}

/// A fixture of the colour area as a flat list of doubles.
func colorValues(_ name: String) throws -> [Double] {
    try Fixtures.npy("color/\(name).npy").doubles
}

/// The odd shapes every point operation is run on: (width, height).
let oddShapes: [(Int, Int)] = [(1, 1), (1, 7), (7, 1), (3, 5), (16, 9)]

