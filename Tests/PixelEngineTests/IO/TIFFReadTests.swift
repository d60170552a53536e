import Foundation
import Testing
import TestSupport
@testable import PixelEngine

/// One TIFF fixture and the sample type segsh must give it.
struct TIFFCase: Sendable, CustomStringConvertible {
    let file: String
    let type: SampleType
    var description: String { file }
}

private let cases: [TIFFCase] = ([
    ("u8_gray", .uint8), ("u8_rgb", .uint8), ("u8_rgba", .uint8), ("u16_gray", .uint16), ("u16_rgb", .uint16),
    ("u32_gray", .float32), ("i8_gray", .float32), ("i16_gray", .float32), ("i32_gray", .float32), ("i32_ids", .float32),
    ("f16_gray", .float32), ("f32_gray", .float32), ("f32_rgb", .float32), ("f64_gray", .float32),
    ("bilevel", .uint8), ("u8_rgb_planar", .uint8), ("u16_rgb_tiled", .uint16), ("f32_rgb_tiled_planar", .float32),
    ("u16_deflate_predictor", .uint16), ("f32_deflate", .float32), ("u8_lzma", .uint8), ("u16_bigtiff", .uint16),
    ("u16_bigendian", .uint16), ("u8_palette", .uint8), ("resolution_cm", .uint8),
    ("u8_lzw", .uint8), ("u8_packbits", .uint8), ("u8_jpeg", .uint8), ("u8_cmyk", .uint8),
] as [(String, SampleType)]).map { TIFFCase(file: $0.0 + ".tif", type: $0.1) }

@Suite("TIFF reading")
struct TIFFReadTests {
    @Test("decodes every variant to the pixels Pillow and tifffile hold", arguments: cases)
    func matchesReference(c: TIFFCase) throws {
        let page = try #require(TIFF.read(path: FormatFixtures.path(c.file)).pages.first)
        let picture = page.picture()
        #expect(picture.images.count == 1)
        let problem = FormatFixtures.mismatch(picture.images[0], try FormatFixtures.expected(c.file), type: c.type)
        #expect(problem == nil, "\(c.file): \(problem ?? "")")
    }

    @Test("a page of more than 4 channels comes as planes")
    func planes() throws {
        let picture = try #require(TIFF.read(path: FormatFixtures.path("u8_6channels.tif")).pages.first).picture()
        #expect(picture.isPlanes && picture.images.count == 6)
        let expected = try FormatFixtures.expected("u8_6channels.tif")
        #expect(expected.shape == [21, 37, 6])
        let values = expected.doubles
        for (k, plane) in picture.images.enumerated() {
            guard case .uint8(let p) = plane else { Issue.record("plane \(k) is \(plane.sampleType)"); continue }
            #expect(p.channels == 1 && p.width == 37 && p.height == 21)
            #expect(p.pixels.map { Double($0) } == (0..<(37 * 21)).map { values[$0 * 6 + k] })
        }
    }

    @Test("32-bit ids and palette indices come back exactly as labels",
          arguments: ["u32_gray.tif", "i32_ids.tif", "u8_palette.tif"])
    func ids(file: String) throws {
        let page = try #require(TIFF.read(path: FormatFixtures.path(file)).pages.first)
        let ids = try page.ids()
        let expected = try FormatFixtures.expected(file, suffix: "_ids")
        #expect(ids.pixels.map { Double($0) } == expected.doubles)
    }

    @Test("conversions that change values say so; exact ones do not")
    func notes() throws {
        let big = try #require(TIFF.read(path: FormatFixtures.path("u32_gray.tif")).pages.first).picture()
        #expect(big.notes.count == 1 && big.notes[0].contains("labels"))
        let doubles = try #require(TIFF.read(path: FormatFixtures.path("f64_gray.tif")).pages.first).picture()
        #expect(doubles.notes.count == 1 && doubles.notes[0].contains("rounded"))
        for file in ["i16_gray.tif", "i32_gray.tif", "f16_gray.tif", "u16_gray.tif"] {
            let page = try #require(TIFF.read(path: FormatFixtures.path(file)).pages.first)
            #expect(page.picture().notes.isEmpty, "\(file)")
        }
    }

