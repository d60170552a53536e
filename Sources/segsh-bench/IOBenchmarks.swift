import PixelEngine

extension BenchRegistry {
    /// PNG codec: the issue-2 benchmark (compare with Pillow).
    static let io: [BenchCase] = [
        BenchCase(name: "png_decode_rgb8") { try PNG.decode($0.rgbPNG) },
        BenchCase(name: "png_encode_rgb8") { try PNG.encode($0.rgb8) },
    ]
}
