internal import CTIFFCodec
import Foundation

/// TIFF in, over libtiff (writing: see `TIFFWriting.swift`).
///
/// Reading accepts what microscopes, slide scanners and annotation tools write:
/// - samples of 1, 2, 4, 8, 16, 32 and 64 bits, unsigned, signed or floating point (16, 32,
///   64 bits); 1 to any number of samples per pixel, contiguous or in separate planes;
///   strips or tiles; every compression libtiff decodes (none, LZW, Deflate, PackBits, JPEG,
///   LZMA, …); classic TIFF and BigTIFF;
/// - several pages (multi-page files, ImageJ and OME stacks), read one at a time or all
///   together; ImageJ stacks that list only their first page are read from its header;
/// - the resolution tags, as a ``PixelSize`` (ImageJ's `unit=` is honoured).
///
/// Pages keep their samples as stored (``Page``); ``Page/picture()`` turns them into the
/// engine's images by the rules documented there, and ``Page/ids()`` into exact label ids.
/// Every limit is checked before pixel memory is allocated: pixels per page, total pixels
/// of a stack, and the number of pages.
///
/// ```swift
/// let stack = try TIFF.read(path: "embryo.tif")           // every page
/// let third = try TIFF.read(path: "embryo.tif", page: 2)  // one page
/// let picture = third.pages[0].picture().images[0]
/// ```
public enum TIFF {
    /// Limits for reading.
    public struct ReadOptions: Sendable, Equatable {
        /// A page with more pixels than this is refused before any pixel memory is
        /// allocated. Default 2²⁸ (16384 × 16384).
        public var maxPixels: Int
        /// Files with more pages than this are refused when all pages are read or counted.
        /// Default 10 000.
        public var maxPages: Int
        /// The pages read together may hold at most this many pixels. Default 2³⁰.
        public var maxTotalPixels: Int

        public init(maxPixels: Int = 1 << 28, maxPages: Int = 10_000, maxTotalPixels: Int = 1 << 30) {
            self.maxPixels = maxPixels
            self.maxPages = maxPages
            self.maxTotalPixels = maxTotalPixels
        }
    }

    /// How the samples' bits are to be read.
    public enum SampleFormat: String, Sendable, Equatable {
        case unsigned, signed, float
    }

    /// The samples of a page as stored, in host byte order; bit depths below 8 hold one
    /// value (0 … 2ᵇ−1) per byte.
    public enum Samples: Sendable, Equatable {
        case uint8([UInt8]), uint16([UInt16]), uint32([UInt32]), uint64([UInt64])
        case int8([Int8]), int16([Int16]), int32([Int32]), int64([Int64])
        /// IEEE half floats, as their bit patterns.
        case float16([UInt16])
        case float32([Float]), float64([Double])
    }

    /// One page (image file directory).
    public struct Page: Sendable, Equatable {
        public let width: Int
        public let height: Int
        /// Samples per pixel as decoded (3 for JPEG-compressed YCbCr, which comes as RGB).
        public let samplesPerPixel: Int
        public let bitsPerSample: Int
        public let sampleFormat: SampleFormat
        /// The PhotometricInterpretation tag: 0 min-is-white, 1 min-is-black, 2 RGB,
        /// 3 palette, 5 separated (CMYK), …
        public let photometric: Int
        /// The first extra sample is alpha.
        public let hasAlpha: Bool
        /// The colour map of a palette page, reduced to 8 bits (empty otherwise).
        public let palette: [RGB8]
        /// From the resolution tags (and ImageJ's unit), when the file has them.
        public let pixelSize: PixelSize?
        /// The samples, interleaved.
        public let samples: Samples
    }

    /// The pages read from a file.
    public struct Decoded: Sendable, Equatable {
        /// The pages asked for, in file order.
        public var pages: [Page]
        /// How many pages the file holds (known when all were read or a page was missing;
        /// otherwise at least `pages.count`).
        public var pageCount: Int
    }

