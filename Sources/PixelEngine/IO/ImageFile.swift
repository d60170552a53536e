import Foundation

/// Image files of any format segsh knows: read by content, written by extension.
///
/// ``read(path:page:options:)`` looks at the file's first bytes (PNG, JPEG, TIFF or
/// BigTIFF), so a file's name does not matter; ``write(_:to:options:)`` picks the format
/// from the extension (`.png`, `.jpg`/`.jpeg`, `.tif`/`.tiff`) and names the known ones
/// when given another. Masks, label maps and class maps refuse JPEG, which is lossy.
///
/// ```swift
/// let picture = try ImageFile.read(path: "photo.jpg")     // upright, 8-bit RGB
/// try ImageFile.write(.image(picture.image), to: "photo.tif")
/// let stack = try ImageFile.readStack(path: "embryo.tif")  // every page
/// ```
public enum ImageFile {
    /// Limits and choices for reading.
    public struct ReadOptions: Sendable, Equatable {
        /// Pixels per image (page), checked before allocation. Default 2²⁸.
        public var maxPixels: Int
        /// Pages counted or read together, at most. Default 10 000.
        public var maxPages: Int
        /// Pixels of all pages read together, at most. Default 2³⁰.
        public var maxTotalPixels: Int
        /// Apply a JPEG's EXIF orientation (default true).
        public var applyOrientation: Bool

        public init(maxPixels: Int = 1 << 28, maxPages: Int = 10_000, maxTotalPixels: Int = 1 << 30,
                    applyOrientation: Bool = true) {
            self.maxPixels = maxPixels
            self.maxPages = maxPages
            self.maxTotalPixels = maxTotalPixels
            self.applyOrientation = applyOrientation
        }

        var tiff: TIFF.ReadOptions {
            TIFF.ReadOptions(maxPixels: maxPixels, maxPages: maxPages, maxTotalPixels: maxTotalPixels)
        }
    }

    /// One image (page) read from a file.
    public struct Picture: Sendable, Equatable {
        /// One image, or one gray image per channel for a page of more than 4 channels
        /// (``isPlanes``).
        public var images: [AnyImage]
        public var isPlanes: Bool
        /// The format the file turned out to be.
        public var format: ImageFormat
        /// The physical pixel size, when the file gives one (TIFF resolution tags).
        public var pixelSize: PixelSize?
        /// A sentence for each conversion that changed values (see ``TIFF/Page/picture()``).
        public var notes: [String]

        /// The image (the first plane of a many-channel page).
        public var image: AnyImage { images[0] }
    }

    /// What to write.
    public typealias Content = TIFF.Content

    /// Choices for writing; each applies to the formats that have it.
    public struct WriteOptions: Sendable, Equatable {
        /// JPEG quality 1…100.
        public var quality: Int
        /// TIFF compression.
        public var compression: TIFF.Compression
        /// TIFF resolution tags.
        public var pixelSize: PixelSize?

        public init(quality: Int = JPEG.defaultQuality, compression: TIFF.Compression = .deflate, pixelSize: PixelSize? = nil) {
            self.quality = quality
            self.compression = compression
            self.pixelSize = pixelSize
        }
    }

    // MARK: Reading

    /// The format of the file at `path`, from its first bytes.
    public static func format(ofFileAt path: String) throws(ImageFileError) -> ImageFormat {
        try format(of: try contents(of: path, format: nil), source: path)
    }

    /// The format of `data`, from its first bytes; throws `unrecognized` naming the formats.
    public static func format(of data: Data, source: String = "<data>") throws(ImageFileError) -> ImageFormat {
        guard let format = ImageFormat(signatureOf: data.prefix(8)) else {
            throw ImageFileError(.unrecognized, format: nil, reading: true, source: source,
                                 detail: data.isEmpty ? "the file is empty" : "its first bytes are no PNG, JPEG or TIFF signature")
        }
        return format
    }

    /// Reads page `page` (from 0) of an image file of any known format. PNG and JPEG files
    /// have one page.
    public static func read(path: String, page: Int = 0, options: ReadOptions = ReadOptions()) throws(ImageFileError) -> Picture {
        let data = try contents(of: path, format: nil)
        let kind = try format(of: data, source: path)
        switch kind {
        case .png, .jpeg:
            guard page == 0 else {
                throw ImageFileError(.noSuchPage, format: kind, reading: true, source: path,
                                     detail: "there is no page \(page): a \(kind) file has one page (0)")
            }
            return try single(data, kind, source: path, options: options)
        case .tiff:
            let decoded = try TIFF.decode(data, source: path, page: page, options: options.tiff)
            return picture(decoded.pages[0])
        }
    }

    /// Reads every page of an image file: the pages of a TIFF (multi-page, ImageJ or OME
    /// stacks), or the one image of a PNG or JPEG.
    public static func readStack(path: String, options: ReadOptions = ReadOptions()) throws(ImageFileError) -> [Picture] {
        let data = try contents(of: path, format: nil)
        let kind = try format(of: data, source: path)
        switch kind {
        case .png, .jpeg: return [try single(data, kind, source: path, options: options)]
        case .tiff: return try TIFF.decode(data, source: path, page: nil, options: options.tiff).pages.map(picture)
        }
    }

