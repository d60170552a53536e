import Foundation
import SegScript

/// A shell-style path pattern, as `glob` takes it: `*` any characters within a name, `?`
/// one character, `[abc]`, `[a-z]` and `[!abc]` one character of (or not of) a set, and
/// `**` as a whole segment any number of folders (including none), recursively.
///
/// Names that start with `.` are matched only by a segment that starts with `.`, and `**`
/// does not enter hidden folders or follow links to folders (so it cannot loop). A
/// relative pattern is resolved against a directory (the current one by default) and
/// gives relative paths, written as the pattern writes them (`./a.png` stays `./a.png`).
/// A pattern ending in `/` matches folders only. The result is sorted by the bytes of
/// the UTF-8 paths, so it is the same on every machine, and has no duplicates.
///
///     let pattern = try GlobPattern("data/**/*.png")
///     let files = try pattern.paths()            // ["data/a.png", "data/x/b.png"]
///     pattern.matchesName("cells_01.png", segment: 2)  // true
public struct GlobPattern: Sendable {
    /// One character class of a wildcard segment.
    enum Token: Sendable, Equatable {
        case scalar(Unicode.Scalar)
        case any
        case star
        case set([ClosedRange<Unicode.Scalar>], negated: Bool)

        func matches(_ c: Unicode.Scalar) -> Bool {
            switch self {
            case .scalar(let s): s == c
            case .any: true
            case .star: true
            case .set(let ranges, let negated): ranges.contains { $0.contains(c) } != negated
            }
        }
    }

    /// One `/`-separated part of the pattern.
    enum Segment: Sendable, Equatable {
        case literal(String)
        case wildcard([Token], dotted: Bool)
        case recursive
    }

    /// The pattern as given.
    public let text: String
    let absolute: Bool
    let segments: [Segment]
    let directoriesOnly: Bool

