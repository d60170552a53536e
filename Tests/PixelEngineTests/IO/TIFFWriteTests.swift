import Foundation
import Testing
import TestSupport
@testable import PixelEngine

@Suite("TIFF writing")
struct TIFFWriteTests {
    private func roundTrip(_ content: [TIFF.Content], _ options: TIFF.WriteOptions = .init()) throws -> TIFF.Decoded {
        let data = try TIFF.encode(content, options: options)
        #expect(ImageFormat(signatureOf: data) == .tiff)
        return try TIFF.decode(data)
    }

    @Test("16-bit RGB, float, 8-bit gray+alpha and RGBA come back bit-exact with every compression",
          arguments: TIFF.Compression.allCases)
    func images(compression: TIFF.Compression) throws {
        let images: [AnyImage] = [
            .uint16(randomImage(UInt16.self, width: 53, height: 31, channels: 3, seed: 1)),
            .float32(randomImage(Float.self, width: 20, height: 9, channels: 1, seed: 2).map { $0 * 1e4 - 3 }),
            .uint8(randomImage(UInt8.self, width: 7, height: 300, channels: 2, seed: 3)),
            .uint8(randomImage(UInt8.self, width: 16, height: 16, channels: 4, seed: 4)),
        ]
        for image in images {
            let back = try roundTrip([.image(image)], .init(compression: compression))
            #expect(back.pages.count == 1)
            #expect(back.pages[0].picture().images == [image], "\(image)")
        }
    }

    @Test("a 70 000-label map is written as 32-bit and comes back equal; small maps as 16-bit")
    func labels() throws {
        let width = 300, height = 240
        let ids = Image<UInt32>(width: width, height: height, pixels: (0..<(width * height)).map { UInt32($0 % 70_001) })
        let labels = LabelMap(ids: ids)
        #expect(labels.maxLabel == 70_000)
        let page = try roundTrip([.labels(labels)]).pages[0]
        #expect(page.bitsPerSample == 32)
        #expect(try page.ids() == ids)
        let small = LabelMap(ids: Image(width: 3, height: 1, pixels: [0, 65_535, 7]))
        let smallPage = try roundTrip([.labels(small)]).pages[0]
        #expect(smallPage.bitsPerSample == 16)
        #expect(try smallPage.ids() == small.ids)
    }

    @Test("a 5-page stack comes back page for page")
    func stack() throws {
        let pages = (0..<5).map { AnyImage.uint16(randomImage(UInt16.self, width: 19, height: 11, seed: UInt64(10 + $0))) }
        let back = try roundTrip(pages.map { .image($0) })
        #expect(back.pageCount == 5)
        #expect(back.pages.map { $0.picture().images[0] } == pages)
    }

    @Test("masks, class maps and the pixel size survive")
    func otherContent() throws {
        let mask = randomMask(width: 33, height: 17, seed: 5)
        #expect(try roundTrip([.mask(mask)]).pages[0].picture().images == [.uint8(mask.image)])
        let classes = try ClassMap(indices: Image(width: 3, height: 2, pixels: [0, 1, 2, 2, 1, 0]), classCount: 3)
        let page = try roundTrip([.classes(classes)]).pages[0]
        #expect(page.photometric == 3 && Array(page.palette.prefix(3)) == classes.classes.map(\.color))
        #expect(try page.ids().pixels == [0, 1, 2, 2, 1, 0])
        let size = PixelSize(width: 0.25, height: 0.5, unit: .micrometre)
        let sized = try roundTrip([.image(.uint8(Image(width: 2, height: 2)))], .init(pixelSize: size)).pages[0]
        let read = try #require(sized.pixelSize)
        #expect(read.unit == .micrometre && abs(read.width - 0.25) < 1e-6 && abs(read.height - 0.5) < 1e-6)
    }

    @Test("Deflate makes smooth images smaller than no compression")
    func compresses() throws {
        let smooth = AnyImage.uint16(Image(width: 64, height: 64, pixels: (0..<4096).map { UInt16($0 * 16) }))
        let plain = try TIFF.encode([.image(smooth)], options: .init(compression: .none))
        let deflated = try TIFF.encode([.image(smooth)])
        #expect(deflated.count < plain.count / 4)
    }

    @Test("writes atomically to a file")
    func writesFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-tiff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.tif").path
        let image = AnyImage.uint8(randomImage(UInt8.self, width: 8, height: 8, channels: 3, seed: 9))
        try TIFF.write([.image(image)], to: path)
        #expect(try TIFF.read(path: path).pages[0].picture().images == [image])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.tif"])
        let missing = folder.appendingPathComponent("no/such/folder/x.tif").path
        #expect(throws: ImageFileError.self) { try TIFF.write([.image(image)], to: missing) }
    }
}
