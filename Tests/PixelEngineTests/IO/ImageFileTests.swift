import Foundation
import Testing
import TestSupport
@testable import PixelEngine

@Suite("Image files: format by content, by extension")
struct ImageFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test("signatures decide the format, whatever the name")
    func byContent() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = try FormatFixtures.data("baseline_rgb.jpg")
        FileManager.default.createFile(atPath: path("photo.png"), contents: jpeg)
        let picture = try ImageFile.read(path: path("photo.png"))
        #expect(picture.format == .jpeg && picture.image.channels == 3)
        let tiff = try FormatFixtures.data("u16_gray.tif")
        FileManager.default.createFile(atPath: path("scan.jpg"), contents: tiff)
        #expect(try ImageFile.format(ofFileAt: path("scan.jpg")) == .tiff)
        #expect(ImageFormat(signatureOf: try FormatFixtures.data("u16_bigtiff.tif")) == .tiff)
        #expect(ImageFormat(signatureOf: try FormatFixtures.data("u16_bigendian.tif")) == .tiff)
        #expect(ImageFormat(signatureOf: try PNG.encode(Image<UInt8>(width: 1, height: 1))) == .png)
    }

    @Test("extensions decide the written format; others are refused, naming the known ones")
    func byExtension() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = AnyImage.uint8(randomImage(UInt8.self, width: 16, height: 8, channels: 3, seed: 3))
        for (name, format) in [("a.png", ImageFormat.png), ("b.JPG", .jpeg), ("c.jpeg", .jpeg), ("d.tif", .tiff), ("e.TIFF", .tiff)] {
            try ImageFile.write(.image(image), to: path(name))
            #expect(try ImageFile.format(ofFileAt: path(name)) == format, "\(name)")
        }
        #expect(try ImageFile.read(path: path("d.tif")).image == image)
        do {
            try ImageFile.write(.image(image), to: path("f.bmp"))
            Issue.record("bmp accepted")
        } catch {
            #expect(error.description.contains(".png, .jpg, .jpeg, .tif, .tiff"))
            #expect(error.description.contains("'.bmp'"))
        }
        #expect(!FileManager.default.fileExists(atPath: path("f.bmp")))
    }

    @Test("masks, label maps and class maps refuse JPEG; label maps over 65535 ids suggest TIFF")
    func lossyRefused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let mask = randomMask(width: 8, height: 8, seed: 1)
        let labels = LabelMap(ids: Image(width: 2, height: 1, pixels: [0, 70_000]))
        let classes = try ClassMap(indices: Image(width: 2, height: 1, pixels: [0, 1]), classCount: 2)
        for content in [TIFF.Content.mask(mask), .labels(labels), .classes(classes)] {
            do {
                try ImageFile.write(content, to: path("x.jpg"))
                Issue.record("JPEG accepted for \(content)")
            } catch {
                #expect(error.description.contains("lossy") && error.description.contains(".tif"))
            }
        }
        do {
            try ImageFile.write(.labels(labels), to: path("x.png"))
            Issue.record("70000 ids accepted as PNG")
        } catch {
            #expect(error.description.contains("save as .tif"))
        }
        try ImageFile.write(.labels(labels), to: path("x.tif"))
        let page = try TIFF.read(path: path("x.tif")).pages[0]
        #expect(try page.ids() == labels.ids)
    }

    @Test("pages: PNG and JPEG have one; a stack needs .tif")
    func pages() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = TIFFReadTests.error { try ImageFile.read(path: FormatFixtures.path("baseline_gray.jpg"), page: 1) }
        #expect(error?.kind == .noSuchPage && error?.description.contains("one page") == true)
        #expect(try ImageFile.readStack(path: FormatFixtures.path("baseline_gray.jpg")).count == 1)
        #expect(try ImageFile.readStack(path: FormatFixtures.path("stack_ome.tif")).count == 3)
        let planes = [AnyImage.uint8(Image(width: 2, height: 2)), .uint8(Image(width: 2, height: 2, repeating: 9))]
        #expect(throws: ImageFileError.self) { try ImageFile.writeStack(planes.map { .image($0) }, to: path("s.png")) }
        try ImageFile.writeStack(planes.map { .image($0) }, to: path("s.tif"))
        #expect(try ImageFile.readStack(path: path("s.tif")).map(\.image) == planes)
    }

    @Test("orientation can be turned off through ImageFile")
    func orientationOption() throws {
        let upright = try ImageFile.read(path: FormatFixtures.path("orientation_6.jpg"))
        let raw = try ImageFile.read(path: FormatFixtures.path("orientation_6.jpg"), options: .init(applyOrientation: false))
        #expect(upright.image.width == raw.image.height && upright.image.height == raw.image.width)
    }
}
