#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one: the bytes
/// go to a temporary file in the target's folder, are flushed, and the file is renamed over
/// the target; on failure the temporary file is removed and the target is untouched.
///
/// The same pattern as PixelEngine's internal `AtomicFile`; kept here until that one is
/// public, when this file can go.
enum AtomicTextFile {
    struct Failure: Error {
        let reason: String
    }

    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(Failure) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw Failure(reason: "the path names a folder, not a file") }
        var fd: Int32 = -1
        var temporary = ""
        for _ in 0..<16 {
            temporary = directory + "/." + name + ".segsh-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw Failure(reason: "the folder '\(directory)' does not exist")
            case EACCES, EPERM: throw Failure(reason: "no permission to create files in '\(directory)'")
            default: throw Failure(reason: String(cString: strerror(code)))
            }
        }
        var failure: String?
        var written = 0
        while written < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + written, bytes.count - written)
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
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
