import Foundation
import PixelEngine
import Testing
import TestSupport

/// Helpers shared by the morphology tests (fixtures from Scripts/fixtures/morphology.py).
enum MorphologyFixture {
    static func array(_ name: String) throws -> NPYArray {
        try Fixtures.npy("morphology/\(name).npy")
    }

    static func footprint(_ name: String) throws -> Footprint {
        let grid = try array(name)
        return try Footprint(width: grid.shape[1], height: grid.shape[0], elements: grid.doubles.map { $0 != 0 })
    }

    static func image<S: PixelSample>(_ name: String, _: S.Type = S.self) throws -> Image<S> {
        try array(name).image(S.self)
    }

    static func mask(_ name: String) throws -> Mask {
        Mask(nonzero: try array(name).image(UInt8.self))
    }

    /// Plane `index` of an array of shape (n, h, w).
    static func plane<S: PixelSample>(_ stack: NPYArray, _ index: Int, _: S.Type = S.self) -> Image<S> {
        stack.plane(index, S.self)
    }
}

/// Naive min/max over explicit offsets, outside pixels ignored: the reference the fast
/// kernels are checked against.
func naiveExtremum<S: PixelSample>(_ image: Image<S>, offsets: [(dx: Int, dy: Int)], minimum: Bool, identity: S) -> Image<S> {
    var out = image
    for c in 0..<image.channels {
        for y in 0..<image.height {
            for x in 0..<image.width {
                var value = identity
                for o in offsets {
                    let sx = x + o.dx, sy = y + o.dy
                    guard sx >= 0, sx < image.width, sy >= 0, sy < image.height else { continue }
                    let v = image[sx, sy, c]
                    value = minimum ? min(value, v) : max(value, v)
                }
                out[x, y, c] = value
            }
        }
    }
    return out
}

/// Offsets of a footprint with scikit-image gray centring (`(n - 1) / 2`).
func grayOffsets(_ fp: Footprint, mirrored: Bool = false) -> [(dx: Int, dy: Int)] {
    var result: [(dx: Int, dy: Int)] = []
    for y in 0..<fp.height {
        for x in 0..<fp.width where fp[x, y] {
            let dx = x - (fp.width - 1) / 2, dy = y - (fp.height - 1) / 2
            result.append(mirrored ? (-dx, -dy) : (dx, dy))
        }
    }
    return result
}
