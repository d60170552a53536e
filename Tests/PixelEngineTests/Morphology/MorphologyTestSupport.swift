import Foundation
import PixelEngine
import Testing

/// A NumPy array read by the morphology tests. `Support/Fixtures.swift`'s `NPYArray`
/// indexes the `descr` field one past its end (`split(separator: "'")[3]` on
/// `'descr': '|u1'`) and traps; this minimal reader stands in until that is fixed.
struct MorphologyArray {
    let shape: [Int]
    let doubles: [Double]

    init(data: Data) throws {
        let bytes = [UInt8](data)
        struct Bad: Error {}
        guard bytes.count > 10, bytes[0] == 0x93 else { throw Bad() }
        let headerLength = bytes[6] == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
                                         : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16
        let headerStart = bytes[6] == 1 ? 10 : 12
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let d = header.range(of: #"'descr': '[^']+'"#, options: .regularExpression),
              let s = header.range(of: #"\(([0-9, ]*)\)"#, options: .regularExpression) else { throw Bad() }
        let descr = String(header[d].split(separator: "'").last!)
        shape = header[s].dropFirst().dropLast().split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let payload = Array(bytes[(headerStart + headerLength)...])
        doubles = payload.withUnsafeBytes { raw in
            (0..<count).map { i -> Double in
                switch descr {
                case "|u1", "|b1": Double(raw.load(fromByteOffset: i, as: UInt8.self))
                case "<u2": Double(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                case "<i4": Double(raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))
                case "<f4": Double(raw.loadUnaligned(fromByteOffset: 4 * i, as: Float.self))
                case "<f8": raw.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)
                case "<i8": Double(raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))
                default: preconditionFailure("dtype \(descr)")
                }
            }
        }
    }

    func image<S: PixelSample>(_: S.Type = S.self) -> Image<S> {
        Image(width: shape[1], height: shape[0], channels: 1, pixels: doubles.map { S(clamping: $0) })
    }
}

/// Helpers shared by the morphology tests (fixtures from Scripts/fixtures/morphology.py).
enum MorphologyFixture {
    static func array(_ name: String) throws -> MorphologyArray {
        try MorphologyArray(data: Fixtures.data("morphology/\(name).npy"))
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
    static func plane<S: PixelSample>(_ stack: MorphologyArray, _ index: Int, _: S.Type = S.self) -> Image<S> {
        let h = stack.shape[1], w = stack.shape[2]
        let values = Array(stack.doubles[(index * h * w)..<((index + 1) * h * w)])
        return Image(width: w, height: h, channels: 1, pixels: values.map { S(clamping: $0) })
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

/// A seeded random mask with about `density` of its pixels set.
func randomMask(width: Int, height: Int, density: Double = 0.5, seed: UInt64) -> Mask {
    var rng = SeededGenerator(seed: seed)
    let bits = (0..<(width * height)).map { _ in UInt8(Double.random(in: 0..<1, using: &rng) < density ? 1 : 0) }
    return Mask(uncheckedBits: Image(width: width, height: height, channels: 1, pixels: bits))
}
