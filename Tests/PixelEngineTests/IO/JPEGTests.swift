import Foundation
import Testing
import TestSupport
@testable import PixelEngine

@Suite("JPEG")
struct JPEGTests {
    @Test("decodes exactly as Pillow does with libjpeg-turbo",
          arguments: ["baseline_rgb.jpg", "progressive_rgb.jpg", "baseline_444.jpg", "baseline_gray.jpg", "cmyk.jpg"])
    func matchesPillow(file: String) throws {
        let decoded = try JPEG.read(path: FormatFixtures.path(file))
        let problem = FormatFixtures.mismatch(decoded.image, try FormatFixtures.expected(file), type: .uint8)
        #expect(problem == nil, "\(file): \(problem ?? "")")
    }

    @Test("reports what the file holds")
    func fileInfo() throws {
        let progressive = try JPEG.read(path: FormatFixtures.path("progressive_rgb.jpg"))
        #expect(progressive.progressive && progressive.colorSpace == .ycbcr && progressive.orientation == 1)
        let baseline = try JPEG.read(path: FormatFixtures.path("baseline_rgb.jpg"))
        #expect(!baseline.progressive)
        #expect(try JPEG.read(path: FormatFixtures.path("baseline_gray.jpg")).colorSpace == .gray)
        let cmyk = try JPEG.read(path: FormatFixtures.path("cmyk.jpg"))
        #expect(cmyk.colorSpace == .cmyk && cmyk.image.channels == 3)
    }

    @Test("every EXIF orientation loads upright, and raw when asked", arguments: 1...8)
    func orientation(k: Int) throws {
        let file = "orientation_\(k).jpg"
        let decoded = try JPEG.read(path: FormatFixtures.path(file))
        #expect(decoded.orientation == k)
        #expect(FormatFixtures.mismatch(decoded.image, try FormatFixtures.expected(file), type: .uint8) == nil)
        #expect(decoded.image.width == 24 && decoded.image.height == 16)
        let raw = try JPEG.read(path: FormatFixtures.path(file), options: .init(applyOrientation: false))
        #expect(!raw.orientationApplied)
        #expect(FormatFixtures.mismatch(raw.image, try FormatFixtures.expected("orientation_\(k)_raw.jpg"), type: .uint8) == nil)
    }

    @Test("encodes gray and RGB; decoding the result stays close to the original")
    func roundTrip() throws {
        for channels in [1, 3] {
            let original = try FormatFixtures.expected(channels == 1 ? "baseline_gray.jpg" : "baseline_rgb.jpg").image(UInt8.self)
            let data = try JPEG.encode(.uint8(original), quality: 95)
            #expect(ImageFormat(signatureOf: data) == .jpeg)
            guard case .uint8(let back) = try JPEG.decode(data).image else { Issue.record("not 8-bit"); return }
            #expect(back.width == original.width && back.height == original.height && back.channels == channels)
            // Lossy: the noisy fixture moves by about 4 levels on average at quality 95.
            let total = zip(back.pixels, original.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
            #expect(Double(total) / Double(back.pixels.count) < 5)
            // Quality trades size for fidelity.
            #expect(try JPEG.encode(.uint8(original), quality: 30).count < data.count)
        }
    }

    @Test("refuses what JPEG cannot store, with the fix")
    func encodeRefusals() {
        let rgba = AnyImage.uint8(Image(width: 4, height: 4, channels: 4))
        #expect(throws: ImageFileError.self) { try JPEG.encode(rgba) }
        do {
            _ = try JPEG.encode(.uint16(Image(width: 4, height: 4, channels: 1)))
            Issue.record("16-bit accepted")
        } catch {
            #expect(error.kind == .unsupported && error.description.contains("uint8"))
        }
        #expect(throws: ImageFileError.self) { try JPEG.encode(.uint8(Image(width: 4, height: 4)), quality: 0) }
    }
}
