import Foundation

/// The `.segmodel` file: a ``PixelClassifier`` on disk.
///
/// Format version 1. All integers little-endian; `str` is a `u32` byte count then UTF-8.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | magic `89 53 45 47 4D 44 4C 0A` (`\x89SEGMDL\n`; the high byte and newline catch text-mode transfers) |
/// | 8 | 2 | format version `u16` (1) |
/// | 10 | 2 | flags `u16` (0) |
/// | 12 | 8 | file length `u64`, every byte including the checksum |
/// | 20 | … | producer `str` (e.g. `segsh 0.1.0`) |
/// | | | feature bank spec `str` (``FeatureBank/description``, e.g. `default`) |
/// | | 1 | input channels `u8` (1–4) |
/// | | 2 | class count `u16`, then per class: name `str`, colour `u8` r, g, b |
/// | | | forest parameters: trees `u32`, max depth `u32` (0 = unlimited), min samples leaf `u32`, min samples split `u32`, max features `str` (`sqrt`, `log2`, `all` or a count), bootstrap `u8`, seed `u64` |
/// | | | feature count `u32`, training samples `u64`, node count `u32`, leaf count `u32` |
/// | | | roots: trees × `i32` (index of each tree's first node) |
/// | | | nodes: node count × (feature `i32` (−1 = leaf), threshold `f32`, left `i32`); right child = left + 1; a leaf's `left` is its leaf index |
/// | | | leaf values: leaf count × class count × `f32` (class fractions) |
/// | | | importances: feature count × `f64` |
/// | end − 4 | 4 | CRC-32 (IEEE, as zlib) of every byte before it |
///
/// Readers refuse a newer format version ("made by a newer segsh"), a file whose length
/// differs from its header (truncated: both sizes are named), a bad checksum, and a file
/// whose arrays are inconsistent. A feature bank whose spec this build cannot parse, or
/// whose feature count differs from the stored one, is refused too: the forest's feature
/// indices would mean something else.
///
/// ```swift
/// try model.save(to: "cells.segmodel", producer: "segsh 0.1.0")
/// let again = try PixelClassifier.load(path: "cells.segmodel")
/// ```
public enum ModelFile {
    /// The magic bytes every model file starts with.
    public static let magic: [UInt8] = [0x89, 0x53, 0x45, 0x47, 0x4D, 0x44, 0x4C, 0x0A]
    /// The format version this build writes and the newest it reads.
    public static let formatVersion: UInt16 = 1
    /// The size of the fixed header (magic, version, flags, length).
    static let headerSize = 20