    /// The libtiff version linked at run time, e.g. `"4.5.0"`.
    public static var libraryVersion: String {
        let text = String(cString: segsh_tiff_library_version())
        guard let range = text.range(of: "Version ") else { return text }
        return String(text[range.upperBound...].prefix { !$0.isWhitespace })
    }

    // MARK: Reading

    /// Reads one page of a TIFF file (`page` from 0), or every page when `page` is nil.
    public static func read(path: String, page: Int? = nil, options: ReadOptions = ReadOptions()) throws(ImageFileError) -> Decoded {
        do {
            return try decode(try ImageFile.contents(of: path, format: .tiff), page: page, options: options)
        } catch {
            throw error.naming(path)
        }
    }

    /// Decodes TIFF bytes: one page (from 0), or every page when `page` is nil.
    public static func decode(_ data: Data, source: String = "<data>", page: Int? = nil,
                              options: ReadOptions = ReadOptions()) throws(ImageFileError) -> Decoded {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(ImageFileError) -> Decoded in
                let reader = try Reader(raw, source: source, options: options)
                defer { reader.close() }
                return try reader.decode(page: page)
            }
        }
        return try result.get()
    }

    /// The number of pages, counted up to `options.maxPages`.
    public static func pageCount(_ data: Data, source: String = "<data>",
                                 options: ReadOptions = ReadOptions()) throws(ImageFileError) -> Int {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(ImageFileError) -> Int in
                let reader = try Reader(raw, source: source, options: options)
                defer { reader.close() }
                return try reader.layout().count
            }
        }
        return try result.get()
    }
}