    /// Parses a pattern; throws ``GlobError`` for an empty pattern, an unclosed `[`, a
    /// reversed range (`[z-a]`) or `**` inside a name.
    ///
    ///     try GlobPattern("images/cell_??.png")
    public init(_ text: String) throws(GlobError) {
        guard !text.isEmpty else {
            throw GlobError("the pattern is empty; give a path pattern such as \"data/*.png\"")
        }
        self.text = text
        absolute = text.hasPrefix("/")
        directoriesOnly = text.count > 1 && text.hasSuffix("/")
        var segments: [Segment] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: true) {
            let segment = try Self.segment(String(part), in: text)
            // `**/**` is the same as `**`, and repeating it would only produce duplicates.
            if segment == .recursive, segments.last == .recursive { continue }
            segments.append(segment)
        }
        self.segments = segments
    }

    private static func segment(_ part: String, in pattern: String) throws(GlobError) -> Segment {
        if part == "**" { return .recursive }
        let scalars = Array(part.unicodeScalars)
        guard scalars.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) else { return .literal(part) }
        var tokens: [Token] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "*":
                if i + 1 < scalars.count, scalars[i + 1] == "*" {
                    throw GlobError("'**' must be a whole path segment, as in \"data/**/*.png\"; inside a name use '*' (in '\(pattern)')")
                }
                tokens.append(.star)
                i += 1
            case "?":
                tokens.append(.any)
                i += 1
            case "[":
                var j = i + 1
                var negated = false
                if j < scalars.count, scalars[j] == "!" || scalars[j] == "^" {
                    negated = true
                    j += 1
                }
                var ranges: [ClosedRange<Unicode.Scalar>] = []
                var first = true
                // A `]` right after `[` (or `[!`) is a member, as in the shell: `[]]`.
                while j < scalars.count, scalars[j] != "]" || first {
                    first = false
                    let low = scalars[j]
                    if j + 2 < scalars.count, scalars[j + 1] == "-", scalars[j + 2] != "]" {
                        let high = scalars[j + 2]
                        guard low <= high else {
                            throw GlobError("the range '\(low)-\(high)' in '\(pattern)' is reversed; write '\(high)-\(low)'")
                        }
                        ranges.append(low...high)
                        j += 3
                    } else {
                        ranges.append(low...low)
                        j += 1
                    }
                }
                guard j < scalars.count else {
                    throw GlobError("unclosed '[' in '\(pattern)'; close the set (as in [abc]) or write [[] for a literal '['")
                }
                tokens.append(.set(ranges, negated: negated))
                i = j + 1
            default:
                tokens.append(.scalar(c))
                i += 1
            }
        }
        return .wildcard(tokens, dotted: scalars.first == ".")
    }

    /// Whether a file name matches a wildcard segment's tokens (hidden names aside).
    static func matches(_ tokens: [Token], _ name: [Unicode.Scalar]) -> Bool {
        var t = 0, n = 0
        var starToken = -1, starName = 0
        while n < name.count {
            if t < tokens.count, tokens[t] == .star {
                starToken = t
                starName = n
                t += 1
            } else if t < tokens.count, tokens[t].matches(name[n]) {
                t += 1
                n += 1
            } else if starToken >= 0 {
                // Let the last `*` take one more character and try again from there.
                t = starToken + 1
                starName += 1
                n = starName
            } else {
                return false
            }
        }
        while t < tokens.count, tokens[t] == .star { t += 1 }
        return t == tokens.count
    }

    /// Whether `name` (one file name, no `/`) matches segment `segment` of the pattern;
    /// a literal segment matches itself, `**` any visible name.
    ///
    ///     try GlobPattern("a/*.png").matchesName("b.png", segment: 1)  // true
    public func matchesName(_ name: String, segment: Int) -> Bool {
        switch segments[segment] {
        case .literal(let l): return l == name
        case .recursive: return !name.hasPrefix(".")
        case .wildcard(let tokens, let dotted):
            if name.hasPrefix("."), !dotted { return false }
            return Self.matches(tokens, Array(name.unicodeScalars))
        }
    }

    /// The existing paths that match, sorted by bytes; `[]` when none does. Folders that
    /// cannot be read are skipped. `checkCancelled` is called once per folder listed.
    ///
    ///     let paths = try GlobPattern("*.seg").paths(relativeTo: "/work/notebooks")
    public func paths(relativeTo directory: String = FileManager.default.currentDirectoryPath,
                      checkCancelled: () throws -> Void = {}) throws -> [String] {
        // Each candidate: the path as shown (relative when the pattern is) and on disk.
        var current: [(shown: String, disk: String)] = absolute ? [("/", "/")] : [("", directory)]
        let files = FileManager.default
        func join(_ base: String, _ name: String) -> String {
            base.isEmpty ? name : base.hasSuffix("/") ? base + name : base + "/" + name
        }
        func isDirectory(_ path: String) -> Bool {
            var flag: ObjCBool = false
            return files.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
        }
        func isLinkOrHidden(_ path: String, _ name: String) -> Bool {
            if name.hasPrefix(".") { return true }
            return (try? files.destinationOfSymbolicLink(atPath: path)) != nil
        }
        func list(_ path: String) throws -> [String] {
            try checkCancelled()
            return (try? files.contentsOfDirectory(atPath: path.isEmpty ? "." : path)) ?? []
        }
        for (index, segment) in segments.enumerated() {
            let last = index == segments.count - 1
            var next: [(shown: String, disk: String)] = []
            switch segment {
            case .literal(let name):
                for c in current {
                    let candidate = (join(c.shown, name), join(c.disk, name))
                    if last ? files.fileExists(atPath: candidate.1) : isDirectory(candidate.1) { next.append(candidate) }
                }
            case .wildcard:
                for c in current {
                    for name in try list(c.disk) where matchesName(name, segment: index) {
                        let candidate = (join(c.shown, name), join(c.disk, name))
                        if last || isDirectory(candidate.1) { next.append(candidate) }
                    }
                }
            case .recursive:
                // Zero or more visible folders below each candidate (all entries when last).
                var stack = current
                while let c = stack.popLast() {
                    if !last { next.append(c) }
                    for name in try list(c.disk) {
                        let candidate = (join(c.shown, name), join(c.disk, name))
                        if last, !name.hasPrefix(".") { next.append(candidate) }
                        if !isLinkOrHidden(candidate.1, name), isDirectory(candidate.1) { stack.append(candidate) }
                    }
                }
            }
            current = next
            if current.isEmpty { return [] }
        }
        var shown = Set<String>()
        for c in current where !directoriesOnly || isDirectory(c.disk) {
            shown.insert(directoriesOnly && !c.shown.hasSuffix("/") ? c.shown + "/" : c.shown)
        }
        return shown.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// A malformed glob pattern.
///
///     do { _ = try GlobPattern("[ab") } catch { print(error.message) }
public struct GlobError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, quoting the pattern, and how to fix it.
    public let message: String
    init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

extension GlobPattern {
    /// The `glob` builtin (topic io).
    static let builtin = Builtin(
        "glob", topic: "io",
        parameters: [Parameter("pattern", .string, help: "a path with wildcards: *, ?, [abc], and ** for any folders")],
        summary: "The paths matching a pattern, sorted; an empty list when nothing matches.",
        help: """
            * matches any characters within a name, ? one character, [abc] / [a-z] one of a set, [!abc] one \
            not in it, and ** (a whole segment) any number of folders, so "data/**/*.png" finds PNGs at any \
            depth. Names starting with '.' match only a pattern that starts with '.'; ** does not enter hidden \
            folders or follow links to folders. A relative pattern is resolved against the current directory \
            and gives relative paths. The list is sorted by the bytes of the paths (the same order on every \
            machine). No match gives [] (not an error): check len(files) when files are required. A malformed \
            pattern (an unclosed '[', '**' inside a name) is an error.
            """,
        examples: ["for path in glob(\"/tmp/segsh-*.png\") { print(type(path)) }",
                   "len(glob(\"/nonexistent-segsh-folder/*.png\"))  # 0",
                   "files = glob(\"/nonexistent-segsh-folder/**/*.png\")  # every PNG below, at any depth"]) { context, args in
        let text = try args.string("pattern")
        let pattern: GlobPattern
        do {
            pattern = try GlobPattern(text)
        } catch let error as GlobError {
            throw ScriptError(error.message, argument: "pattern")
        }
        return .list(try pattern.paths(checkCancelled: { try context.checkCancelled() }).map { .string($0) })
    }
}
