/// A small Markdown-to-HTML renderer for a notebook's text: ATX headings (`#` … `######`),
/// paragraphs, `*emphasis*`/`_emphasis_`, `**strong**`/`__strong__`, `` `inline code` ``,
/// fenced code blocks (```` ``` ```` or `~~~`), bullet (`-`, `*`, `+`) and numbered (`1.`)
/// lists with nesting by indentation, `> quotes`, `---` rules, `[links](url)` and
/// `<https://autolinks>`, and backslash escapes. Everything else is text, HTML-escaped:
/// raw HTML in the notebook is shown, not interpreted, and links with a `javascript:`
/// (or other script) scheme stay text.
///
///     MarkdownHTML.render("## Results\nThe *mean* is `0.5`.")
///     // "<h2>Results</h2>\n<p>The <em>mean</em> is <code>0.5</code>.</p>\n"
public enum MarkdownHTML {
    /// The HTML of a Markdown text (block elements, each ending with a newline).
    public static func render(_ markdown: String) -> String {
        let lines = markdown.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .map { String($0).replacingTabs() }
        return blocks(lines)
    }

    /// Escapes `& < > "` for HTML text and attribute values.
    ///
    ///     MarkdownHTML.escape("a < b & \"c\"")  // "a &lt; b &amp; &quot;c&quot;"
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    // MARK: Blocks