    /// The bytes of `model` in the format above.
    ///
    /// ```swift
    /// let data = ModelFile.encode(model, producer: "segsh 0.1.0")
    /// ```
    public static func encode(_ model: PixelClassifier, producer: String) -> Data {
        var w = ByteWriter()
        w.bytes(magic)
        w.u16(formatVersion)
        w.u16(0)
        w.u64(0)  // length, patched below
        w.string(producer)
        w.string(model.bank.description)
        w.u8(UInt8(model.channels))
        w.u16(UInt16(model.classes.count))
        for c in model.classes {
            w.string(c.name)
            w.bytes([c.color.r, c.color.g, c.color.b])
        }
        let f = model.forest, p = f.parameters
        w.u32(UInt32(p.trees))
        w.u32(UInt32(p.maxDepth ?? 0))
        w.u32(UInt32(p.minSamplesLeaf))
        w.u32(UInt32(p.minSamplesSplit))
        w.string(p.maxFeatures.description)
        w.u8(p.bootstrap ? 1 : 0)
        w.u64(p.seed)
        w.u32(UInt32(f.featureCount))
        w.u64(UInt64(f.sampleCount))
        w.u32(UInt32(f.nodes.count))
        w.u32(UInt32(f.leafValues.count / f.classCount))
        for r in f.roots { w.u32(UInt32(bitPattern: r)) }
        for n in f.nodes {
            w.u32(UInt32(bitPattern: n.feature))
            w.u32(n.threshold.bitPattern)
            w.u32(UInt32(bitPattern: n.left))
        }
        for v in f.leafValues { w.u32(v.bitPattern) }
        for v in f.importances { w.u64(v.bitPattern) }
        let length = UInt64(w.data.count + 4)
        for i in 0..<8 { w.data[12 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i))) }
        w.u32(CRC32.checksum(w.data))
        return Data(w.data)
    }

    /// Reads a model from `data`; `source` names it in messages.
    ///
    /// - Throws: ``PixelEngineError`` (`load_model`): not a model file, a newer format,
    ///   truncated (with expected and actual sizes), damaged (checksum or contents), or a
    ///   feature set this build does not know.
    ///
    /// ```swift
    /// let model = try ModelFile.decode(try Data(contentsOf: url), source: url.path)
    /// ```
    public static func decode(_ data: Data, source: String) throws(PixelEngineError) -> PixelClassifier {
        let op = "load_model"
        let bytes = [UInt8](data)
        let fix = "save the model again with save_model"
        guard !bytes.isEmpty else {
            throw PixelEngineError(op, "'\(source)' is empty (0 bytes), not a model file; \(fix)")
        }
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            if bytes.count < magic.count && magic.starts(with: bytes) {
                throw PixelEngineError(op, "'\(source)' is truncated: \(bytes.count) bytes, too short for a model file; \(fix)")
            }
            throw PixelEngineError(op, "'\(source)' is not a segsh model file (model files start with \\x89SEGMDL); save one with save_model(model, \"name.segmodel\")")
        }
        guard bytes.count >= headerSize else {
            throw PixelEngineError(op, "'\(source)' is truncated: \(bytes.count) bytes, shorter than the \(headerSize)-byte header; \(fix)")
        }
        var r = ByteReader(bytes: bytes, position: magic.count)
        let version = r.u16()!
        guard version <= formatVersion else {
            throw PixelEngineError(op, "'\(source)' is model format version \(version), made by a newer segsh; this segsh reads versions up to \(formatVersion): update segsh")
        }
        guard version >= 1 else { throw PixelEngineError(op, "'\(source)' has an invalid format version 0; \(fix)") }
        _ = r.u16()
        let length = r.u64()!
        guard length == UInt64(bytes.count) else {
            if length > UInt64(bytes.count) {
                throw PixelEngineError(op, "'\(source)' is truncated: the header says \(length) bytes, the file has \(bytes.count); \(fix)")
            }
            throw PixelEngineError(op, "'\(source)' is damaged: the header says \(length) bytes, the file has \(bytes.count); \(fix)")
        }
        guard bytes.count >= headerSize + 4 else {
            throw PixelEngineError(op, "'\(source)' is damaged: too short for its checksum; \(fix)")
        }
        let stored = UInt32(bytes[bytes.count - 4]) | UInt32(bytes[bytes.count - 3]) << 8
            | UInt32(bytes[bytes.count - 2]) << 16 | UInt32(bytes[bytes.count - 1]) << 24
        guard CRC32.checksum(bytes[0..<(bytes.count - 4)]) == stored else {
            throw PixelEngineError(op, "'\(source)' is damaged: its checksum does not match its contents; \(fix)")
        }
        r.end = bytes.count - 4
        func damaged(_ what: String) -> PixelEngineError {
            PixelEngineError(op, "'\(source)' is damaged: \(what); \(fix)")
        }
        guard let producer = r.string(), let spec = r.string(), let channels = r.u8(), let classCount = r.u16() else {
            throw damaged("the header ends early")
        }
        var classes: [SemanticClass] = []
        for _ in 0..<Int(classCount) {
            guard let name = r.string(), let rgb = r.bytes(3) else { throw damaged("the class list ends early") }
            classes.append(SemanticClass(name: name, color: RGB8(rgb[0], rgb[1], rgb[2])))
        }
        guard let trees = r.u32(), let maxDepth = r.u32(), let minLeaf = r.u32(), let minSplit = r.u32(),
              let maxFeaturesText = r.string(), let bootstrap = r.u8(), let seed = r.u64(),
              let featureCount = r.u32(), let sampleCount = r.u64(), let nodeCount = r.u32(), let leafCount = r.u32() else {
            throw damaged("the forest header ends early")
        }
        let maxFeatures: RandomForest.MaxFeatures
        switch maxFeaturesText {
        case "sqrt": maxFeatures = .sqrt
        case "log2": maxFeatures = .log2
        case "all": maxFeatures = .all
        default:
            guard let c = Int(maxFeaturesText) else { throw damaged("unknown max features '\(maxFeaturesText)'") }
            maxFeatures = .count(c)
        }
        let k = Int(classCount)
        // The arrays' total size must match what is left before any allocation.
        let arrays = Int(trees) * 4 + Int(nodeCount) * 12 + Int(leafCount) * k * 4 + Int(featureCount) * 8
        guard arrays == r.remaining else {
            throw damaged("the forest arrays take \(r.remaining) bytes, expected \(arrays)")
        }
        let roots = (0..<Int(trees)).map { _ in Int32(bitPattern: r.u32()!) }
        let nodes = (0..<Int(nodeCount)).map { _ in
            RandomForest.Node(feature: Int32(bitPattern: r.u32()!), threshold: Float(bitPattern: r.u32()!),
                              left: Int32(bitPattern: r.u32()!))
        }
        let leafValues = (0..<(Int(leafCount) * k)).map { _ in Float(bitPattern: r.u32()!) }
        let importances = (0..<Int(featureCount)).map { _ in Double(bitPattern: r.u64()!) }

        let bank: FeatureBank
        do {
            bank = try FeatureBank.parse(spec)
        } catch {
            throw PixelEngineError(op, "'\(source)' uses the feature set '\(spec)', which this segsh does not know (\(error.message)); it was made by \(producer)")
        }
        guard bank.featureCount(channels: Int(channels)) == Int(featureCount) else {
            throw PixelEngineError(op, "'\(source)' has \(featureCount) features but the feature set '\(spec)' gives \(bank.featureCount(channels: Int(channels))) for \(channels) channel(s) in this segsh; it was made by \(producer): retrain the model")
        }
        guard sampleCount <= UInt64(Int.max) else { throw damaged("invalid sample count") }
        let parameters = RandomForest.Parameters(trees: Int(trees), maxDepth: maxDepth == 0 ? nil : Int(maxDepth),
                                                 minSamplesLeaf: Int(minLeaf), minSamplesSplit: Int(minSplit),
                                                 maxFeatures: maxFeatures, bootstrap: bootstrap != 0, seed: seed)
        do {
            let forest = try RandomForest(featureCount: Int(featureCount), classCount: k, roots: roots, nodes: nodes,
                                          leafValues: leafValues, importances: importances, sampleCount: Int(sampleCount),
                                          parameters: parameters, operation: op)
            return try PixelClassifier(bank: bank, channels: Int(channels), classes: classes, forest: forest, operation: op)
        } catch {
            throw damaged(error.message)
        }
    }
}

