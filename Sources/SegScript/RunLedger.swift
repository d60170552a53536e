import Foundation
import Synchronization

/// What a run touched: the files builtins read and wrote, and the random seeds they used.
/// `segsh run --manifest` and `segsh report` turn it into the run's manifest, and `save`
/// asks it whether a path is one of the run's inputs (which it refuses to overwrite).
///
/// One ledger belongs to an ``Interpreter`` (``Interpreter/ledger``) and is reachable from
/// builtins as ``CallContext/ledger``. It is thread-safe: builtins running on several
/// threads (a `parallel for`) record into the same ledger, and an interpreter forked for a
/// worker shares its parent's by assigning `child.ledger = parent.ledger`.
///
/// Files are identified by their absolute, symlink-resolved path; the ledger keeps the
/// spelling the script first used for messages and manifests. It records paths only;
/// hashing is left to whoever writes the manifest, so a run without one pays nothing.
///
///     context.ledger.recordRead(path)      // in load, before or after reading
///     if let spelled = context.ledger.readSpelling(of: path) { throw ... }
///     context.ledger.recordWrite(path)     // in save, after writing
public final class RunLedger: Sendable {
    /// One file the run touched.
    public struct File: Sendable, Hashable {
        /// The path as the script first wrote it.
        public var path: String
        /// The absolute path with symlinks resolved (the identity of the file).
        public var resolved: String
    }

    private struct State {
        var reads: [File] = []
        var writes: [File] = []
        var readIndex: [String: Int] = [:]
        var writeIndex: [String: Int] = [:]
        var seeds: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// An empty ledger.
    public init() {}

    /// The identity of `path`: absolute (relative to the current directory), `.`/`..`
    /// removed, symlinks resolved as far as the path exists.
    ///
    ///     RunLedger.resolve("data/../a.png")  // "/home/me/a.png"
    public static func resolve(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Records that the run read `path` (a second read of the same file is not repeated).
    public func recordRead(_ path: String) {
        let file = File(path: path, resolved: Self.resolve(path))
        state.withLock { s in
            guard s.readIndex[file.resolved] == nil else { return }
            s.readIndex[file.resolved] = s.reads.count
            s.reads.append(file)
        }
    }

    /// Records that the run wrote `path` (a rewrite of the same file is not repeated).
    public func recordWrite(_ path: String) {
        let file = File(path: path, resolved: Self.resolve(path))
        state.withLock { s in
            guard s.writeIndex[file.resolved] == nil else { return }
            s.writeIndex[file.resolved] = s.writes.count
            s.writes.append(file)
        }
    }

    /// Records that a builtin made random choices with `seed`.
    public func recordSeed(_ seed: UInt64) {
        _ = state.withLock { $0.seeds.insert(seed) }
    }

    /// The spelling under which the run read the file at `path`, or nil if it did not
    /// read it (whatever the spelling: `a.png`, `./a.png` and a symlink to it are one file).
    ///
    ///     ledger.recordRead("in/a.png")
    ///     ledger.readSpelling(of: "./in/a.png")  // "in/a.png"
    public func readSpelling(of path: String) -> String? {
        let resolved = Self.resolve(path)
        return state.withLock { s in s.readIndex[resolved].map { s.reads[$0].path } }
    }

    /// The files read, in the order first read.
    public var reads: [File] { state.withLock { $0.reads } }

    /// The files written, in the order first written.
    public var writes: [File] { state.withLock { $0.writes } }

    /// The seeds used by builtins that make random choices, ascending.
    public var seeds: [UInt64] { state.withLock { $0.seeds.sorted() } }
}
