#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import TestSupport
@testable import PixelEngine

/// Minimal TIFF files built byte by byte, for headers no library would write.
enum TIFFBytes {
    /// A little-endian, one-strip, 8-bit gray page. `pixels` bytes of data follow the
    /// directory (fewer than the header claims, for absurd sizes). `next` chains another
    /// directory at that offset (8 is this one: a loop).
    static func page(width: UInt32, height: UInt32, description: String? = nil, pixels: Int? = nil,
                     data: [UInt8]? = nil, next: UInt32 = 0) -> [UInt8] {
        var entries: [(tag: UInt16, type: UInt16, count: UInt32, value: UInt32)] = []
        let text: [UInt8] = description.map { Array($0.utf8) + [0] } ?? []
        let entryCount = 9 + (text.isEmpty ? 0 : 1)
        let directoryEnd = 8 + 2 + 12 * entryCount + 4
        let textOffset = UInt32(directoryEnd)
        let dataOffset = UInt32(directoryEnd + text.count)
        let claimed = UInt64(width) * UInt64(height)
        entries.append((256, 4, 1, width))
        entries.append((257, 4, 1, height))
        entries.append((258, 3, 1, 8))
        entries.append((259, 3, 1, 1))
        entries.append((262, 3, 1, 1))
        if !text.isEmpty { entries.append((270, 2, UInt32(text.count), textOffset)) }
        entries.append((273, 4, 1, dataOffset))
        entries.append((277, 3, 1, 1))
        entries.append((278, 4, 1, height))
        entries.append((279, 4, 1, UInt32(min(claimed, UInt64(UInt32.max)))))
        var bytes: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        func u16(_ v: UInt16) { bytes += [UInt8(v & 0xff), UInt8(v >> 8)] }
        func u32(_ v: UInt32) { bytes += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        u16(UInt16(entries.count))
        for e in entries {
            u16(e.tag); u16(e.type); u32(e.count)
            if e.type == 3 { u16(UInt16(e.value)); u16(0) } else { u32(e.value) }
        }
        u32(next)
        bytes += text
        bytes += data ?? [UInt8](repeating: 0x80, count: pixels ?? Int(min(claimed, 1 << 20)))
        return bytes
    }
}

/// The process's peak resident memory, in bytes.
private func peakMemory() -> Int {
    var usage = rusage()
    #if canImport(Darwin)
    getrusage(RUSAGE_SELF, &usage)
    return Int(usage.ru_maxrss)
    #else
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) * 1024
    #endif
}