    @Test("labels refuse float and many-channel pages with the fix")
    func idRefusals() throws {
        let float = try #require(TIFF.read(path: FormatFixtures.path("f32_gray.tif")).pages.first)
        #expect(throws: PixelEngineError.self) { try float.ids() }
        let rgb = try #require(TIFF.read(path: FormatFixtures.path("u8_rgb.tif")).pages.first)
        #expect(throws: PixelEngineError.self) { try rgb.ids() }
        let signed = try #require(TIFF.read(path: FormatFixtures.path("i16_gray.tif")).pages.first)
        do {
            _ = try signed.ids()
            Issue.record("negative ids accepted")
        } catch {
            #expect(error.message.contains("relabel"))
        }
    }

    @Test("stacks: plain pages, ImageJ and OME read as lists, one page on request",
          arguments: [("stack_pages.tif", 5), ("stack_imagej.tif", 5), ("stack_ome.tif", 3)])
    func stacks(file: String, count: Int) throws {
        let expected = try FormatFixtures.expected(file)
        let all = try TIFF.read(path: FormatFixtures.path(file))
        #expect(all.pages.count == count && all.pageCount == count)
        let type: SampleType = expected.element == .uint8 ? .uint8 : .uint16
        for k in 0..<count {
            let plane = type == .uint8 ? AnyImage.uint8(expected.plane(k, UInt8.self)) : .uint16(expected.plane(k, UInt16.self))
            #expect(all.pages[k].picture().images == [plane], "page \(k)")
            let one = try TIFF.read(path: FormatFixtures.path(file), page: k)
            #expect(one.pages.count == 1 && one.pages[0] == all.pages[k])
        }
        #expect(TIFFReadTests.error { try TIFF.read(path: FormatFixtures.path(file), page: count) }?.description
                .contains("the file has \(count) pages (0…\(count - 1))") == true)
    }

    @Test("an ImageJ stack that lists only its first page is read from its header")
    func imageJOneDirectory() throws {
        let planes = (0..<3).map { k in (0..<20).map { UInt8(k * 50 + $0) } }
        let bytes = TIFFBytes.page(width: 5, height: 4, description: "ImageJ=1.53t\nimages=3\nslices=3\nunit=micron\n",
                                   data: planes.flatMap { $0 })
        let all = try TIFF.decode(Data(bytes))
        #expect(all.pageCount == 3)
        #expect(all.pages.map { $0.picture().images } == planes.map { [.uint8(Image(width: 5, height: 4, pixels: $0))] })
        let second = try TIFF.decode(Data(bytes), page: 2)
        #expect(second.pages[0] == all.pages[2])
        #expect(TIFFReadTests.error { try TIFF.decode(Data(bytes), page: 3) }?.kind == .noSuchPage)
    }

    @Test("the pixel size comes from the resolution tags and ImageJ's unit")
    func pixelSize() throws {
        let cm = try #require(TIFF.read(path: FormatFixtures.path("resolution_cm.tif")).pages.first?.pixelSize)
        #expect(cm.unit == .micrometre && abs(cm.width - 0.325) < 1e-6 && abs(cm.height - 0.325) < 1e-6)
        let imagej = try #require(TIFF.read(path: FormatFixtures.path("stack_imagej.tif"), page: 2).pages.first?.pixelSize)
        #expect(imagej.unit == .micrometre && abs(imagej.width - 0.5) < 1e-6)
        #expect(try TIFF.read(path: FormatFixtures.path("u8_gray.tif")).pages[0].pixelSize == nil)
    }

    @Test("the page limit and the stack pixel limit are checked before decoding")
    func limits() throws {
        let path = FormatFixtures.path("stack_pages.tif")
        let tooMany = TIFFReadTests.error { try TIFF.read(path: path, options: .init(maxPages: 3)) }
        #expect(tooMany?.kind == .tooLarge && tooMany?.description.contains("more than 3 pages") == true)
        let tooBig = TIFFReadTests.error { try TIFF.read(path: path, options: .init(maxTotalPixels: 37 * 21 * 4)) }
        #expect(tooBig?.kind == .tooLarge && tooBig?.description.contains("page: k") == true)
        let page = TIFFReadTests.error { try TIFF.read(path: path, page: 1, options: .init(maxPixels: 100)) }
        #expect(page?.kind == .tooLarge && page?.description.contains("37 x 21") == true)
    }

    /// The ImageFileError `body` throws (nil when it succeeds or throws another error).
    static func error<R>(_ body: () throws -> R) -> ImageFileError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ImageFileError
        }
    }
}
