import Foundation
import SegScript

/// A notebook run as one self-contained HTML page: inline CSS (dark text on a light
/// background), the Markdown text rendered, each cell's title, time, numbered and coloured
/// source, its printed output, tables as tables, pictures as embedded PNGs, a failing
/// cell's diagnostic (with its line marked), and the manifest at the end.
///
/// Pictures keep their pixel size, shrink to the page width when wider, and pictures up to
/// ``smallPicture`` pixels wide are doubled with crisp (`pixelated`) scaling.
///
///     let html = HTMLReport.render(run, manifest: manifest.text, title: "analysis.seg")
public enum HTMLReport {
    /// Pictures at most this wide and high are drawn at twice their size, pixels square.
    public static let smallPicture = 320

    /// The page.
    ///
    /// - Parameters:
    ///   - run: the finished run (with ``NotebookRunner/recordsOutputs`` on).
    ///   - manifest: the manifest's JSON text, shown at the end.
    ///   - title: the page title (the script's name).
    ///   - version: segsh's version, shown in the header.
    public static func render(_ run: NotebookRun, manifest: String, title: String, version: String) -> String {
        let builtins = Set(Registry.library.names)
        var body = "<header>\n"
        // The notebook's own leading heading is the page's title; else the file name is.
        let (heading, blocks) = ReportText.titled(run.notebook)
        body += "<h1 class=\"doc-title\">\(heading.map(MarkdownHTML.inline) ?? esc(title))</h1>\n"
        let meta = (heading == nil ? [] : [title]) + ReportText.summary(run, version: version)
        body += "<p class=\"meta\">" + meta.map(esc).joined(separator: " · ") + "</p>\n"
        if !run.parameters.isEmpty {
            body += "<table class=\"params\"><caption>Parameters</caption>\n"
            let set = Set(run.settings.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
            for (name, value) in run.parameters {
                body += "<tr><th>\(esc(name))</th><td><code>\(esc(value.debugDescription))</code>"
                body += (set.contains(name) ? " <span class=\"tag\">--set</span>" : "") + "</td></tr>\n"
            }
            body += "</table>\n"
        }
        if !run.problems.isEmpty {
            body += "<pre class=\"diagnostic\">" + esc(ScriptFailure(run.problems).rendered()) + "</pre>\n"
        }
        body += "</header>\n"

        var cellIndex = 0
        for block in blocks {
            switch block {
            case .markdown(let m):
                body += "<section class=\"text\">\n" + MarkdownHTML.render(m.text) + "</section>\n"
            case .code:
                body += cell(run.cells[cellIndex], builtins: builtins)
                cellIndex += 1
            }
        }
        body += "<details class=\"manifest\"><summary>Manifest</summary>\n<pre>" + esc(manifest) + "</pre>\n</details>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="segsh \(esc(version))">
            <title>\(esc(heading.map { "\($0) · \(title)" } ?? title))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    private static func esc(_ s: String) -> String { MarkdownHTML.escape(s) }

    private static func cell(_ c: CellRun, builtins: Set<String>) -> String {
        let state: String, note: String?
        var diagnostics: [Diagnostic] = []
        switch c.status {
        case .succeeded: (state, note) = ("ok", nil)
        case .failed(let ds): (state, note, diagnostics) = ("failed", "failed", ds)
        case .notRun(let ds): (state, note, diagnostics) = ("notrun", "not run: an earlier cell failed", ds)
        }
        let marked = Set(diagnostics.filter { $0.source?.cell == c.cell.source.cell }.map(\.range.start.line))
        var out = "<section class=\"cell \(state)\" id=\"cell-\(c.cell.number)\">\n<div class=\"cell-head\">"
        out += "<span class=\"cell-n\">[\(c.cell.number)]</span>"
        if let title = c.cell.title { out += " <span class=\"cell-title\">\(esc(title))</span>" }
        if let note { out += " <span class=\"state\">\(esc(note))</span>" }
        if case .notRun = c.status {} else { out += "<span class=\"time\">\(esc(ReportText.duration(c.seconds)))</span>" }
        out += "</div>\n"
        if !c.cell.lines.isEmpty {
            out += "<div class=\"source\"><table>\n"
            let lines = SyntaxHTML.lines(of: c.cell.source, in: c.cell.lines, builtins: builtins)
            for (n, html) in zip(c.cell.lines, lines) {
                out += "<tr\(marked.contains(n) ? " class=\"mark\"" : "")><td class=\"ln\">\(n)</td><td class=\"code\">\(html)</td></tr>\n"
            }
            out += "</table></div>\n"
        }
        if !c.outputs.isEmpty {
            out += "<div class=\"outputs\">\n"
            var pictures = 0
            for output in c.outputs {
                switch output {
                case .text(let text):
                    out += "<pre class=\"out\">" + esc(ReportText.capped(text)) + "</pre>\n"
                case .picture(let p):
                    pictures += 1
                    out += picture(p, alt: "cell \(c.cell.number), picture \(pictures)")
                case .table(let t):
                    out += table(t)
                }
            }
            out += "</div>\n"
        }
        if !diagnostics.isEmpty {
            out += "<pre class=\"diagnostic\">" + esc(ScriptFailure(diagnostics).rendered()) + "</pre>\n"
        }
        return out + "</section>\n"
    }

    private static func picture(_ p: ReportPicture, alt: String) -> String {
        let small = p.width <= smallPicture && p.height <= smallPicture
        let scale = small ? 2 : 1
        return "<figure><img class=\"\(small ? "px" : "photo")\" width=\"\(p.width * scale)\" height=\"\(p.height * scale)\" "
            + "alt=\"\(esc(alt))\" src=\"data:image/png;base64,\(p.png.base64EncodedString())\">"
            + "<figcaption>\(p.width) × \(p.height)</figcaption></figure>\n"
    }

    private static func table(_ t: ReportTable) -> String {
        var out = "<div class=\"table\">"
        // A caption outside the table, so a narrow table does not wrap it into a column.
        if let caption = t.caption { out += "<p class=\"caption\">\(esc(caption))</p>" }
        out += "<table class=\"data\">\n"
        out += "<thead><tr>" + t.columns.enumerated().map { j, name in
            "<th\(t.numeric[j] ? " class=\"n\"" : "")>\(esc(name))</th>"
        }.joined() + "</tr></thead>\n<tbody>\n"
        for row in t.rows {
            out += "<tr>" + row.enumerated().map { j, cell in
                "<td\(j < t.numeric.count && t.numeric[j] ? " class=\"n\"" : "")>\(esc(cell))</td>"
            }.joined() + "</tr>\n"
        }
        out += "</tbody></table>"
        if t.omittedRows > 0 { out += "<p class=\"more\">… \(t.omittedRows) more rows</p>" }
        return out + "</div>\n"
    }

    static let css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #ffffff; color: #1f2328; font: 16px/1.55 -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 64px; }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.2em 0 0.5em; }
        h1 { font-size: 1.9em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.25em; }
        h2 { font-size: 1.45em; border-bottom: 1px solid #d8dee4; padding-bottom: 0.2em; }
        h3 { font-size: 1.2em; }
        a { color: #0969da; }
        code, pre, .source { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 14px; }
        p code, li code, td code { background: #eff1f3; border-radius: 4px; padding: 0.1em 0.35em; }
        pre { margin: 0; }
        .text pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; overflow-x: auto; }
        blockquote { margin: 0.8em 0; padding: 0 1em; color: #57606a; border-left: 4px solid #d0d7de; }
        header .doc-title { margin-top: 0.4em; }
        .meta { color: #57606a; margin: 0 0 12px; }
        table.params { border-collapse: collapse; margin: 8px 0 16px; font-size: 15px; }
        table.params caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
        table.params th { text-align: left; padding: 2px 16px 2px 0; font-weight: 600; }
        table.params td { padding: 2px 0; }
        .tag { font-size: 12px; color: #8250df; border: 1px solid #c297ff; border-radius: 10px; padding: 0 6px; }
        .cell { margin: 22px 0; border: 1px solid #d0d7de; border-radius: 8px; overflow: hidden; background: #ffffff; }
        .cell.failed { border-color: #cf222e; box-shadow: 0 0 0 1px #cf222e inset; }
        .cell.notrun { opacity: 0.6; }
        .cell-head { display: flex; gap: 8px; align-items: baseline; padding: 6px 12px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
        .cell-n { color: #57606a; font-family: "DejaVu Sans Mono", monospace; font-size: 14px; }
        .cell-title { font-weight: 600; }
        .cell-head .state { color: #cf222e; font-weight: 600; font-size: 14px; }
        .cell-head .time { margin-left: auto; color: #57606a; font-size: 13px; font-variant-numeric: tabular-nums; }
        .source { overflow-x: auto; background: #fbfcfd; border-bottom: 1px solid #eaeef2; }
        .source table { border-collapse: collapse; width: 100%; }
        .source td { padding: 0 12px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.5; vertical-align: top; }
        .source td.ln { width: 1%; white-space: nowrap; padding: 0 10px 0 12px; text-align: right; color: #8c959f; user-select: none; border-right: 1px solid #eaeef2; }
        .source td.code { padding-left: 12px; color: #1f2328; }
        .source tr:first-child td { padding-top: 8px; } .source tr:last-child td { padding-bottom: 8px; }
        .source tr.mark td { background: #ffebe9; } .source tr.mark td.ln { color: #cf222e; font-weight: 700; }
        .kw { color: #cf222e; font-weight: 600; } .str { color: #0a3069; } .num { color: #0550ae; }
        .com { color: #6e7781; font-style: italic; } .fn { color: #8250df; } .bi { color: #6639ba; }
        .lbl { color: #953800; } .op { color: #cf222e; } .err { color: #ffffff; background: #cf222e; }
        .outputs { padding: 10px 12px; display: flex; flex-direction: column; gap: 10px; }
        pre.out { white-space: pre-wrap; overflow-wrap: anywhere; color: #1f2328; }
        figure { margin: 0; }
        figure img { display: block; max-width: 100%; height: auto; border: 1px solid #d0d7de; background: #ffffff; }
        img.px { image-rendering: crisp-edges; image-rendering: pixelated; }
        figcaption { color: #6e7781; font-size: 12px; margin-top: 2px; }
        .table { overflow-x: auto; }
        table.data { border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
        .table .caption { color: #57606a; margin: 0 0 4px; font-size: 14px; }
        table.data th, table.data td { border: 1px solid #d0d7de; padding: 3px 10px; text-align: left; }
        table.data th { background: #f6f8fa; font-weight: 600; }
        table.data tbody tr:nth-child(even) td { background: #f9fafb; }
        table.data .n { text-align: right; }
        .more { color: #57606a; font-size: 13px; margin: 4px 0 0; }
        pre.diagnostic { margin: 0; padding: 10px 12px; background: #fff5f5; color: #82071e; border-top: 1px solid #ffcecb; white-space: pre; overflow-x: auto; }
        header pre.diagnostic { border: 1px solid #ffcecb; border-radius: 6px; }
        details.manifest { margin-top: 32px; color: #57606a; }
        details.manifest pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; overflow-x: auto; color: #1f2328; }
        """
}

/// Text shared by the HTML and Markdown reports.
enum ReportText {
    /// "12.3 ms", "1.234 s".
    static func duration(_ seconds: Double) -> String {
        if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        return String(format: "%.2f s", seconds)
    }

    /// The most lines of one printed output a report shows.
    static let maxOutputLines = 2000

    /// `text` cut to ``maxOutputLines`` lines, saying how many were left out.
    static func capped(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > maxOutputLines else { return text }
        return lines.prefix(maxOutputLines).joined(separator: "\n") + "\n… \(lines.count - maxOutputLines) more lines"
    }

    /// The notebook's title, when its first Markdown block opens it with a level-1 heading,
    /// and its blocks without that heading line (the report shows it as the title).
    static func titled(_ notebook: Notebook) -> (title: String?, blocks: [Notebook.Block]) {
        guard case .markdown(var m)? = notebook.blocks.first else { return (nil, notebook.blocks) }
        let lines = m.text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("# ") else { return (nil, notebook.blocks) }
        let title = first.dropFirst(2).trimmingCharacters(in: .whitespaces)
        m.text = lines.dropFirst().joined(separator: "\n")
        let rest = Array(notebook.blocks.dropFirst())
        return (title, m.text.allSatisfy(\.isWhitespace) ? rest : [.markdown(m)] + rest)
    }

    /// The header line's parts: version, date, cells, status, total time.
    static func summary(_ run: NotebookRun, version: String) -> [String] {
        let total = run.cells.reduce(0) { $0 + $1.seconds }
        let ran = run.cells.filter { if case .notRun = $0.status { false } else { true } }.count
        var status = "all cells ran"
        if let failed = run.failedCell { status = "failed in \(failed.cell.label)" } else if run.status != 0 { status = "not run" }
        return ["segsh \(version)", Manifest.date(run.started), "\(ran) of \(run.cells.count) cell\(run.cells.count == 1 ? "" : "s") run",
                status, duration(total)]
    }
}
