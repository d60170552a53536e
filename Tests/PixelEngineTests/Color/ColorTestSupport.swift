import Foundation
import PixelEngine
import Testing

/// A fixture of the colour area as an image: shape (h, w) is gray, (h, w, c) has c channels.
func colorFixture<S: PixelSample>(_ name: String, _: S.Type = S.self) throws -> Image<S> {
    let (shape, values) = try ColorNPY.read(name)
    precondition(shape.count == 2 || shape.count == 3, "\(name): shape \(shape) is not an image")
    return Image(width: shape[1], height: shape[0], channels: shape.count == 3 ? shape[2] : 1,
                 pixels: values.map { S(clamping: $0) })
}

/// A fixture of the colour area as a flat list of doubles.
func colorValues(_ name: String) throws -> [Double] {
    try ColorNPY.read(name).values
}

/// Reads the colour fixtures. `NPYArray` (Support/Fixtures.swift) takes the dtype from
/// `split(separator: "'")[3]`, which is past the end (empty pieces are omitted); until that
/// is fixed this reader parses the same header correctly.
enum ColorNPY {
    struct FormatError: Error, CustomStringConvertible { let description: String }

    static func read(_ name: String) throws -> (shape: [Int], values: [Double]) {
        let bytes = [UInt8](try Fixtures.data("color/\(name).npy"))
        guard bytes.count > 10, bytes[0] == 0x93, bytes[6] == 1 else { throw FormatError(description: "\(name): not a v1 .npy") }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        guard let d = header.range(of: "'descr': '") else { throw FormatError(description: "\(name): no descr") }
        let descr = String(header[d.upperBound...].prefix { $0 != "'" })
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw FormatError(description: "\(name): no shape")
        }
        let shape = header[open.upperBound..<close].split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let payload = Array(bytes[(10 + headerLength)...])
        let values: [Double] = payload.withUnsafeBytes { raw in
            (0..<count).map { i -> Double in
                switch descr {
                case "|u1", "|b1": Double(raw.load(fromByteOffset: i, as: UInt8.self))
                case "<u2": Double(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                case "<i8": Double(raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))
                case "<f4": Double(raw.loadUnaligned(fromByteOffset: 4 * i, as: Float.self))
                case "<f8": raw.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)
                default: preconditionFailure("\(name): unsupported dtype \(descr)")
                }
            }
        }
        return (shape, values)
    }
}

/// The odd shapes every point operation is run on: (width, height).
let oddShapes: [(Int, Int)] = [(1, 1), (1, 7), (7, 1), (3, 5), (16, 9)]

/// Runs `body` serially, split into 7 tasks, and with the default schedule, and expects the
/// same result each time.
func expectScheduleIndependent<R: Equatable>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) rethrows -> R {
    let serial = try ParallelRows.$taskLimit.withValue(1) { try body() }
    let split = try ParallelRows.$taskLimit.withValue(7) { try body() }
    let auto = try body()
    #expect(serial == split, "serial and 7-task results differ", sourceLocation: sourceLocation)
    #expect(serial == auto, "serial and default results differ", sourceLocation: sourceLocation)
    return serial
}

/// Expects `body` to throw a ``PixelEngineError`` for `operation`.
func expectError<R>(_ operation: String, sourceLocation: SourceLocation = #_sourceLocation,
                    _ body: () throws -> R) {
    do {
        _ = try body()
        Issue.record("expected a \(operation) error", sourceLocation: sourceLocation)
    } catch let error as PixelEngineError {
        #expect(error.operation == operation, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a PixelEngineError, got \(error)", sourceLocation: sourceLocation)
    }
}
