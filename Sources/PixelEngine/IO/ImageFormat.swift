import Foundation

/// The image file formats segsh reads and writes.
///
/// Reading recognises a file by its first bytes (its signature), never by its name, so a
/// JPEG saved as `photo.png` still loads. Writing picks the format from the extension.
///
/// ```swift
/// ImageFormat(signatureOf: Data([0xFF, 0xD8, 0xFF, 0xE0]))  // .jpeg
/// ImageFormat(pathExtensionOf: "out/cells.TIF")            // .tiff
/// ```
public enum ImageFormat: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case png
    case jpeg
    case tiff

    /// The format whose signature starts `data`, or nil: PNG (`89 50 4E 47 0D 0A 1A 0A`),
    /// JPEG (`FF D8 FF`), TIFF (`II*\0`, `MM\0*`) and BigTIFF (`II+\0`, `MM\0+`).
    public init?(signatureOf data: some Collection<UInt8>) {
        let head = Array(data.prefix(8))
        if head.count >= 8, head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
            self = .png
        } else if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF {
            self = .jpeg
        } else if head.count >= 4, (head[0] == 0x49 && head[1] == 0x49 && (head[2] == 42 || head[2] == 43) && head[3] == 0)
                    || (head[0] == 0x4D && head[1] == 0x4D && head[2] == 0 && (head[3] == 42 || head[3] == 43)) {
            self = .tiff
        } else {
            return nil
        }
    }

    /// The format a path's extension names (case-insensitive), or nil.
    public init?(pathExtensionOf path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        guard let format = Self.allCases.first(where: { $0.extensions.contains(ext) }) else { return nil }
        self = format
    }

    /// The extensions that name this format, lower case, preferred first.
    public var extensions: [String] {
        switch self {
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        case .tiff: ["tif", "tiff"]
        }
    }

    /// Every image extension, for messages: `.png, .jpg, .jpeg, .tif, .tiff`.
    public static var knownExtensions: String {
        allCases.flatMap(\.extensions).map { "." + $0 }.joined(separator: ", ")
    }

    /// `"PNG"`, `"JPEG"`, `"TIFF"`.
    public var description: String { rawValue.uppercased() }
}
