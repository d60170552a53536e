#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Foundation

/// Writes files so that readers see either the old file or the complete new one.
///
/// The bytes go to a temporary file in the target's folder (same file system), are flushed
/// to disk, and the temporary file is renamed over the target. On any failure the
/// temporary file is removed and the target is untouched. Every file segsh writes (PNG,
/// CSV, reports) goes through here.
///
/// ```swift
/// try AtomicFile.write(Data("label,area\n".utf8), to: "regions.csv")
/// ```
public enum AtomicFile {
    /// Why a write failed, in words for the user (`the folder 'out' does not exist`).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws(Failure) {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(Failure) in try write(raw, to: path) }
        }
        try result.get()
    }

    /// A `write(2)`-shaped function; injectable so tests can fail a write midway.
    typealias WriteFunction = (_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int

    static func write(_ bytes: UnsafeRawBufferPointer, to path: String,
                      using writeFunction: WriteFunction = { fd, bytes, count in systemWrite(fd, bytes, count) }) throws(Failure) {
        let (directory, name) = split(path)
        guard !name.isEmpty else { throw Failure(reason: "the path names a folder, not a file") }
        var fd: Int32 = -1
        var temporary = ""
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            temporary = directory + "/." + name + ".segsh-" + suffix
            // Mode 0666 so the file gets the usual permissions through the umask.
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw Failure(reason: systemReason(errno, creating: directory)) }

        var written = 0
        var failure: String?
        while written < bytes.count {
            let n = writeFunction(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                break
            }
            if n == 0 {
                failure = "the disk accepted no more data"
                break
            }
            written += n
        }
        if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw Failure(reason: failure)
        }
    }

    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func systemReason(_ code: Int32, creating directory: String) -> String {
        switch code {
        case ENOENT: "the folder '\(directory)' does not exist"
        case EACCES, EPERM: "no permission to create files in '\(directory)'"
        case EROFS: "'\(directory)' is on a read-only file system"
        default: String(cString: strerror(code))
        }
    }
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