    private static func single(_ data: Data, _ kind: ImageFormat, source: String, options: ReadOptions) throws(ImageFileError) -> Picture {
        let image: AnyImage
        if kind == .png {
            do {
                image = try PNG.decode(data, source: source, options: PNG.ReadOptions(maxPixels: options.maxPixels)).image
            } catch {
                throw ImageFileError(error)
            }
        } else {
            image = try JPEG.decode(data, source: source, options: JPEG.ReadOptions(
                maxPixels: options.maxPixels, applyOrientation: options.applyOrientation)).image
        }
        return Picture(images: [image], isPlanes: false, format: kind, pixelSize: nil, notes: [])
    }

    private static func picture(_ page: TIFF.Page) -> Picture {
        let converted = page.picture()
        return Picture(images: converted.images, isPlanes: converted.isPlanes, format: .tiff,
                       pixelSize: page.pixelSize, notes: converted.notes)
    }

    // MARK: Writing

    /// The format to write `path` in, from its extension; throws naming the known ones.
    public static func format(forWriting path: String) throws(ImageFileError) -> ImageFormat {
        guard let format = ImageFormat(pathExtensionOf: path) else {
            let ext = (path as NSString).pathExtension
            throw ImageFileError(.unsupported, format: nil, reading: false, source: path,
                                 detail: "\(ext.isEmpty ? "the path has no extension" : "'.\(ext)' is not an image extension"); use one of \(ImageFormat.knownExtensions)")
        }
        return format
    }

    /// Writes one picture, mask, label map or class map in the format of `path`'s
    /// extension, atomically.
    ///
    /// - Throws: ``ImageFileError``: an unknown extension (naming the known ones), a
    ///   mask/label map/class map to JPEG (lossy), or what the format cannot store
    ///   (float to PNG or JPEG, ids over 65535 to PNG, alpha to JPEG), each with the fix.
    public static func write(_ content: Content, to path: String, options: WriteOptions = WriteOptions()) throws(ImageFileError) {
        let kind = try format(forWriting: path)
        switch (kind, content) {
        case (.tiff, _):
            try TIFF.write([content], to: path, options: TIFF.WriteOptions(compression: options.compression, pixelSize: options.pixelSize))
        case (.jpeg, .image(let image)):
            try JPEG.write(image, to: path, quality: options.quality)
        case (.jpeg, _):
            let what = switch content {
            case .labels: "a label map"
            case .classes: "a class map"
            default: "a mask"
            }
            throw ImageFileError(.unsupported, format: .jpeg, reading: false, source: path,
                                 detail: "JPEG is lossy, so \(what) would not come back as saved; save it as .png or .tif")
        case (.png, _):
            do {
                switch content {
                case .image(let image): try PNG.write(image, to: path)
                case .labels(let labels): try PNG.write(labels, to: path)
                case .mask(let mask): try PNG.write(mask, to: path)
                case .classes(let classes): try PNG.write(classes, to: path)
                }
            } catch {
                var e = ImageFileError(error)
                if error.kind == .unsupported, case .labels = content {
                    e = ImageFileError(.unsupported, format: .png, reading: false, source: path,
                                       detail: error.detail + ", or save as .tif (32-bit ids)")
                }
                throw e
            }
        }
    }

    /// Writes several pictures as one multi-page TIFF (the path must end in .tif or .tiff).
    public static func writeStack(_ pages: [Content], to path: String, options: WriteOptions = WriteOptions()) throws(ImageFileError) {
        let kind = try format(forWriting: path)
        guard kind == .tiff else {
            throw ImageFileError(.unsupported, format: kind, reading: false, source: path,
                                 detail: "a \(kind) file holds one image, not \(pages.count); save a stack as .tif or .tiff")
        }
        try TIFF.write(pages, to: path, options: TIFF.WriteOptions(compression: options.compression, pixelSize: options.pixelSize))
    }

    // MARK: Files

    /// The bytes of the file at `path`, mapped rather than read, so a huge file is not
    /// loaded just to have its header refused.
    public static func contents(of path: String, format: ImageFormat?) throws(ImageFileError) -> Data {
        func fail(_ detail: String) -> ImageFileError {
            ImageFileError(.io, format: format, reading: true, source: path, detail: detail)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("no such file; check the path (relative paths start at \(FileManager.default.currentDirectoryPath))")
        }
        guard !isDirectory.boolValue else { throw fail("this is a folder, not an image file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw fail(FileManager.default.isReadableFile(atPath: path) ? "the file could not be read" : "no permission to read it")
        }
    }

    /// Writes encoded bytes to `path` atomically.
    public static func write(_ data: Data, to path: String, format: ImageFormat) throws(ImageFileError) {
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw ImageFileError(.io, format: format, reading: false, source: path, detail: error.reason)
        }
    }
}
