import Foundation
import Testing
import TestSupport
@testable import Segmentation

@Suite struct ForestModelFileTests {
    static let built: Result<PixelClassifier, PixelEngineError> = {
        do {
            return .success(try smallShapesModel(size: 40, trees: 3, bank: "gaussian@1;hessian@2").0)
        } catch {
            return .failure(PixelEngineError("test model", "\(error)"))
        }
    }()
    var model: PixelClassifier { get throws { try Self.built.get() } }

    func message(_ bytes: [UInt8]) -> String? {
        do {
            _ = try ModelFile.decode(Data(bytes), source: "m.segmodel")
            return nil
        } catch {
            #expect(error.operation == "load_model")
            return error.message
        }
    }

    /// The file with its bank spec replaced by `spec`, with length and checksum fixed so
    /// that only the spec is wrong.
    func withSpec(_ spec: String) throws -> [UInt8] {
        var bytes = [UInt8](ModelFile.encode(try model, producer: "segsh test"))
        var r = ByteReader(bytes: bytes, position: ModelFile.headerSize)
        _ = r.string()
        let start = r.position
        _ = r.string()
        var w = ByteWriter()
        w.string(spec)
        bytes.replaceSubrange(start..<r.position, with: w.data)
        bytes.removeLast(4)
        let length = UInt64(bytes.count + 4)
        for i in 0..<8 { bytes[12 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i))) }
        let crc = CRC32.checksum(bytes)
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i)))) }
        return bytes
    }

    @Test func roundTripsThroughAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-\(UUID().uuidString).segmodel").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path, producer: "segsh test")
        let loaded = try PixelClassifier.load(path: path)
        #expect(loaded == (try model))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(bytes.prefix(8)) == ModelFile.magic)
        #expect(bytes == ModelFile.encode(loaded, producer: "segsh test"))
        expectError("load_model") { try PixelClassifier.load(path: path + ".missing") }
        let m = try model
        expectError("save_model") { try m.save(to: "/nonexistent-folder/x.segmodel") }
    }

    @Test(arguments: [0, 4, 7, 8, 12, 19, 20, 40, 200, -1])
    func truncatedFilesSaySo(at cut: Int) throws {
        let bytes = [UInt8](ModelFile.encode(try model, producer: "segsh test"))
        let keep = cut >= 0 ? cut : bytes.count + cut
        let m = try #require(message(Array(bytes.prefix(keep))))
        if keep == 0 {
            #expect(m.contains("empty"), "\(m)")
        } else {
            #expect(m.contains("truncated"), "\(m)")
        }
        if keep >= ModelFile.headerSize {
            #expect(m.contains("the header says \(bytes.count) bytes, the file has \(keep)"), "\(m)")
        }
    }

    @Test func newerVersionIsMadeByANewerSegsh() throws {
        var bytes = [UInt8](ModelFile.encode(try model, producer: "segsh test"))
        bytes[8] += 1
        let m = try #require(message(bytes))
        #expect(m.contains("version 2, made by a newer segsh"), "\(m)")
    }

    @Test func otherFilesAndDamageAreNamed() throws {
        let png = [UInt8](try PNG.encode(Image<UInt8>(width: 2, height: 2)))
        #expect(try #require(message(png)).contains("not a segsh model file"))
        var bytes = [UInt8](ModelFile.encode(try model, producer: "segsh test"))
        bytes[bytes.count / 2] ^= 0x40
        #expect(try #require(message(bytes)).contains("checksum"))
        #expect(try #require(message(bytes + [0])).contains("damaged"))
    }

    @Test func differentFeatureSetOrUnknownFeatureIsRefused() throws {
        // A spec whose feature count differs from the stored forest's.
        let m = try #require(message(try withSpec("gaussian@1,2;hessian@2")))
        #expect(m.contains("has 9 features but the feature set 'gaussian@1,2;hessian@2' gives 12"), "\(m)")
        let unknown = try #require(message(try withSpec("wavelet@1")))
        #expect(unknown.contains("does not know"), "\(unknown)")
        #expect(unknown.contains("segsh test"), "\(unknown)")
        // The unchanged spec still loads, so the helper changes nothing else.
        #expect(message(try withSpec(try model.bank.description)) == nil)
    }
}