extension PixelClassifier {
    /// Writes the classifier to `path` in the ``ModelFile`` format, atomically (readers see
    /// the old file or the whole new one).
    ///
    /// - Parameter producer: what made the file, stored for messages (`segsh 0.1.0`).
    /// - Throws: ``PixelEngineError`` (`save_model`) when the file cannot be written.
    ///
    /// ```swift
    /// try model.save(to: "scratches.segmodel", producer: "segsh 0.1.0")
    /// ```
    public func save(to path: String, producer: String = "segsh") throws(PixelEngineError) {
        do {
            try AtomicFile.write(ModelFile.encode(self, producer: producer), to: path)
        } catch {
            throw PixelEngineError("save_model", "cannot write '\(path)': \(error.reason)")
        }
    }

    /// Reads a classifier saved by ``save(to:producer:)``.
    ///
    /// - Throws: ``PixelEngineError`` (`load_model`) for a missing file, a file that is not a
    ///   model, truncated or damaged, from a newer segsh, or with an unknown feature set.
    ///
    /// ```swift
    /// let model = try PixelClassifier.load(path: "scratches.segmodel")
    /// ```
    public static func load(path: String) throws(PixelEngineError) -> PixelClassifier {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read it" : "no such file"
            throw PixelEngineError("load_model", "cannot read '\(path)': \(reason)")
        }
        return try ModelFile.decode(data, source: path)
    }
}

/// Appends little-endian fields.
struct ByteWriter {
    var data: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { data += b }
    mutating func u8(_ v: UInt8) { data.append(v) }
    mutating func u16(_ v: UInt16) { for i in 0..<2 { data.append(UInt8(truncatingIfNeeded: v >> (8 * UInt16(i)))) } }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { data.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { data.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        data += utf8
    }
}

/// Reads little-endian fields; every read returns `nil` past `end` instead of trapping.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    var end: Int

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
        self.end = bytes.count
    }

    var remaining: Int { end - position }

    mutating func bytes(_ n: Int) -> [UInt8]? {
        guard n >= 0, n <= remaining else { return nil }
        defer { position += n }
        return Array(bytes[position..<(position + n)])
    }

    mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { return nil }
        var v: T = 0
        for i in 0..<size { v |= T(bytes[position + i]) << (8 * i) }
        position += size
        return v
    }

    mutating func u8() -> UInt8? { integer(UInt8.self) }
    mutating func u16() -> UInt16? { integer(UInt16.self) }
    mutating func u32() -> UInt32? { integer(UInt32.self) }
    mutating func u64() -> UInt64? { integer(UInt64.self) }

    mutating func string() -> String? {
        guard let n = u32(), let b = bytes(Int(n)) else { return nil }
        return String(validating: b, as: UTF8.self)
    }
}

/// CRC-32 (IEEE 802.3, reflected, as zlib's `crc32`).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        return c ^ 0xFFFF_FFFF
    }
}
