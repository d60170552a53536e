/// Renders diagnostics like a compiler:
///
///     error: unknown function 'otsuu'
///      --> script.seg:3:5
///      3 | t = otsuu(img)
///        |     ^~~~~ did you mean 'otsu'?
///
/// In a notebook cell the location line names the cell too:
/// ` --> analysis.seg:12:5, in cell 3 "Declump"`.
///
/// Carets are placed by terminal width: East Asian wide characters and emoji take two
/// columns, combining marks none, tabs advance to the next multiple of 4 (and are printed
/// as spaces so the carets line up). Ranges over several lines underline each line
/// (at most 6, eliding the middle). Colour (ANSI bold red for errors) is off unless asked
/// for; honouring NO_COLOR is the caller's job.
///
///     let text = DiagnosticRenderer(color: false).render(diagnostic)
public struct DiagnosticRenderer: Sendable {
    /// Whether to emit ANSI colour codes.
    public var color: Bool
    /// Tab stops every this many columns.
    public var tabWidth = 4

    /// A renderer; colour off by default.
    public init(color: Bool = false) {
        self.color = color
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func severityCode(_ s: Diagnostic.Severity) -> String {
        switch s {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    /// The full rendering, ending with a newline.
    public func render(_ d: Diagnostic) -> String {
        var out = paint(d.severity.rawValue + ":", severityCode(d.severity)) + " " + paint(d.message, "1") + "\n"
        var snippetShown = false
        if let source = d.source {
            let lines = source.lines
            let endLine = min(max(d.range.end.line, d.range.start.line), lines.count)
            let gutter = String(max(endLine, d.range.start.line)).count
            if let name = source.name {
                let cell = source.cell.map { ", in \($0)" } ?? ""
                out += String(repeating: " ", count: gutter) + paint("-->", "1;34") + " \(name):\(d.range.start)\(cell)\n"
            }
            if d.range.start.line <= lines.count {
                out += snippet(d.range, lines: lines, gutter: gutter, caretText: d.caretText, code: severityCode(d.severity))
                snippetShown = true
            }
        }
        if !snippetShown, let text = d.caretText {
            out += "  " + text + "\n"
        }
        for note in d.notes {
            out += paint("note:", "1;36") + " " + note.message + "\n"
            if let range = note.range, let source = note.source ?? d.source {
                let lines = source.lines
                guard range.start.line <= lines.count else { continue }
                let gutter = String(min(range.end.line, lines.count)).count
                let here = source != d.source ? (source.name.map { "\($0):" } ?? "") : (source.name.map { "\($0):" } ?? "")
                out += String(repeating: " ", count: gutter) + paint("-->", "1;34") + " \(here)\(range.start)\n"
                out += snippet(range, lines: lines, gutter: gutter, caretText: nil, code: "1;36")
            }
        }
        return out
    }

    private func snippet(_ range: SourceRange, lines: [Substring], gutter: Int, caretText: String?, code: String) -> String {
        let first = range.start.line
        let last = max(first, min(range.end.line, lines.count))
        // An empty range or one ending at column 1 of the next line underlines one column.
        let lastLine = last > first && range.end.column == 1 ? last - 1 : last
        var shown = Array(first...lastLine)
        var elided = false
        if shown.count > 6 {
            shown = Array(shown.prefix(3)) + Array(shown.suffix(2))
            elided = true
        }
        var out = ""
        let bar = paint("|", "1;34")
        for (k, lineNumber) in shown.enumerated() {
            if elided && k == 3 { out += String(repeating: " ", count: gutter + 1) + paint("...", "1;34") + "\n" }
            let text = lines[lineNumber - 1]
            let (display, columns) = layout(text)
            // Continuation lines are underlined from their first non-blank character.
            let startColumn = lineNumber == first ? range.start.column
                : (text.firstIndex { $0 != " " && $0 != "\t" }.map { text.distance(from: text.startIndex, to: $0) + 1 } ?? 1)
            let endColumn: Int
            if lineNumber == range.end.line { endColumn = range.end.column } else { endColumn = text.count + 1 }
            let from = columns[min(max(startColumn - 1, 0), columns.count - 1)]
            var to = columns[min(max(endColumn - 1, 0), columns.count - 1)]
            if to <= from { to = from + 1 }
            let numberText = String(lineNumber)
            out += String(repeating: " ", count: gutter - numberText.count + 1) + paint(numberText, "1;34") + " " + bar
            out += display.isEmpty ? "\n" : " " + display + "\n"
            let marks = (lineNumber == first ? "^" : "~") + String(repeating: "~", count: to - from - 1)
            out += String(repeating: " ", count: gutter + 1) + " " + bar + " " + String(repeating: " ", count: from) + paint(marks, code)
            if lineNumber == shown.last, let caretText { out += " " + paint(caretText, code) }
            out += "\n"
        }
        return out
    }

    /// The line with tabs expanded, and the display column where each character starts
    /// (plus one past the end).
    private func layout(_ line: Substring) -> (String, [Int]) {
        var display = ""
        var columns: [Int] = []
        var col = 0
        for c in line {
            columns.append(col)
            if c == "\t" {
                let next = (col / tabWidth + 1) * tabWidth
                display += String(repeating: " ", count: next - col)
                col = next
            } else {
                display.append(c)
                col += Self.width(of: c)
            }
        }
        columns.append(col)
        return (display, columns)
    }

    /// The number of terminal columns a character occupies: 2 for East Asian wide and
    /// fullwidth characters and emoji, 0 for lone combining marks and controls, else 1.
    ///
    ///     DiagnosticRenderer.width(of: "猫")  // 2
    public static func width(of c: Character) -> Int {
        guard let scalar = c.unicodeScalars.first else { return 0 }
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .control, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation || c.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}