    private static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }
    private static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " } }

    private static func heading(_ line: String) -> (level: Int, text: String)? {
        let trimmed = line.drop { $0 == " " }
        guard indentation(line) < 4 else { return nil }
        let hashes = trimmed.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingCharacters(" ")
        // A closing run of #s is decoration.
        while text.hasSuffix("#") { text.removeLast() }
        return (hashes, text.trimmingCharacters(" "))
    }

    private static func fence(_ line: String) -> (marker: String, info: String)? {
        guard indentation(line) < 4 else { return nil }
        let trimmed = line.drop { $0 == " " }
        for f in ["```", "~~~"] where trimmed.hasPrefix(f) {
            let char = f.first!
            let run = trimmed.prefix { $0 == char }
            return (String(run), String(trimmed.dropFirst(run.count)).trimmingCharacters(" "))
        }
        return nil
    }

    private static func isRule(_ line: String) -> Bool {
        let chars = line.filter { $0 != " " }
        guard chars.count >= 3, indentation(line) < 4, let first = chars.first, "-*_".contains(first) else { return false }
        return chars.allSatisfy { $0 == first }
    }

    /// A list item's marker: whether it is ordered, its start number, and the column
    /// where its content begins.
    private static func listItem(_ line: String) -> (ordered: Bool, start: Int, content: Int)? {
        let indent = indentation(line)
        let rest = Array(line.dropFirst(indent))
        guard !rest.isEmpty else { return nil }
        if "-*+".contains(rest[0]) {
            guard rest.count == 1 || rest[1] == " " else { return nil }
            return (false, 1, indent + min(rest.count, 2))
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count), digits.count < rest.count, rest[digits.count] == "." || rest[digits.count] == ")",
              digits.count + 1 == rest.count || rest[digits.count + 1] == " " else { return nil }
        return (true, Int(String(digits)) ?? 1, indent + min(rest.count, digits.count + 2))
    }

    private static func blocks(_ lines: [String]) -> String {
        var out = ""
        var i = 0
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            out += "<p>" + inline(paragraph.map { $0.trimmingCharacters(" ") }.joined(separator: "\n")) + "</p>\n"
            paragraph = []
        }
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) {
                flush()
                i += 1
            } else if let f = fence(line) {
                flush()
                var code: [String] = []
                let indent = indentation(line)
                i += 1
                while i < lines.count {
                    if let close = fence(lines[i]), close.marker.first == f.marker.first, close.marker.count >= f.marker.count,
                       close.info.isEmpty {
                        i += 1
                        break
                    }
                    code.append(String(lines[i].dropFirst(min(indent, indentation(lines[i])))))
                    i += 1
                }
                let language = f.info.split(separator: " ").first.map { " class=\"language-\(escape(String($0)))\"" } ?? ""
                out += "<pre><code\(language)>" + escape(code.joined(separator: "\n")) + (code.isEmpty ? "" : "\n") + "</code></pre>\n"
            } else if let h = heading(line) {
                flush()
                out += "<h\(h.level)>" + inline(h.text) + "</h\(h.level)>\n"
                i += 1
            } else if isRule(line), paragraph.isEmpty || !line.allSatisfy({ $0 == "-" || $0 == " " }) {
                flush()
                out += "<hr>\n"
                i += 1
            } else if line.drop(while: { $0 == " " }).hasPrefix(">"), indentation(line) < 4 {
                flush()
                var quoted: [String] = []
                while i < lines.count, !isBlank(lines[i]) {
                    let l = lines[i].drop { $0 == " " }
                    if l.hasPrefix(">") {
                        var rest = l.dropFirst()
                        if rest.first == " " { rest = rest.dropFirst() }
                        quoted.append(String(rest))
                    } else {
                        quoted.append(String(l))  // a lazy continuation line
                    }
                    i += 1
                }
                out += "<blockquote>\n" + blocks(quoted) + "</blockquote>\n"
            } else if let item = listItem(line), paragraph.isEmpty || indentation(line) < 4 {
                flush()
                i = list(lines, from: i, first: item, into: &out)
            } else {
                paragraph.append(line)
                i += 1
            }
        }
        flush()
        return out
    }

    /// Renders the list starting at `start`; returns the index after it.
    private static func list(_ lines: [String], from start: Int, first: (ordered: Bool, start: Int, content: Int),
                             into out: inout String) -> Int {
        let baseIndent = indentation(lines[start])
        var items: [[String]] = []
        var i = start
        var looseGap = false
        var loose = false
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) {
                looseGap = true
                i += 1
                continue
            }
            let indent = indentation(line)
            if let m = listItem(line), indent == baseIndent, m.ordered == first.ordered {
                if looseGap && !items.isEmpty { loose = true }
                looseGap = false
                items.append([String(line.dropFirst(m.content))])
            } else if indent > baseIndent, !items.isEmpty {
                if looseGap { items[items.count - 1].append("") }
                looseGap = false
                items[items.count - 1].append(String(line.dropFirst(min(indent, first.content))))
            } else if !looseGap, !items.isEmpty, listItem(line) == nil, heading(line) == nil, fence(line) == nil {
                items[items.count - 1].append(line)  // a lazy continuation of the item's paragraph
            } else {
                break
            }
            i += 1
        }
        // Trailing blank lines belong after the list.
        while i > start, isBlank(lines[i - 1]) { i -= 1 }
        let tag = first.ordered ? "ol" : "ul"
        out += first.ordered && first.start != 1 ? "<ol start=\"\(first.start)\">\n" : "<\(tag)>\n"
        for item in items {
            var html = blocks(item)
            if !loose, html.hasPrefix("<p>") {
                // A tight list shows its first paragraph without <p>.
                if let end = html.range(of: "</p>\n") {
                    html = String(html[html.index(html.startIndex, offsetBy: 3)..<end.lowerBound]) + (html[end.upperBound...].isEmpty ? "" : "\n" + html[end.upperBound...])
                }
            }
            while html.hasSuffix("\n") { html.removeLast() }
            out += "<li>" + html + "</li>\n"
        }
        out += "</\(tag)>\n"
        return i
    }

    // MARK: Inline

    /// Inline Markdown of one block's text, as HTML.
    static func inline(_ text: String) -> String {
        let chars = Array(text)
        return inline(chars, 0..<chars.count)
    }

    private static let escapable: Set<Character> = Set("\\`*_{}[]()#+-.!<>|\"'~")

    private static func inline(_ c: [Character], _ range: Range<Int>) -> String {
        var out = ""
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let ch = c[i]
            if ch == "\\", i + 1 < end, escapable.contains(c[i + 1]) {
                out += escape(String(c[i + 1]))
                i += 2
            } else if ch == "\\", i + 1 < end, c[i + 1] == "\n" {
                out += "<br>\n"
                i += 2
            } else if ch == "`" {
                let run = c[i..<end].prefix { $0 == "`" }.count
                if let close = findRun(c, "`", run, from: i + run, to: end) {
                    var code = String(c[(i + run)..<close]).replacingOccurrences(of: "\n", with: " ")
                    if code.count >= 2, code.first == " ", code.last == " ", code.contains(where: { $0 != " " }) {
                        code = String(code.dropFirst().dropLast())
                    }
                    out += "<code>" + escape(code) + "</code>"
                    i = close + run
                } else {
                    out += String(repeating: "`", count: run)
                    i += run
                }
            } else if ch == "[" || (ch == "!" && i + 1 < end && c[i + 1] == "["), let link = link(c, at: ch == "!" ? i + 1 : i, end: end) {
                let label = inline(c, link.text)
                if let url = safeURL(link.url) {
                    let title = link.title.map { " title=\"\(escape($0))\"" } ?? ""
                    out += "<a href=\"\(escape(url))\"\(title)>" + label + "</a>"
                } else {
                    out += label
                }
                i = link.after
            } else if ch == "<", let close = c[i..<end].firstIndex(of: ">"), close > i + 1 {
                let inner = String(c[(i + 1)..<close])
                if !inner.contains(" "), inner.contains(":") || inner.contains("@"),
                   let url = safeURL(inner.contains(":") ? inner : "mailto:" + inner) {
                    out += "<a href=\"\(escape(url))\">" + escape(inner) + "</a>"
                    i = close + 1
                } else {
                    out += "&lt;"
                    i += 1
                }
            } else if ch == "*" || ch == "_" {
                let run = c[i..<end].prefix { $0 == ch }.count
                let strong = run >= 2
                let width = strong ? 2 : 1
                if canOpen(c, i, width, end: end, underscore: ch == "_"),
                   let close = findCloser(c, ch, width, from: i + width, to: end) {
                    let tag = strong ? "strong" : "em"
                    out += "<\(tag)>" + inline(c, (i + width)..<close) + "</\(tag)>"
                    i = close + width
                } else {
                    out += String(repeating: String(ch), count: run)
                    i += run
                }
            } else if ch == "\n" {
                // Two trailing spaces make a hard break; otherwise a soft one.
                if out.hasSuffix("  ") {
                    while out.hasSuffix(" ") { out.removeLast() }
                    out += "<br>\n"
                } else {
                    out += "\n"
                }
                i += 1
            } else {
                out += escape(String(ch))
                i += 1
            }
        }
        return out
    }

    private static func findRun(_ c: [Character], _ ch: Character, _ run: Int, from: Int, to end: Int) -> Int? {
        var j = from
        while j < end {
            if c[j] == ch {
                let n = c[j..<end].prefix { $0 == ch }.count
                if n == run { return j }
                j += n
            } else {
                j += 1
            }
        }
        return nil
    }

    private static func canOpen(_ c: [Character], _ i: Int, _ width: Int, end: Int, underscore: Bool) -> Bool {
        guard i + width < end, !c[i + width].isWhitespace else { return false }
        // snake_case_names are not emphasis.
        if underscore, i > 0, c[i - 1].isLetter || c[i - 1].isNumber { return false }
        return true
    }

    private static func findCloser(_ c: [Character], _ ch: Character, _ width: Int, from: Int, to end: Int) -> Int? {
        var j = from
        while j < end {
            if c[j] == "\\" { j += 2; continue }
            if c[j] == "`" {
                let run = c[j..<end].prefix { $0 == "`" }.count
                j = (findRun(c, "`", run, from: j + run, to: end).map { $0 + run }) ?? (j + run)
                continue
            }
            if c[j] == ch {
                let n = c[j..<end].prefix { $0 == ch }.count
                if n >= width, j > from, !c[j - 1].isWhitespace,
                   ch != "_" || j + n >= end || !(c[j + n].isLetter || c[j + n].isNumber) {
                    // `**a *b* c**`: a single closer inside a strong run is skipped.
                    if width == 1 && n == 2 { j += n; continue }
                    return j
                }
                j += n
                continue
            }
            j += 1
        }
        return nil
    }

    private static func link(_ c: [Character], at i: Int, end: Int) -> (text: Range<Int>, url: String, title: String?, after: Int)? {
        var depth = 0
        var j = i
        var close: Int?
        while j < end {
            if c[j] == "\\" { j += 2; continue }
            if c[j] == "[" { depth += 1 }
            if c[j] == "]" {
                depth -= 1
                if depth == 0 { close = j; break }
            }
            j += 1
        }
        guard let close, close + 1 < end, c[close + 1] == "(" else { return nil }
        // The destination ends at the `)` that balances the `(` (URLs may hold parentheses).
        var level = 0, k = close + 2
        var paren: Int?
        while k < end {
            if c[k] == "\\" { k += 2; continue }
            if c[k] == "(" { level += 1 }
            if c[k] == ")" {
                if level == 0 { paren = k; break }
                level -= 1
            }
            k += 1
        }
        guard let paren else { return nil }
        let inside = String(c[(close + 2)..<paren]).trimmingCharacters(" ")
        var url = inside, title: String?
        if let space = inside.firstIndex(of: " ") {
            url = String(inside[..<space])
            let rest = inside[space...].trimmingCharacters(" ")
            if rest.count >= 2, rest.first == "\"", rest.last == "\"" { title = String(rest.dropFirst().dropLast()) }
        }
        if url.hasPrefix("<"), url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
        return ((i + 1)..<close, url, title, paren + 1)
    }

    /// The URL if it is safe to link: relative, or http(s), mailto, ftp, file.
    private static func safeURL(_ url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return url }
        let scheme = url[..<colon].lowercased()
        // A colon after a slash, ? or # is not a scheme separator.
        if scheme.contains(where: { "/?#".contains($0) }) { return url }
        return ["http", "https", "mailto", "ftp", "file"].contains(scheme) ? url : nil
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        guard contains("\t") else { return self }
        var out = "", column = 0
        for c in self {
            if c == "\t" {
                let n = 4 - column % 4
                out += String(repeating: " ", count: n)
                column += n
            } else {
                out.append(c)
                column += 1
            }
        }
        return out
    }

    fileprivate func trimmingCharacters(_ char: Character) -> String {
        var s = Substring(self)
        while s.first == char { s = s.dropFirst() }
        while s.last == char { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(_ char: Character) -> String { String(self).trimmingCharacters(char) }
}
