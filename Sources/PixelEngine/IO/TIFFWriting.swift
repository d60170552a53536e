internal import CTIFFCodec
import Foundation

extension TIFF {
    /// How pages are compressed. Deflate (zlib, with a predictor) is the default: lossless,
    /// read by every TIFF reader.
    public enum Compression: String, Sendable, Hashable, CaseIterable {
        case none, deflate, lzw, packbits

        var code: Int32 {
            switch self {
            case .none: 1
            case .deflate: 8
            case .lzw: 5
            case .packbits: 32773
            }
        }
    }

    /// What a page holds; each kind is stored so that it reads back equal.
    public enum Content: Sendable, Equatable {
        /// 8-, 16-bit or float32 samples, gray, gray+alpha, RGB or RGBA.
        case image(AnyImage)
        /// 16-bit gray while ids fit (≤ 65535), 32-bit gray beyond.
        case labels(LabelMap)
        /// 8-bit gray, 0 and 255.
        case mask(Mask)
        /// An 8-bit palette page whose colour map is the class colours.
        case classes(ClassMap)
    }

    /// Choices for writing.
    public struct WriteOptions: Sendable, Equatable {
        public var compression: Compression
        /// Written as the resolution tags of every page (nil: none).
        public var pixelSize: PixelSize?

        public init(compression: Compression = .deflate, pixelSize: PixelSize? = nil) {
            self.compression = compression
            self.pixelSize = pixelSize
        }
    }