extension TIFF {
    /// An open file; the bytes must outlive it.
    fileprivate struct Reader {
        let handle: OpaquePointer
        let bytes: UnsafeRawBufferPointer
        let source: String
        let options: ReadOptions

        init(_ bytes: UnsafeRawBufferPointer, source: String, options: ReadOptions) throws(ImageFileError) {
            var handle: OpaquePointer?
            var message = [CChar](repeating: 0, count: 512)
            // libtiff's own allocations (strip tables, decoder state) stay below what the
            // largest allowed page needs.
            let cap = UInt64(max(1 << 28, min(max(0, options.maxPixels), 1 << 32) * 16))
            let status = segsh_tiff_open(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, cap,
                                         &handle, &message, message.count)
            if status != Int32(SEGSH_TIFF_OK) {
                throw TIFF.error(status, message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, source: source)
            }
            self.handle = handle!
            self.bytes = bytes
            self.source = source
            self.options = options
        }

        func close() { segsh_tiff_close(handle) }

        func failure(_ status: Int32) -> ImageFileError {
            TIFF.error(status, String(cString: segsh_tiff_message(handle)), source: source)
        }

        func fail(_ kind: ImageFileError.Kind, _ detail: String) -> ImageFileError {
            ImageFileError(kind, format: .tiff, reading: true, source: source, detail: detail)
        }

        /// Where each page's pixels are: a directory, or plane k of an ImageJ stack that
        /// lists only its first directory.
        enum Location { case directory(Int), imageJPlane(Int) }

        func layout() throws(ImageFileError) -> [Location] {
            var count: UInt32 = 0
            let status = segsh_tiff_count_pages(handle, UInt32(clamping: max(1, options.maxPages)), &count)
            guard status == Int32(SEGSH_TIFF_OK) else { throw failure(status) }
            if count == 1, let images = try imageJImages(), images > 1 {
                return (0..<images).map { .imageJPlane($0) }
            }
            return (0..<Int(count)).map { .directory($0) }
        }

        /// The `images=` count of an ImageJ description on page 0, checked against the
        /// page limit and the file size.
        func imageJImages() throws(ImageFileError) -> Int? {
            var info = segsh_tiff_page()
            let status = segsh_tiff_page_info(handle, 0, &info)
            guard status == Int32(SEGSH_TIFF_OK) else { throw failure(status) }
            guard let text = description(), let header = ImageJHeader(text), header.images > 1 else { return nil }
            guard header.images <= options.maxPages else {
                throw fail(.tooLarge, "the ImageJ header claims \(header.images) images, over the limit of \(options.maxPages) pages")
            }
            let planeBytes = Int(info.width) * Int(info.height) * Int(info.samples_per_pixel) * Int(info.bytes_per_sample)
            var offset: UInt64 = 0
            var swapped: Int32 = 0
            guard info.compression == 1, info.bits_per_sample >= 8,
                  segsh_tiff_first_strip(handle, &offset, &swapped) == Int32(SEGSH_TIFF_OK) else {
                throw fail(.unsupported, "the ImageJ header claims \(header.images) images but the file has one page, and its data is not stored uncompressed in one piece")
            }
            let (total, overflow) = planeBytes.multipliedReportingOverflow(by: header.images)
            guard !overflow, offset <= UInt64(bytes.count), total <= bytes.count - Int(offset) else {
                throw fail(.corrupt, "the ImageJ header claims \(header.images) images of \(info.width) x \(info.height), more than the file's \(bytes.count) bytes hold")
            }
            return header.images
        }

        func description() -> String? {
            segsh_tiff_description(handle).map { String(cString: $0) }
        }

        func decode(page: Int?) throws(ImageFileError) -> Decoded {
            if let page {
                guard page >= 0 else { throw fail(.noSuchPage, "page \(page) does not exist; pages count from 0") }
                // One page: no need to walk the whole chain, unless it is an ImageJ stack
                // (one directory, many planes) or the page is missing.
                if page > 0, let images = try imageJImages() {
                    guard page < images else {
                        throw fail(.noSuchPage, "there is no page \(page): the file has \(images) pages (0…\(images - 1))")
                    }
                    return Decoded(pages: [try readPage(.imageJPlane(page))], pageCount: images)
                }
                var info = segsh_tiff_page()
                let status = segsh_tiff_page_info(handle, UInt32(clamping: page), &info)
                if status == Int32(SEGSH_TIFF_NO_SUCH_PAGE) {
                    let count = try layout().count
                    throw fail(.noSuchPage, "there is no page \(page): the file has \(count) page\(count == 1 ? "" : "s") (0…\(count - 1))")
                }
                guard status == Int32(SEGSH_TIFF_OK) else { throw failure(status) }
                return Decoded(pages: [try readPage(.directory(page))], pageCount: page + 1)
            }
            let locations = try layout()
            // Every page's size is checked before any pixels are decoded.
            var total = 0
            for location in locations {
                let info = try pageInfo(location)
                total += Int(info.width) * Int(info.height)
                guard total <= options.maxTotalPixels else {
                    throw fail(.tooLarge, "the \(locations.count) pages hold more than \(options.maxTotalPixels) pixels together; read one page at a time (page: k)")
                }
            }
            var pages: [Page] = []
            pages.reserveCapacity(locations.count)
            for location in locations { pages.append(try readPage(location)) }
            return Decoded(pages: pages, pageCount: locations.count)
        }

        func directory(of location: Location) -> Int {
            switch location {
            case .directory(let k): k
            case .imageJPlane: 0
            }
        }

        func pageInfo(_ location: Location) throws(ImageFileError) -> segsh_tiff_page {
            var info = segsh_tiff_page()
            let status = segsh_tiff_page_info(handle, UInt32(directory(of: location)), &info)
            guard status == Int32(SEGSH_TIFF_OK) else { throw failure(status) }
            let pixels = Int(info.width) * Int(info.height)
            guard pixels <= options.maxPixels else {
                throw fail(.tooLarge, "page \(directory(of: location)) is \(info.width) x \(info.height) pixels, over the limit of \(options.maxPixels) pixels")
            }
            let (bytes, overflow) = pixels.multipliedReportingOverflow(by: Int(info.samples_per_pixel) * Int(info.bytes_per_sample))
            guard !overflow, bytes <= options.maxPixels * 16 else {
                throw fail(.tooLarge, "page \(directory(of: location)) holds \(info.samples_per_pixel) samples of \(info.bits_per_sample) bits per pixel, over the limit of \(options.maxPixels * 16) bytes")
            }
            return info
        }

        func readPage(_ location: Location) throws(ImageFileError) -> Page {
            let info = try pageInfo(location)
            let k = directory(of: location)
            var palette: [RGB8] = []
            if info.colormap_size > 0 {
                let n = Int(info.colormap_size)
                var r = [UInt16](repeating: 0, count: n), g = r, b = r
                let status = segsh_tiff_colormap(handle, &r, &g, &b, n)
                guard status == Int32(SEGSH_TIFF_OK) else { throw failure(status) }
                palette = (0..<n).map { RGB8(UInt8(r[$0] >> 8), UInt8(g[$0] >> 8), UInt8(b[$0] >> 8)) }
            }
            let pixelSize = Self.pixelSize(info, imageJ: description().flatMap(ImageJHeader.init))
            let count = Int(info.width) * Int(info.height) * Int(info.samples_per_pixel)
            let samples: Samples
            switch location {
            case .directory:
                samples = try decodeSamples(info, page: k, count: count)
            case .imageJPlane(let plane):
                samples = try imageJSamples(info, plane: plane, count: count)
            }
            let format: SampleFormat = switch info.sample_format {
            case 2: .signed
            case 3: .float
            default: .unsigned
            }
            return Page(width: Int(info.width), height: Int(info.height), samplesPerPixel: Int(info.samples_per_pixel),
                        bitsPerSample: Int(info.bits_per_sample), sampleFormat: format, photometric: Int(info.photometric),
                        hasAlpha: info.alpha != 0, palette: palette, pixelSize: pixelSize, samples: samples)
        }

        func decodeSamples(_ info: segsh_tiff_page, page: Int, count: Int) throws(ImageFileError) -> Samples {
            try Self.samples(format: info.sample_format, bytes: info.bytes_per_sample,
                             DirectoryRead(reader: self, page: page, count: count))
        }

        /// Plane `plane` of an ImageJ stack stored as one uncompressed run after page 0's
        /// first strip (checked against the file size by ``imageJImages()``).
        func imageJSamples(_ info: segsh_tiff_page, plane: Int, count: Int) throws(ImageFileError) -> Samples {
            var offset: UInt64 = 0
            var swapped: Int32 = 0
            guard segsh_tiff_first_strip(handle, &offset, &swapped) == Int32(SEGSH_TIFF_OK) else {
                throw fail(.corrupt, "the ImageJ stack's first strip cannot be located")
            }
            let size = Int(info.bytes_per_sample)
            let start = Int(offset) + plane * count * size
            return try Self.samples(format: info.sample_format, bytes: info.bytes_per_sample,
                                    PlaneRead(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count * size)]),
                                              count: count, swapped: swapped != 0))
        }

        static func samples(format: UInt16, bytes: Int32, _ read: some SampleRead) throws(ImageFileError) -> Samples {
            switch (format, bytes) {
            case (2, 1): .int8(try read.read(Int8.self))
            case (2, 2): .int16(try read.read(Int16.self))
            case (2, 4): .int32(try read.read(Int32.self))
            case (2, 8): .int64(try read.read(Int64.self))
            case (3, 2): .float16(try read.read(UInt16.self))
            case (3, 4): .float32(try read.read(Float.self))
            case (3, 8): .float64(try read.read(Double.self))
            case (_, 2): .uint16(try read.read(UInt16.self))
            case (_, 4): .uint32(try read.read(UInt32.self))
            case (_, 8): .uint64(try read.read(UInt64.self))
            default: .uint8(try read.read(UInt8.self))
            }
        }

        static func pixelSize(_ info: segsh_tiff_page, imageJ: ImageJHeader?) -> PixelSize? {
            guard info.resolution_unit > 0, info.x_resolution > 0, info.y_resolution > 0,
                  info.x_resolution.isFinite, info.y_resolution.isFinite else { return nil }
            let w = 1 / info.x_resolution, h = 1 / info.y_resolution
            if let unit = imageJ?.unit, info.resolution_unit == 1 {
                return PixelSize(width: w, height: h, unit: unit)
            }
            switch info.resolution_unit {
            case 2: return PixelSize(width: w, height: h, unit: .inch)
            case 3: return PixelSize(width: w * 10_000, height: h * 10_000, unit: .micrometre)
            default: return PixelSize(width: w, height: h, unit: .none)
            }
        }
    }

    /// Fills typed sample arrays, from libtiff or from a run of bytes.
    fileprivate protocol SampleRead {
        func read<T: BitwiseCopyable>(_: T.Type) throws(ImageFileError) -> [T]
    }

    fileprivate struct DirectoryRead: SampleRead {
        let reader: Reader
        let page: Int
        let count: Int

        func read<T: BitwiseCopyable>(_: T.Type) throws(ImageFileError) -> [T] {
            var status: Int32 = 0
            let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                status = segsh_tiff_read_page(reader.handle, UInt32(page),
                                              UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                              count * MemoryLayout<T>.stride)
                initialized = count
            }
            guard status == Int32(SEGSH_TIFF_OK) else { throw reader.failure(status) }
            return values
        }
    }

    fileprivate struct PlaneRead: SampleRead {
        let bytes: UnsafeRawBufferPointer
        let count: Int
        let swapped: Bool

        func read<T: BitwiseCopyable>(_: T.Type) throws(ImageFileError) -> [T] {
            let size = MemoryLayout<T>.stride
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                let target = UnsafeMutableRawBufferPointer(buffer)
                target.copyMemory(from: bytes)
                if swapped {
                    // The file's byte order is not the host's: reverse each sample.
                    for i in 0..<count {
                        for j in 0..<(size / 2) { target.swapAt(i * size + j, i * size + size - 1 - j) }
                    }
                }
                initialized = count
            }
        }
    }

    /// What segsh uses of an ImageJ `ImageDescription`: the image count and the unit.
    struct ImageJHeader {
        var images = 1
        var unit: PixelSize.Unit?

        init?(_ text: String) {
            guard text.hasPrefix("ImageJ=") else { return nil }
            for line in text.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { continue }
                switch parts[0] {
                case "images": images = max(1, Int(parts[1]) ?? 1)
                case "unit":
                    unit = switch parts[1].replacingOccurrences(of: "\\u00B5", with: "µ") {
                    case "micron", "um", "µm", "microns": .micrometre
                    case "nm": .nanometre
                    case "mm": .millimetre
                    case "cm": .centimetre
                    case "inch", "in": .inch
                    default: nil
                    }
                default: continue
                }
            }
        }
    }

    static func error(_ status: Int32, _ detail: String, source: String) -> ImageFileError {
        let kind: ImageFileError.Kind = switch status {
        case Int32(SEGSH_TIFF_NOT_TIFF): .unrecognized
        case Int32(SEGSH_TIFF_TOO_LARGE): .tooLarge
        case Int32(SEGSH_TIFF_UNSUPPORTED): .unsupported
        case Int32(SEGSH_TIFF_NO_SUCH_PAGE): .noSuchPage
        case Int32(SEGSH_TIFF_NO_MEMORY): .io
        default: .corrupt
        }
        let text = status == Int32(SEGSH_TIFF_NO_MEMORY) ? "out of memory" : (detail.isEmpty ? "libtiff gave no reason" : detail)
        return ImageFileError(kind, format: .tiff, reading: true, source: source, detail: text)
    }
}
