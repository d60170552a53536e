import Foundation

/// A small HTML reader for report tests: elements with attributes, children and text.
/// It checks that the page is well formed (every non-void element closed, in order), which
/// a browser would forgive but a report should not need.
final class HTMLElement {
    let name: String
    let attributes: [String: String]
    var children: [HTMLElement] = []
    var text = ""  // this element's own text, entities decoded

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    static let void: Set<String> = ["meta", "img", "br", "hr", "link", "input"]

    /// Parses a page; throws on a mismatched or unclosed tag.
    static func parse(_ html: String) throws -> HTMLElement {
        let root = HTMLElement(name: "#root", attributes: [:])
        var stack = [root]
        let chars = Array(html)
        var i = 0
        var rawTextEnd: String?
        while i < chars.count {
            if chars[i] == "<" {
                var j = i + 1
                var quote: Character?
                while j < chars.count {
                    if let q = quote { if chars[j] == q { quote = nil } } else if chars[j] == "\"" { quote = "\"" } else if chars[j] == ">" { break }
                    j += 1
                }
                let inner = String(chars[(i + 1)..<j])
                i = j + 1
                if let end = rawTextEnd, inner != end { stack.last!.text += "<" + inner + ">"; continue }
                if inner.hasPrefix("!") { continue }
                if inner.hasPrefix("/") {
                    let name = String(inner.dropFirst()).lowercased()
                    guard let top = stack.last, top.name == name else {
                        throw Malformed(message: "</\(name)> closes <\(stack.last?.name ?? "?")>")
                    }
                    stack.removeLast()
                    rawTextEnd = nil
                    continue
                }
                let (name, attributes) = tag(inner)
                let element = HTMLElement(name: name, attributes: attributes)
                stack.last!.children.append(element)
                if !void.contains(name) && !inner.hasSuffix("/") {
                    stack.append(element)
                    if name == "style" || name == "script" { rawTextEnd = "/" + name }
                }
            } else {
                var j = i
                while j < chars.count, chars[j] != "<" { j += 1 }
                stack.last!.text += decode(String(chars[i..<j]))
                i = j
            }
        }
        guard stack.count == 1 else { throw Malformed(message: "<\(stack.last!.name)> is never closed") }
        return root
    }

    struct Malformed: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private static func tag(_ inner: String) -> (String, [String: String]) {
        let chars = Array(inner)
        var i = 0
        while i < chars.count, !chars[i].isWhitespace, chars[i] != "/" { i += 1 }
        let name = String(chars[0..<i]).lowercased()
        var attributes: [String: String] = [:]
        while i < chars.count {
            while i < chars.count, chars[i].isWhitespace || chars[i] == "/" { i += 1 }
            var j = i
            while j < chars.count, chars[j] != "=", !chars[j].isWhitespace { j += 1 }
            let key = String(chars[i..<j])
            guard !key.isEmpty else { break }
            if j < chars.count, chars[j] == "=", j + 1 < chars.count, chars[j + 1] == "\"" {
                var k = j + 2
                while k < chars.count, chars[k] != "\"" { k += 1 }
                attributes[key] = decode(String(chars[(j + 2)..<min(k, chars.count)]))
                i = k + 1
            } else {
                attributes[key] = ""
                i = j
            }
        }
        return (name, attributes)
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Every element below this one, depth first.
    var descendants: [HTMLElement] { children.flatMap { [$0] + $0.descendants } }

    func all(_ name: String) -> [HTMLElement] { descendants.filter { $0.name == name } }

    /// Elements with this class.
    func withClass(_ c: String) -> [HTMLElement] {
        descendants.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(c)) }
    }

    /// The text of this element and everything below it.
    var allText: String { text + children.map(\.allText).joined() }
}
