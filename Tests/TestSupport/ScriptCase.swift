import Foundation

/// One SegScript test file (`Cases/**/*.seg`): a script with inline expectations, shared by
/// the language and library case runners:
///
/// - `# expect: TEXT` — the next line of output (may follow code on the same line);
/// - `# error: LINE:COL MESSAGE` — a diagnostic (parse or runtime), in source order;
///   MESSAGE includes ", did you mean 'x'?" when there is a suggestion;
/// - `# incomplete` — the parser must report incomplete input;
/// - `# set: NAME=VALUE` — a parameter override (`--set`);
/// - `# echo` — bare top-level expressions display themselves (REPL mode).
public struct ScriptCase: CustomStringConvertible, Sendable {
    /// The path below the `Cases` folder.
    public let name: String
    /// The whole file.
    public let text: String
    public var description: String { name }

    /// Every `.seg` file below `root`, sorted by path.
    public static func all(in root: URL?) -> [ScriptCase] {
        guard let root, let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var cases: [ScriptCase] = []
        for case let url as URL in walker where url.pathExtension == "seg" {
            let name = String(url.path.dropFirst(root.path.count + 1))
            cases.append(ScriptCase(name: name, text: (try? String(contentsOf: url, encoding: .utf8)) ?? ""))
        }
        return cases.sorted { $0.name < $1.name }
    }

    /// The values of every `# key:` directive, in file order.
    public func directives(_ key: String) -> [String] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.compactMap { line in
            guard let r = line.range(of: "# \(key):") else { return nil }
            let rest = line[r.upperBound...]
            return String(rest.first == " " ? rest.dropFirst() : rest)
        }
    }

    /// Whether the file has a `# flag` line.
    public func has(_ flag: String) -> Bool {
        text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "# \(flag)" }
    }
}