@Suite("Image files: bad input")
struct ImageFileBadInputTests {
    private func readError(_ bytes: [UInt8], _ name: String) -> ImageFileError? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-bad-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        do {
            _ = try ImageFile.readStack(path: path)
            return nil
        } catch {
            #expect(error.source == path)
            return error
        }
    }

    @Test("a truncated JPEG is an error wherever it is cut, never a padded picture",
          arguments: [0.05, 0.3, 0.5, 0.8, 0.95, 0.999])
    func truncatedJPEG(fraction: Double) throws {
        for file in ["baseline_rgb.jpg", "progressive_rgb.jpg"] {
            let bytes = [UInt8](try FormatFixtures.data(file))
            let cut = Array(bytes.prefix(Int(Double(bytes.count) * fraction)))
            let error = readError(cut, "cut.jpg")
            #expect(error?.kind == .truncated || error?.kind == .corrupt, "\(file) cut at \(cut.count)")
            if fraction > 0.2 { #expect(error?.kind == .truncated, "\(file) cut at \(cut.count): \(String(describing: error))") }
        }
        let error = try #require(readError(Array([UInt8](try FormatFixtures.data("baseline_rgb.jpg")).dropLast(300)), "cut.jpg"))
        #expect(error.description.hasPrefix("cannot read '") && error.description.contains("the JPEG file is truncated"))
    }

    @Test("a truncated TIFF is an error wherever it is cut",
          arguments: ["u8_rgb.tif", "u16_deflate_predictor.tif", "u16_rgb_tiled.tif", "u8_jpeg.tif", "stack_pages.tif"])
    func truncatedTIFF(file: String) throws {
        let bytes = [UInt8](try FormatFixtures.data(file))
        for fraction in [0.001, 0.05, 0.3, 0.6, 0.9, 0.99] {
            let cut = Array(bytes.prefix(max(1, Int(Double(bytes.count) * fraction))))
            #expect(readError(cut, "cut.tif") != nil, "\(file) cut at \(cut.count)")
        }
    }

    @Test("flipped bits never crash: an error, or a picture of the right size",
          arguments: ["baseline_rgb.jpg", "progressive_rgb.jpg", "u8_rgb.tif", "u16_deflate_predictor.tif", "u8_lzw.tif",
                      "u16_rgb_tiled.tif", "stack_imagej.tif", "u8_jpeg.tif"])
    func bitFlips(file: String) throws {
        let bytes = [UInt8](try FormatFixtures.data(file))
        var generator = SeededGenerator(seed: 16)
        for _ in 0..<60 {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let i = Int.random(in: 0..<damaged.count, using: &generator)
                damaged[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            }
            let data = Data(damaged)
            let decoded: [ImageFile.Picture]
            do {
                decoded = try ImageFile.readStack(data: data)
            } catch {
                #expect(!error.description.isEmpty)
                continue
            }
            for picture in decoded {
                #expect(picture.images.allSatisfy { $0.width > 0 && $0.height > 0 })
            }
        }
    }

    @Test("a JPEG header claiming 65500 x 65500 is refused before allocating")
    func hugeJPEG() throws {
        var bytes = [UInt8](try FormatFixtures.data("baseline_rgb.jpg"))
        let sof = try #require((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 5] = 0xFF; bytes[sof + 6] = 0xDC  // height 65500
        bytes[sof + 7] = 0xFF; bytes[sof + 8] = 0xDC  // width 65500
        let before = peakMemory()
        let error = readError(bytes, "huge.jpg")
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.contains("65500 x 65500 pixels is over the limit") == true)
        #expect(peakMemory() - before < 64 << 20)
    }

    @Test("a TIFF claiming 100000 x 100000 pixels is refused before allocating")
    func hugeTIFF() {
        let before = peakMemory()
        let error = readError(TIFFBytes.page(width: 100_000, height: 100_000, pixels: 64), "huge.tif")
        #expect(error?.kind == .tooLarge, "\(String(describing: error))")
        #expect(error?.description.contains("100000 x 100000") == true)
        #expect(peakMemory() - before < 64 << 20)
    }

    @Test("a TIFF claiming a million pages is refused, naming the limit")
    func millionPages() {
        let imageJ = TIFFBytes.page(width: 4, height: 4, description: "ImageJ=1.53t\nimages=1000000\nslices=1000000\n")
        let error = readError(imageJ, "pages.tif")
        #expect(error?.kind == .tooLarge && error?.description.contains("1000000 images") == true)
        // Within the page limit but beyond the file's bytes.
        let short = TIFFBytes.page(width: 4, height: 4, description: "ImageJ=1.53t\nimages=9000\n")
        #expect(readError(short, "short.tif")?.kind == .corrupt)
    }

    @Test("directories that loop or point outside the file are damage, not a hang")
    func corruptDirectories() throws {
        let loop = TIFFBytes.page(width: 4, height: 4, next: 8)
        let error = readError(loop, "loop.tif")
        #expect(error != nil)
        var outside = TIFFBytes.page(width: 4, height: 4)
        outside[4] = 0xF0; outside[5] = 0xFF  // first directory far past the end
        #expect(readError(outside, "outside.tif")?.kind == .corrupt)
        var entries = TIFFBytes.page(width: 4, height: 4)
        entries[8] = 0xFF; entries[9] = 0xFF  // 65535 entries in a 150-byte file
        #expect(readError(entries, "entries.tif") != nil)
        // The one good page still reads.
        #expect(readError(TIFFBytes.page(width: 4, height: 4), "good.tif") == nil)
    }

    @Test("data in no known format names the formats")
    func unknown() {
        let error = readError(Array("name,area\n1,2\n".utf8), "table.png")
        #expect(error?.kind == .unrecognized)
        #expect(error?.description.contains("PNG, JPEG or TIFF") == true)
        #expect(readError([], "empty.tif")?.description.contains("empty") == true)
    }
}
