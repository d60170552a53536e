import Foundation
import SegScript

/// Tab completion: what to insert at the cursor, and the choices to list when there are
/// several. Works on the text before the cursor only.
///
/// - inside a string literal: file paths (`load("Tut<TAB>` → `load("Tutorials/`);
/// - `:` at the start: the REPL commands; after `:run ` and `:save `: file paths;
/// - a name: builtins (a unique one gets its `(`), variables, params, keywords, and inside
///   a builtin's parentheses its parameter names (`gaussian(img, si<TAB>` → `sigma: `).
struct Completer {
    /// What a completion does.
    struct Result: Equatable {
        /// Text to insert at the cursor (may be empty).
        var insert: String
        /// Choices to list, when the word is ambiguous.
        var choices: [String]
    }

    /// Builtins by name.
    var registry: Registry
    /// Variable and parameter names.
    var variables: [String]
    /// Parameter names (completed after `tweak `).
    var params: [String] = []

    static let keywords = ["if", "else", "for", "in", "while", "def", "return", "param", "true", "false",
                           "none", "and", "or", "not", "break", "continue", "parallel"]

    func complete(_ before: String) -> Result {
        if let partial = Self.openString(before) { return Self.paths(partial, closeQuote: true) }
        let leading = before.drop(while: \.isWhitespace)
        if let partial = Self.tweakArgument(String(leading)) {
            return Self.choose(partial, from: params, suffix: { _ in " " })
        }
        if leading.hasPrefix(":") {
            let (name, rest) = REPLSession.split(String(leading))
            if !leading.contains(where: \.isWhitespace) {
                return Self.choose(String(leading), from: REPLSession.commands.map(\.name), suffix: { _ in " " })
            }
            if name == ":run" || name == ":save" { return Self.paths(rest, closeQuote: false) }
            if name == ":help" { return Self.choose(rest, from: registry.names, suffix: { _ in "" }) }
            return Result(insert: "", choices: [])
        }
        let word = String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
        if before.dropLast(word.count).last == "." { return Result(insert: "", choices: []) }
        var names: [String] = []
        var labels: Set<String> = []
        if let callee = Self.enclosingCall(before.dropLast(word.count)), let builtin = registry[callee] {
            for p in builtin.parameters where !p.variadic {
                names.append(p.name + ":")
                labels.insert(p.name + ":")
            }
        }
        guard !word.isEmpty || !labels.isEmpty else { return Result(insert: "", choices: []) }
        names += variables + registry.names + Self.keywords
        return Self.choose(word, from: names) { name in
            if labels.contains(name) { return " " }
            if registry[name] != nil && !variables.contains(name) { return "(" }
            return ""
        }
    }

    /// The partial param name when `text` is `tweak ` (or `:tweak `) and one word.
    static func tweakArgument(_ text: String) -> String? {
        for command in ["tweak ", ":tweak "] where text.hasPrefix(command) {
            let rest = text.dropFirst(command.count).drop(while: \.isWhitespace)
            return rest.contains(where: \.isWhitespace) ? nil : String(rest)
        }
        return nil
    }

    /// The unique names starting with `word`: a single match is completed with its
    /// suffix; several insert their common prefix and are listed.
    static func choose(_ word: String, from names: [String], suffix: (String) -> String) -> Result {
        var seen = Set<String>()
        let matches = names.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        guard let first = matches.first else { return Result(insert: "", choices: []) }
        if matches.count == 1 { return Result(insert: String(first.dropFirst(word.count)) + suffix(first), choices: []) }
        let common = matches.dropFirst().reduce(first) { String($0.commonPrefix(with: $1)) }
        return Result(insert: String(common.dropFirst(word.count)), choices: matches.sorted())
    }

    /// The text after the opening quote when the cursor is inside a string literal.
    static func openString(_ text: String) -> String? {
        var inString = false
        var escaped = false
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
                start = text.index(after: index)
            } else if c == "#" {
                return nil
            }
            index = text.index(after: index)
        }
        return inString ? String(text[start...]) : nil
    }

    /// The name called by the innermost parenthesis still open at the end of `text`.
    static func enclosingCall(_ text: Substring) -> String? {
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            switch text[index] {
            case ")", "]": depth += 1
            case "[": if depth > 0 { depth -= 1 } else { return nil }
            case "(":
                if depth > 0 { depth -= 1; continue }
                let name = text[..<index].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                return name.isEmpty ? nil : String(name.reversed())
            default: break
            }
        }
        return nil
    }

    /// Completes a file path: entries of its folder that start with its last component;
    /// folders get a `/`, a unique file the closing quote.
    static func paths(_ partial: String, closeQuote: Bool) -> Result {
        let slash = partial.lastIndex(of: "/")
        let folder = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let expanded = REPLSession.expandTilde(folder.isEmpty ? "." : folder)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: expanded) else {
            return Result(insert: "", choices: [])
        }
        var isFolder: [String: Bool] = [:]
        let names = entries.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
        for name in names {
            var dir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: expanded + "/" + name, isDirectory: &dir)
            isFolder[name] = dir.boolValue
        }
        var result = choose(prefix, from: names) { name in
            isFolder[name] == true ? "/" : (closeQuote ? "\"" : "")
        }
        result.choices = result.choices.map { isFolder[$0] == true ? $0 + "/" : $0 }
        return result
    }
}
