import Foundation
import TestSupport
@testable import PixelEngine

/// The fixtures of `Scripts/make-fixtures imageformats` (Pillow and tifffile).
enum FormatFixtures {
    static func path(_ name: String) -> String { Fixtures.path("formats/\(name)") }

    static func data(_ name: String) throws -> Data { try Fixtures.data("formats/\(name)") }

    /// The expected pixels of `file` (`a.jpg` → `a_jpg.npy`).
    static func expected(_ file: String, suffix: String = "") throws -> NPYArray {
        let base = file.replacingOccurrences(of: ".", with: "_")
        return try Fixtures.npy("formats/\(base)\(suffix).npy")
    }

    /// Whether `image` has the array's shape and sample type and equal samples (NaN equal
    /// to NaN); on a mismatch, a sentence saying where.
    static func mismatch(_ image: AnyImage, _ expected: NPYArray, type: SampleType) -> String? {
        let shape = expected.shape
        let channels = shape.count == 3 ? shape[2] : 1
        guard image.height == shape[0], image.width == shape[1], image.channels == channels else {
            return "shape \(image.width)x\(image.height)x\(image.channels), expected \(shape)"
        }
        guard image.sampleType == type else { return "sample type \(image.sampleType), expected \(type)" }
        let actual = samples(image)
        let reference = expected.doubles
        for i in 0..<actual.count where actual[i] != reference[i] && !(actual[i].isNaN && reference[i].isNaN) {
            return "sample \(i) is \(actual[i]), expected \(reference[i])"
        }
        return nil
    }

    static func samples(_ image: AnyImage) -> [Double] {
        switch image {
        case .uint8(let i): i.pixels.map { Double($0) }
        case .uint16(let i): i.pixels.map { Double($0) }
        case .float32(let i): i.pixels.map { Double($0) }
        }
    }
}
