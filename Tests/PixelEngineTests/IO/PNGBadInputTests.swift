import Foundation
import Testing
import TestSupport
@testable import PixelEngine

/// PNG chunk surgery for building damaged files.
enum PNGBytes {
    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc(_ bytes: some Sequence<UInt8>) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { crcTable[Int(($0 ^ UInt32($1)) & 0xff)] ^ ($0 >> 8) }
    }

    /// Offsets of each chunk: (type, start of length field, data length).
    static func chunks(_ png: [UInt8]) -> [(type: String, offset: Int, length: Int)] {
        var result: [(String, Int, Int)] = []
        var offset = 8
        while offset + 8 <= png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            result.append((String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self), offset, length))
            offset += 12 + length
        }
        return result
    }

    /// Recomputes the CRC of the chunk starting at `offset`.
    static func fixCRC(_ png: inout [UInt8], chunkAt offset: Int, length: Int) {
        let value = crc(png[(offset + 4)..<(offset + 8 + length)])
        for i in 0..<4 { png[offset + 8 + length + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
    }

    static func setUInt32(_ png: inout [UInt8], at offset: Int, _ value: UInt32) {
        for i in 0..<4 { png[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
    }
}

@Suite("PNG bad input")
struct PNGBadInputTests {
    let good: [UInt8]

    init() throws {
        good = [UInt8](try PNG.encode(randomImage(UInt8.self, width: 40, height: 30, channels: 3, seed: 11)))
    }

    private func decodeError(_ bytes: [UInt8], options: PNG.ReadOptions = .init()) -> PNGError? {
        #expect(throws: PNGError.self) { try PNG.decode(Data(bytes), source: "bad.png", options: options) }
    }

    @Test("non-PNG data is refused by its signature")
    func notPNG() {
        let error = decodeError(Array("hello, this is a text file".utf8))
        #expect(error?.kind == .notPNG)
        #expect(error?.description == "cannot read 'bad.png': not a PNG file (no PNG signature)")
        #expect(decodeError([])?.kind == .notPNG)
    }

    @Test("truncation anywhere is reported as truncated", arguments: [9, 20, 33, 60, 150, -13, -1])
    func truncated(cut: Int) {
        let length = cut > 0 ? cut : good.count + cut
        let error = decodeError(Array(good.prefix(length)))
        #expect(error?.kind == .truncated || error?.kind == .corrupt)
        #expect(error?.description.contains("bad.png") == true)
    }

    @Test("a cut inside the image data says truncated")
    func truncatedInData() {
        #expect(decodeError(Array(good.prefix(good.count / 2)))?.kind == .truncated)
    }

    @Test("a CRC mismatch in a critical chunk is damage", arguments: ["IHDR", "IDAT"])
    func crcMismatch(chunk: String) throws {
        var bytes = good
        let c = try #require(PNGBytes.chunks(bytes).first { $0.type == chunk })
        bytes[c.offset + 8 + c.length] ^= 0x55
        let error = decodeError(bytes)
        #expect(error?.kind == .corrupt)
        #expect(error?.description.contains("CRC") == true)
    }

    @Test("a zlib error in the image data is damage")
    func zlibError() throws {
        var bytes = good
        let c = try #require(PNGBytes.chunks(bytes).first { $0.type == "IDAT" })
        for i in 2..<min(c.length, 40) { bytes[c.offset + 8 + i] ^= 0xA5 }
        PNGBytes.fixCRC(&bytes, chunkAt: c.offset, length: c.length)
        #expect(decodeError(bytes)?.kind == .corrupt)
    }

    @Test("a header claiming 100000 x 100000 is refused before allocating")
    func absurdSize() throws {
        var bytes = good
        PNGBytes.setUInt32(&bytes, at: 16, 100_000)
        PNGBytes.setUInt32(&bytes, at: 20, 100_000)
        PNGBytes.fixCRC(&bytes, chunkAt: 8, length: 13)
        let error = decodeError(bytes)
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.contains("100000 x 100000") == true)
        #expect(error?.description.contains("268435456") == true)
    }

    @Test("the pixel limit is configurable")
    func configurableLimit() {
        #expect(decodeError(good, options: .init(maxPixels: 40 * 30 - 1))?.kind == .tooLarge)
        #expect((try? PNG.decode(Data(good), options: .init(maxPixels: 40 * 30))) != nil)
    }

    @Test("a width over the PNG maximum is damage")
    func widthOverSpec() {
        var bytes = good
        PNGBytes.setUInt32(&bytes, at: 16, 0x8000_0000)
        PNGBytes.fixCRC(&bytes, chunkAt: 8, length: 13)
        #expect(decodeError(bytes)?.kind == .corrupt)
    }

    @Test("a zero height is damage")
    func zeroHeight() {
        var bytes = good
        PNGBytes.setUInt32(&bytes, at: 20, 0)
        PNGBytes.fixCRC(&bytes, chunkAt: 8, length: 13)
        #expect(decodeError(bytes)?.kind == .corrupt)
    }

    @Test("missing image data is damage, not a hang")
    func missingIDAT() {
        let chunks = PNGBytes.chunks(good)
        var bytes = Array(good.prefix(8))
        for c in chunks where c.type != "IDAT" { bytes += good[c.offset..<(c.offset + 12 + c.length)] }
        let error = decodeError(bytes)
        #expect(error?.kind == .corrupt || error?.kind == .truncated)
    }

    @Test("random damage never crashes", arguments: 0..<40)
    func fuzz(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        var bytes = good
        for _ in 0..<(1 + seed % 5) {
            let i = Int.random(in: 8..<bytes.count, using: &rng)
            bytes[i] = UInt8.random(in: 0...255, using: &rng)
        }
        _ = try? PNG.decode(Data(bytes))
    }

    @Test("a missing file names the path")
    func missingFile() {
        let error = #expect(throws: PNGError.self) { try PNG.read(path: "/no/such/file.png") }
        #expect(error?.kind == .io)
        #expect(error?.description.hasPrefix("cannot read '/no/such/file.png'") == true)
    }

    @Test("a folder is not a PNG")
    func folder() {
        let error = #expect(throws: PNGError.self) { try PNG.read(path: NSTemporaryDirectory()) }
        #expect(error?.description.contains("folder") == true)
    }
}
