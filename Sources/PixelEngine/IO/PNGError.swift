/// Why a PNG could not be read or written. The description names the file and the fix:
/// `cannot read 'scan.png': the file is truncated (the data ends before the image does)`.
public struct PNGError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of failure.
    public enum Kind: Sendable, Equatable {
        /// The file does not start with the PNG signature.
        case notPNG
        /// The data ends before the image does.
        case truncated
        /// libpng reported damage: a CRC mismatch, a zlib error, a malformed chunk.
        case corrupt
        /// The header claims more pixels than the configured limit.
        case tooLarge
        /// The image cannot be stored as PNG as it is (float samples, ids over 65535…).
        case unsupported
        /// The file system refused (missing file, permissions, disk full).
        case io
    }

    public let kind: Kind
    /// Whether the failure happened while reading (else writing).
    public let reading: Bool
    /// The file path, or `<data>` for in-memory input.
    public let source: String
    /// What exactly is wrong.
    public let detail: String

    public init(_ kind: Kind, reading: Bool, source: String, detail: String) {
        self.kind = kind
        self.reading = reading
        self.source = source
        self.detail = detail
    }

    public var description: String {
        let what: String = switch kind {
        case .notPNG: "not a PNG file"
        case .truncated: "the file is truncated"
        case .corrupt: "the PNG data is damaged"
        case .tooLarge: "the image is too large"
        case .unsupported, .io: ""
        }
        let target = source == "<data>" ? "PNG data" : "'\(source)'"
        let verb = reading ? "cannot read" : "cannot write"
        return what.isEmpty ? "\(verb) \(target): \(detail)" : "\(verb) \(target): \(what) (\(detail))"
    }
}
