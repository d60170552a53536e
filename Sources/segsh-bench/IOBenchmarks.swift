import Foundation
import PixelEngine

extension BenchRegistry {
    /// PNG codec: the issue-2 benchmark (compare with Pillow).
    static let io: [BenchCase] = [
        BenchCase(name: "png_decode_rgb8") { try PNG.decode($0.rgbPNG) },
        BenchCase(name: "png_encode_rgb8") { try PNG.encode($0.rgb8) },
        // JPEG and TIFF codecs (issue 16; compare with Pillow and tifffile). JPEG at quality
        // 90 like Pillow's call; TIFF uncompressed and Deflate.
        BenchCase(name: "jpeg_decode_rgb8") { try JPEG.decode($0.encoded.jpeg) },
        BenchCase(name: "jpeg_encode_rgb8") { try JPEG.encode(.uint8($0.rgb8), quality: 90) },
        BenchCase(name: "tiff_read_rgb8") { try TIFF.decode($0.encoded.tiff) },
        BenchCase(name: "tiff_write_rgb8") { try TIFF.encode([.image(.uint8($0.rgb8))], options: .init(compression: .none)) },
        BenchCase(name: "tiff_read_rgb8_deflate") { try TIFF.decode($0.encoded.deflate) },
        BenchCase(name: "tiff_write_rgb8_deflate") { try TIFF.encode([.image(.uint8($0.rgb8))]) },
    ]
}

/// The RGB input encoded once per format at start-up, for the decode timings.
struct EncodedInputs: Sendable {
    let jpeg: Data
    let tiff: Data
    let deflate: Data

    init(_ rgb8: Image<UInt8>) throws {
        jpeg = try JPEG.encode(.uint8(rgb8), quality: 90)
        tiff = try TIFF.encode([.image(.uint8(rgb8))], options: .init(compression: .none))
        deflate = try TIFF.encode([.image(.uint8(rgb8))])
    }
}
