import Foundation
import Testing
import TestSupport
@testable import PixelEngine

struct RoundTripCase: Sendable, CustomTestStringConvertible {
    let channels: Int
    let sixteenBit: Bool
    let width: Int
    let height: Int
    var testDescription: String { "\(sixteenBit ? 16 : 8)-bit \(ImageLayout.channelName(channels)) \(width)x\(height)" }
}

private let roundTrips: [RoundTripCase] = [1, 2, 3, 4].flatMap { c in
    [false, true].flatMap { s in
        [(1, 1), (1, 9), (9, 1), (3, 5), (37, 23)].map { RoundTripCase(channels: c, sixteenBit: s, width: $0.0, height: $0.1) }
    }
}

/// A fresh empty folder for one test.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "segsh-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("PNG writing")
struct PNGWriteTests {
    @Test("encode then decode returns the same samples", arguments: roundTrips)
    func roundTrip(_ c: RoundTripCase) throws {
        let seed = UInt64(c.channels * 1000 + c.width * 10 + c.height)
        let original: AnyImage = c.sixteenBit
            ? .uint16(randomImage(UInt16.self, width: c.width, height: c.height, channels: c.channels, seed: seed))
            : .uint8(randomImage(UInt8.self, width: c.width, height: c.height, channels: c.channels, seed: seed))
        let decoded = try PNG.decode(PNG.encode(original))
        #expect(decoded.image == original)
        #expect(decoded.bitDepth == (c.sixteenBit ? 16 : 8))
        #expect(decoded.colorType == [.gray, .grayAlpha, .rgb, .rgba][c.channels - 1])
    }

    @Test("loading then saving a 16-bit RGBA PNG is bit-exact")
    func sixteenBitRGBAIsExact() throws {
        let folder = try temporaryFolder()
        let source = try PNG.readImage(path: Fixtures.path("png/basn6c16_32x32.png"))
        try PNG.write(source, to: folder + "/copy.png")
        let copy = try PNG.read(path: folder + "/copy.png")
        #expect(copy.image == source)
        #expect(copy.bitDepth == 16 && copy.colorType == .rgba)
    }

    @Test("compression level changes size, never pixels", arguments: [0, 1, 9])
    func compressionLevels(level: Int) throws {
        let image = randomImage(UInt8.self, width: 40, height: 30, channels: 3, seed: 5)
        #expect(try PNG.decode(PNG.encode(image, compressionLevel: level)).image == .uint8(image))
    }

    @Test("a mask is written as 8-bit 0/255")
    func maskAsGray() throws {
        let mask = Mask(width: 5, height: 3) { x, y in (x + y) % 2 == 0 }
        guard case .uint8(let gray) = try PNG.decode(PNG.encode(mask)).image else { Issue.record("not 8-bit"); return }
        #expect(gray.channels == 1)
        #expect(gray.pixels == mask.bits.pixels.map { $0 * 255 })
    }

    @Test("a label map is written as 16-bit gray")
    func labelMapAsSixteenBit() throws {
        let ids = Image<UInt32>(width: 4, height: 2, pixels: [0, 1, 2, 65535, 300, 0, 7, 7])
        let decoded = try PNG.decode(PNG.encode(LabelMap(ids: ids)))
        #expect(decoded.image == .uint16(ids.map { UInt16($0) }))
    }

    @Test("a label map with ids over 65535 is refused, naming the limit")
    func labelMapTooManyIds() throws {
        let ids = Image<UInt32>(width: 2, height: 1, pixels: [1, 70000])
        let error = #expect(throws: PNGError.self) { try PNG.encode(LabelMap(ids: ids)) }
        #expect(error?.kind == .unsupported)
        #expect(error?.description.contains("70000") == true)
        #expect(error?.description.contains("65535") == true)
    }

    @Test("a class map is written as a palette PNG carrying its colours")
    func classMapAsPalette() throws {
        let classes = [SemanticClass(name: "background", color: RGB8(0, 0, 0)),
                       SemanticClass(name: "cell", color: RGB8(250, 20, 30)),
                       SemanticClass(name: "debris", color: RGB8(10, 200, 90))]
        let map = try ClassMap(indices: Image(width: 3, height: 2, pixels: [0, 1, 2, 2, 1, 0]), classes: classes)
        let decoded = try PNG.decode(PNG.encode(map), options: .init(keepPaletteIndices: true))
        #expect(decoded.colorType == .palette)
        #expect(decoded.palette == classes.map(\.color))
        #expect(decoded.image == .uint8(map.indices))
    }

    @Test("float images are refused with the fix")
    func floatRefused() {
        let error = #expect(throws: PNGError.self) { try PNG.encode(Image<Float>(width: 2, height: 2)) }
        #expect(error?.kind == .unsupported)
        #expect(error?.description.contains("convert") == true)
    }

    @Test("empty images are refused")
    func emptyRefused() {
        let error = #expect(throws: PNGError.self) { try PNG.encode(Image<UInt8>(width: 0, height: 4)) }
        #expect(error?.kind == .unsupported)
    }

    @Test("a write into a missing folder names the folder")
    func missingFolder() {
        let error = #expect(throws: PNGError.self) {
            try PNG.write(Image<UInt8>(width: 2, height: 2), to: "/nonexistent-segsh-folder/x.png")
        }
        #expect(error?.kind == .io)
        #expect(error?.description.contains("/nonexistent-segsh-folder") == true)
    }
}

@Suite("Atomic writes")
struct AtomicWriteTests {
    @Test("a failure midway leaves the old file intact and no temporary file behind")
    func failureKeepsOldFile() throws {
        let folder = try temporaryFolder()
        let target = folder + "/out.png"
        let old = try PNG.encode(Image<UInt8>(width: 3, height: 3, repeating: 9))
        try PNG.write(old, to: target)

        let new = try PNG.encode(randomImage(UInt8.self, width: 64, height: 64, channels: 3, seed: 1))
        var calls = 0
        #expect(throws: AtomicFile.Failure.self) {
            try new.withUnsafeBytes { raw in
                try AtomicFile.write(raw, to: target) { fd, bytes, count in
                    calls += 1
                    if calls == 1 { return write(fd, bytes, min(count, 100)) }  // part goes out…
                    errno = ENOSPC  // …then the disk fills up
                    return -1
                }
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.png"])
    }

    @Test("a successful write replaces the file whole and leaves nothing else")
    func successReplaces() throws {
        let folder = try temporaryFolder()
        let target = folder + "/out.png"
        try PNG.write(Image<UInt8>(width: 3, height: 3, repeating: 9), to: target)
        let image = randomImage(UInt16.self, width: 8, height: 8, channels: 2, seed: 3)
        try PNG.write(image, to: target)
        #expect(try PNG.readImage(path: target) == .uint16(image))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.png"])
    }

    @Test("a short write is retried until everything is written")
    func shortWrites() throws {
        let folder = try temporaryFolder()
        let bytes = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0) })
        try bytes.withUnsafeBytes { raw in
            try AtomicFile.write(raw, to: folder + "/f") { fd, pointer, count in write(fd, pointer, min(count, 777)) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/f")) == bytes)
    }
}
