import Foundation
import PixelEngine

/// A NumPy `.npy` array (format version 1 or 2, C order, little-endian), enough to read the
/// reference values the fixture scripts write.
public struct NPYArray {
    public enum Element: String {
        case bool = "|b1", uint8 = "|u1", uint16 = "<u2", uint32 = "<u4", int32 = "<i4", int64 = "<i8"
        case float32 = "<f4", float64 = "<f8"

        var size: Int {
            switch self {
            case .bool, .uint8: 1
            case .uint16: 2
            case .uint32, .int32, .float32: 4
            case .int64, .float64: 8
            }
        }
    }

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    public let element: Element
    public let shape: [Int]
    public let payload: Data

    public init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw FormatError(description: "not an .npy file")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard !header.contains("'fortran_order': True") else { throw FormatError(description: "Fortran order") }
        guard let descrRange = header.range(of: #"'descr': '([^']+)'"#, options: .regularExpression) else {
            throw FormatError(description: "no descr in \(header)")
        }
        let descr = header[descrRange].split(separator: "'", omittingEmptySubsequences: false)[3]
        guard let element = Element(rawValue: String(descr)) else {
            throw FormatError(description: "unsupported dtype \(descr)")
        }
        guard let shapeRange = header.range(of: #"\(([0-9, ]*)\)"#, options: .regularExpression) else {
            throw FormatError(description: "no shape in \(header)")
        }
        self.element = element
        self.shape = header[shapeRange].dropFirst().dropLast().split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        self.payload = data.subdata(in: (headerStart + headerLength)..<data.count)
        guard payload.count == count * element.size else {
            throw FormatError(description: "payload of \(payload.count) bytes for shape \(shape)")
        }
    }

    public var count: Int { shape.reduce(1, *) }

    /// Every element as a Double.
    public var doubles: [Double] {
        payload.withUnsafeBytes { raw in
            (0..<count).map { i -> Double in
                let offset = i * element.size
                switch element {
                case .bool, .uint8: return Double(raw.load(fromByteOffset: offset, as: UInt8.self))
                case .uint16: return Double(raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
                case .uint32: return Double(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                case .int32: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
                case .int64: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
                case .float32: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Float.self))
                case .float64: return raw.loadUnaligned(fromByteOffset: offset, as: Double.self)
                }
            }
        }
    }

    /// The array as an image: shape (h, w) is one channel, (h, w, c) is c channels.
    public func image<S: PixelSample>(_: S.Type = S.self) -> Image<S> {
        precondition(shape.count == 2 || shape.count == 3, "npy shape \(shape) is not an image")
        let channels = shape.count == 3 ? shape[2] : 1
        return Image(width: shape[1], height: shape[0], channels: channels,
                     pixels: doubles.map { S(clamping: $0) })
    }

    /// Plane `index` of an array of shape (n, h, w) or (n, h, w, c), as an image.
    public func plane<S: PixelSample>(_ index: Int, _: S.Type = S.self) -> Image<S> {
        precondition(shape.count == 3 || shape.count == 4, "npy shape \(shape) is not a stack of images")
        let h = shape[1], w = shape[2], c = shape.count == 4 ? shape[3] : 1
        let values = doubles[(index * h * w * c)..<((index + 1) * h * w * c)]
        return Image(width: w, height: h, channels: c, pixels: values.map { S(clamping: $0) })
    }
}
