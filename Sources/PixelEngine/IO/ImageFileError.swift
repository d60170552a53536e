/// Why an image file could not be read or written. The description names the file, what is
/// wrong and, where there is one, the fix:
/// `cannot read 'scan.jpg': the JPEG file is truncated (Premature end of JPEG file)`.
///
/// Thrown by ``JPEG``, ``TIFF`` and ``ImageFile`` (which also reports PNG failures this way).
public struct ImageFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of failure.
    public enum Kind: Sendable, Equatable {
        /// The data is not in the expected format (or, for ``ImageFile``, in no known format).
        case unrecognized
        /// The data ends before the image does.
        case truncated
        /// The library reported damage: bad markers, directories, strips, Huffman data.
        case corrupt
        /// The file claims more pixels or pages than the configured limits.
        case tooLarge
        /// Valid data segsh does not decode, or a value the format cannot store.
        case unsupported
        /// The page asked for does not exist.
        case noSuchPage
        /// The file system refused (missing file, permissions, disk full).
        case io
    }

    public let kind: Kind
    /// The format involved, when known.
    public let format: ImageFormat?
    /// Whether the failure happened while reading (else writing).
    public let reading: Bool
    /// The file path, or `<data>` for in-memory input.
    public let source: String
    /// What exactly is wrong.
    public let detail: String

    public init(_ kind: Kind, format: ImageFormat?, reading: Bool, source: String, detail: String) {
        self.kind = kind
        self.format = format
        self.reading = reading
        self.source = source
        self.detail = detail
    }

    /// The same failure, attributed to `source` (codecs run on data before the path is known).
    public func naming(_ source: String) -> ImageFileError {
        ImageFileError(kind, format: format, reading: reading, source: source, detail: detail)
    }

    public var description: String {
        let name = format.map { "\($0)" } ?? "image"
        let what: String = switch kind {
        case .unrecognized: format.map { "not a \($0) file" } ?? "not an image file segsh reads (PNG, JPEG or TIFF)"
        case .truncated: "the \(name) file is truncated"
        case .corrupt: "the \(name) data is damaged"
        case .tooLarge: "the image is too large"
        case .unsupported, .noSuchPage, .io: ""
        }
        let target = source == "<data>" ? "\(name) data" : "'\(source)'"
        let verb = reading ? "cannot read" : "cannot write"
        return what.isEmpty ? "\(verb) \(target): \(detail)" : "\(verb) \(target): \(what) (\(detail))"
    }
}

extension ImageFileError {
    /// A PNG codec failure in this type's terms.
    public init(_ error: PNGError) {
        let kind: Kind = switch error.kind {
        case .notPNG: .unrecognized
        case .truncated: .truncated
        case .corrupt: .corrupt
        case .tooLarge: .tooLarge
        case .unsupported: .unsupported
        case .io: .io
        }
        self.init(kind, format: .png, reading: error.reading, source: error.source, detail: error.detail)
    }
}
