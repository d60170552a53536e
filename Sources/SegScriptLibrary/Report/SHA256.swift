import Foundation

/// SHA-256 (FIPS 180-4), for the manifest's file hashes: the same digest `sha256sum`
/// prints. Incremental, so files are hashed in chunks without holding them in memory.
///
///     SHA256.hex(Data("abc".utf8))
///     // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
///     let digest = try SHA256.hex(fileAt: "cells.png")
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// A hash of nothing yet.
    public init() {}

    /// Adds bytes to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        length &+= UInt64(bytes.count)
        buffer.append(contentsOf: bytes)
        guard buffer.count >= 64 else { return }
        let whole = buffer.count / 64 * 64
        buffer.withUnsafeBufferPointer { p in
            var offset = 0
            while offset < whole {
                compress(UnsafeBufferPointer(rebasing: p[offset..<(offset + 64)]))
                offset += 64
            }
        }
        buffer.removeFirst(whole)
    }

    /// The 32-byte digest of everything added (the hash itself is left unchanged).
    public func finalize() -> [UInt8] {
        var copy = self
        let bits = length &* 8
        var tail: [UInt8] = [0x80]
        let used = (buffer.count + 1) % 64
        tail += [UInt8](repeating: 0, count: (used <= 56 ? 56 - used : 120 - used))
        tail += (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
        copy.update(tail)
        precondition(copy.buffer.isEmpty, "SHA256: padding did not end on a block boundary")
        let s = copy.state
        return [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7].flatMap { word in
            (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) }
        }
    }

    /// The digest as 64 lower-case hex digits.
    public func hexDigest() -> String {
        finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The hex digest of `data`.
    ///
    ///     SHA256.hex(Data())  // "e3b0c442…b855"
    public static func hex(_ data: some Collection<UInt8>) -> String {
        var h = SHA256()
        h.update(data)
        return h.hexDigest()
    }

    /// The hex digest and size of the file at `path`, read in 1 MiB chunks.
    /// - Throws: ``SHA256/FileError`` naming the path when it cannot be read.
    public static func hex(fileAt path: String) throws(FileError) -> (digest: String, size: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError(path: path, reason: FileManager.default.fileExists(atPath: path) ? "no permission to read it" : "no such file")
        }
        defer { try? handle.close() }
        var h = SHA256()
        var size = 0
        while true {
            let chunk: Data
            do {
                guard let c = try handle.read(upToCount: 1 << 20), !c.isEmpty else { break }
                chunk = c
            } catch {
                throw FileError(path: path, reason: (error as NSError).localizedDescription)
            }
            size += chunk.count
            h.update(chunk)
        }
        return (h.hexDigest(), size)
    }

    /// A file that could not be hashed.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        /// The path.
        public var path: String
        /// Why, in words.
        public var reason: String
        public var description: String { "cannot read '\(path)' to hash it: \(reason)" }
    }

    private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

    private mutating func compress(_ block: UnsafeBufferPointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            Self.k.withUnsafeBufferPointer { k in
                for i in 0..<16 {
                    w[i] = UInt32(block[4 &* i]) << 24 | UInt32(block[4 &* i &+ 1]) << 16
                        | UInt32(block[4 &* i &+ 2]) << 8 | UInt32(block[4 &* i &+ 3])
                }
                for i in 16..<64 {
                    let s0 = Self.rotate(w[i &- 15], 7) ^ Self.rotate(w[i &- 15], 18) ^ (w[i &- 15] >> 3)
                    let s1 = Self.rotate(w[i &- 2], 17) ^ Self.rotate(w[i &- 2], 19) ^ (w[i &- 2] >> 10)
                    w[i] = w[i &- 16] &+ s0 &+ w[i &- 7] &+ s1
                }
                var (a, b, c, d, e, f, g, h) = state
                for i in 0..<64 {
                    let s1 = Self.rotate(e, 6) ^ Self.rotate(e, 11) ^ Self.rotate(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
                    let s0 = Self.rotate(a, 2) ^ Self.rotate(a, 13) ^ Self.rotate(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ s0 &+ maj)
                }
                state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                         state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
            }
        }
    }
}
