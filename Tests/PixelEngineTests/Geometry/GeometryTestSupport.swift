import Foundation
import PixelEngine
import Testing

/// A fixture of Scripts/fixtures/geometry.py.
///
/// Read here rather than with `Fixtures.npy`, whose header parser takes the fourth piece
/// of `'descr': '|u1'` split at quotes, which has only three (index out of range).
func geometryFixture<S: PixelSample>(_ name: String, as _: S.Type = S.self) throws -> Image<S> {
    let bytes = [UInt8](try Fixtures.data("geometry/\(name).npy"))
    let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
    let descr = header.components(separatedBy: "'descr': '")[1].prefix { $0 != "'" }
    let shapeText = header.components(separatedBy: "'shape': (")[1].prefix { $0 != ")" }
    let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let payload = Array(bytes[(10 + headerLength)...])
    let count = shape.reduce(1, *)
    let values: [Double] = payload.withUnsafeBytes { raw in
        (0..<count).map { i in
            switch descr {
            case "|u1", "|b1": Double(raw[i])
            case "<u2": Double(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            case "<u4": Double(raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
            case "<f4": Double(raw.loadUnaligned(fromByteOffset: 4 * i, as: Float.self))
            case "<f8": raw.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)
            default: preconditionFailure("geometry fixture \(name): dtype \(descr)")
            }
        }
    }
    return Image(width: shape[1], height: shape[0], channels: shape.count == 3 ? shape[2] : 1,
                 pixels: values.map { S(clamping: $0) })
}

/// Runs `body` serially and split into 7 tasks, expects both to agree, returns the result.
func serialAndParallel<T: Equatable>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) rethrows -> T {
    let serial = try ParallelRows.$taskLimit.withValue(1) { try body() }
    let parallel = try ParallelRows.$taskLimit.withValue(7) { try body() }
    #expect(serial == parallel, "serial and parallel runs differ", sourceLocation: sourceLocation)
    return serial
}

/// Expects `body` to throw a ``PixelEngineError`` of `operation`.
func expectError(_ operation: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected a \(operation) error", sourceLocation: sourceLocation)
    } catch let error as PixelEngineError {
        #expect(error.operation == operation, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

/// Sizes worth covering in every geometry test.
let oddSizes: [(Int, Int)] = [(1, 1), (1, 5), (5, 1), (3, 5), (8, 8), (13, 7)]
