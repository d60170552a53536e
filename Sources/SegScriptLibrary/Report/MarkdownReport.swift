import Foundation
import SegScript

/// A notebook run as a Markdown document: the notebook's text as written, each cell as a
/// heading (number, title, time) with its source in a `segscript` code block, printed
/// output in `text` blocks, tables as pipe tables, pictures as links to PNG files, a
/// failing cell's diagnostic, and the manifest in a closing `json` block.
///
///     let (text, files) = MarkdownReport.render(run, manifest: m, title: "a.seg", version: "0.1.0",
///                                               pictureFolder: "a_files")
///     // files: [("a_files/cell-2-1.png", png bytes), ...], written next to the report
public enum MarkdownReport {
    /// The document and the pictures it links to (paths relative to the report's folder,
    /// inside `pictureFolder`).
    public static func render(_ run: NotebookRun, manifest: String, title: String, version: String,
                              pictureFolder: String) -> (text: String, pictures: [(path: String, png: Data)]) {
        // The notebook's own leading heading titles the document; else the file name does.
        let (heading, blocks) = ReportText.titled(run.notebook)
        var out = "# \(heading ?? escape(title))\n\n"
        out += ((heading == nil ? [] : [title]) + ReportText.summary(run, version: version)).map(escape).joined(separator: " · ") + "\n\n"
        var pictures: [(String, Data)] = []
        if !run.parameters.isEmpty {
            out += "| parameter | value |\n|---|---|\n"
            for (name, value) in run.parameters { out += "| \(cell(name)) | `\(value.debugDescription.replacingOccurrences(of: "|", with: "\\|"))` |\n" }
            out += "\n"
        }
        if !run.problems.isEmpty { out += fenced(ScriptFailure(run.problems).rendered(), "text") + "\n" }
        var index = 0
        for block in blocks {
            switch block {
            case .markdown(let m):
                out += m.text + "\n\n"
            case .code:
                let c = run.cells[index]
                index += 1
                var heading = "#### [\(c.cell.number)]" + (c.cell.title.map { " " + escape($0) } ?? "")
                var diagnostics: [Diagnostic] = []
                switch c.status {
                case .succeeded: heading += " · \(ReportText.duration(c.seconds))"
                case .failed(let ds): heading += " · **failed** · \(ReportText.duration(c.seconds))"; diagnostics = ds
                case .notRun(let ds): heading += " · *not run: an earlier cell failed*"; diagnostics = ds
                }
                out += heading + "\n\n"
                if !c.cell.code.isEmpty { out += fenced(c.cell.code, "segscript") + "\n" }
                var n = 0
                for output in c.outputs {
                    switch output {
                    case .text(let text): out += fenced(ReportText.capped(text), "text") + "\n"
                    case .picture(let p):
                        n += 1
                        let path = pictureFolder + "/cell-\(c.cell.number)-\(n).png"
                        pictures.append((path, p.png))
                        out += "![cell \(c.cell.number), picture \(n) (\(p.width) × \(p.height))](\(link(path)))\n\n"
                    case .table(let t): out += table(t) + "\n"
                    }
                }
                if !diagnostics.isEmpty { out += fenced(ScriptFailure(diagnostics).rendered(), "text") + "\n" }
            }
        }
        out += "<details><summary>Manifest</summary>\n\n" + fenced(manifest, "json") + "\n</details>\n"
        return (out, pictures)
    }

    /// A fenced code block, with a fence longer than any backtick run inside.
    static func fenced(_ text: String, _ language: String) -> String {
        var longest = 0, run = 0
        for c in text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + (text.hasSuffix("\n") ? text : text + "\n") + fence + "\n"
    }

    static func table(_ t: ReportTable) -> String {
        var out = t.caption.map { "*\(escape($0))*\n\n" } ?? ""
        out += "| " + t.columns.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + t.numeric.map { $0 ? "---:|" : "---|" }.joined() + "\n"
        for row in t.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        if t.omittedRows > 0 { out += "\n… \(t.omittedRows) more rows\n" }
        return out
    }

    /// Text safe inside a table cell.
    static func cell(_ s: String) -> String {
        escape(s).replacingOccurrences(of: "\n", with: " ")
    }

    /// Backslash-escapes the characters Markdown would read as formatting.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\`*_[]<>#|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// A relative path as a link target (spaces and parentheses percent-encoded).
    static func link(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: " ", with: "%20")
            .replacingOccurrences(of: "(", with: "%28").replacingOccurrences(of: ")", with: "%29")
    }
}