    /// Encodes pages into one TIFF file (BigTIFF when the data passes 4 GiB).
    ///
    /// - Throws: ``ImageFileError`` (`unsupported`) for an empty list or an empty image.
    ///
    /// ```swift
    /// let data = try TIFF.encode([.labels(cells)])  // 32-bit when ids pass 65535
    /// ```
    public static func encode(_ pages: [Content], options: WriteOptions = WriteOptions()) throws(ImageFileError) -> Data {
        func refuse(_ detail: String) -> ImageFileError {
            ImageFileError(.unsupported, format: .tiff, reading: false, source: "<data>", detail: detail)
        }
        guard !pages.isEmpty else { throw refuse("there are no pages to write") }
        let layouts = pages.map(PageLayout.init)
        for layout in layouts where layout.width == 0 || layout.height == 0 {
            throw refuse("a TIFF page needs at least 1x1 pixels, one is \(layout.width)x\(layout.height)")
        }
        let total = layouts.reduce(0) { $0 + $1.byteCount }
        var handle: OpaquePointer?
        var message = [CChar](repeating: 0, count: 512)
        let status = segsh_tiff_writer_open(total > (1 << 32) - (1 << 28) ? 1 : 0, &handle, &message, message.count)
        guard status == Int32(SEGSH_TIFF_OK), let writer = handle else {
            throw ImageFileError(.io, format: .tiff, reading: false, source: "<data>",
                                 detail: message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        defer { segsh_tiff_writer_free(writer) }
        func failed(_ status: Int32) -> ImageFileError {
            ImageFileError(status == Int32(SEGSH_TIFF_NO_MEMORY) ? .io : .corrupt, format: .tiff, reading: false,
                           source: "<data>", detail: String(cString: segsh_tiff_writer_message(writer)))
        }
        let resolution = Resolution(options.pixelSize)
        for (k, layout) in layouts.enumerated() {
            let colormap = layout.colormap
            let status = colormap.withUnsafeBufferPointer { map in
                layout.withBytes { pixels in
                    var page = segsh_tiff_write_page(
                        width: UInt32(layout.width), height: UInt32(layout.height), channels: UInt16(layout.channels),
                        bits_per_sample: UInt16(layout.bits), sample_format: layout.float ? 3 : 1,
                        photometric: layout.photometric, alpha: layout.alpha ? 1 : 0,
                        colormap: map.isEmpty ? nil : map.baseAddress, compression: options.compression.code,
                        resolution_unit: resolution.unit, x_resolution: resolution.x, y_resolution: resolution.y,
                        page_number: UInt32(k), page_count: UInt32(clamping: pages.count), description: nil)
                    return segsh_tiff_writer_add(writer, &page, pixels.baseAddress?.assumingMemoryBound(to: UInt8.self))
                }
            }
            guard status == Int32(SEGSH_TIFF_OK) else { throw failed(status) }
        }
        var bytes: UnsafePointer<UInt8>?
        var size = 0
        let finished = segsh_tiff_writer_finish(writer, &bytes, &size)
        guard finished == Int32(SEGSH_TIFF_OK), let bytes else { throw failed(finished) }
        return Data(bytes: bytes, count: size)
    }

    /// Encodes and writes pages atomically (see ``encode(_:options:)``).
    public static func write(_ pages: [Content], to path: String, options: WriteOptions = WriteOptions()) throws(ImageFileError) {
        let data: Data
        do {
            data = try encode(pages, options: options)
        } catch {
            throw error.naming(path)
        }
        try ImageFile.write(data, to: path, format: .tiff)
    }

    /// A page's samples and tags.
    private struct PageLayout {
        let content: Content
        let width: Int, height: Int, channels: Int, bits: Int
        let float: Bool
        let photometric: UInt16
        let alpha: Bool
        /// 16-bit ids when they fit; otherwise the 32-bit id image is written as it is.
        let narrowIds: Image<UInt16>?

        init(_ content: Content) {
            self.content = content
            var narrow: Image<UInt16>?
            switch content {
            case .image(let image):
                (width, height, channels) = (image.width, image.height, image.channels)
                bits = image.sampleType.bitDepth
                float = image.sampleType == .float32
                photometric = channels >= 3 ? 2 : 1
                alpha = channels == 2 || channels == 4
            case .labels(let labels):
                (width, height, channels) = (labels.width, labels.height, 1)
                if labels.maxLabel <= UInt32(UInt16.max) {
                    narrow = labels.ids.map { UInt16(truncatingIfNeeded: $0) }
                    bits = 16
                } else {
                    bits = 32
                }
                (float, photometric, alpha) = (false, 1, false)
            case .mask(let mask):
                (width, height, channels, bits, float, photometric, alpha) = (mask.width, mask.height, 1, 8, false, 1, false)
            case .classes(let classes):
                (width, height, channels, bits, float, photometric, alpha) = (classes.width, classes.height, 1, 8, false, 3, false)
            }
            narrowIds = narrow
        }

        var byteCount: Int { width * height * channels * bits / 8 }

        /// R…, G…, B… (256 each) for a class map; empty otherwise.
        var colormap: [UInt16] {
            guard case .classes(let classes) = content else { return [] }
            var map = [UInt16](repeating: 0, count: 3 * 256)
            for (k, c) in classes.classes.enumerated() {
                map[k] = UInt16(c.color.r) * 257
                map[256 + k] = UInt16(c.color.g) * 257
                map[512 + k] = UInt16(c.color.b) * 257
            }
            return map
        }

        func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            switch content {
            case .image(.uint8(let i)): i.withUnsafeSamples { body(UnsafeRawBufferPointer($0)) }
            case .image(.uint16(let i)): i.withUnsafeSamples { body(UnsafeRawBufferPointer($0)) }
            case .image(.float32(let i)): i.withUnsafeSamples { body(UnsafeRawBufferPointer($0)) }
            case .labels(let labels):
                if let narrowIds {
                    narrowIds.withUnsafeSamples { body(UnsafeRawBufferPointer($0)) }
                } else {
                    labels.ids.withUnsafeSamples { body(UnsafeRawBufferPointer($0)) }
                }
            case .mask(let mask): mask.image.withUnsafeSamples { body(UnsafeRawBufferPointer($0)) }
            case .classes(let classes): classes.indices.withUnsafeSamples { body(UnsafeRawBufferPointer($0)) }
            }
        }
    }

    /// The resolution tags for a pixel size: metric units go out as pixels per centimetre.
    private struct Resolution {
        var unit: Int32 = 0
        var x = 0.0, y = 0.0

        init(_ size: PixelSize?) {
            guard let size, size.width > 0, size.height > 0 else { return }
            let perCentimetre: Double? = switch size.unit {
            case .centimetre: 1
            case .millimetre: 10
            case .micrometre: 10_000
            case .nanometre: 10_000_000
            case .inch, .none: nil
            }
            if let perCentimetre {
                (unit, x, y) = (3, perCentimetre / size.width, perCentimetre / size.height)
            } else {
                (unit, x, y) = (size.unit == .inch ? 2 : 1, 1 / size.width, 1 / size.height)
            }
        }
    }
}
