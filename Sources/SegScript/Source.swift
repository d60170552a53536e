/// A piece of SegScript source text: a file, a notebook cell or one REPL entry.
///
/// Diagnostics keep the source they point into, so they render without the caller
/// having to find the text again.
///
///     let source = SourceFile("t = otsu(img)\n", name: "script.seg")
///     let result = Parser.parse(source)
public struct SourceFile: Sendable, Hashable {
    /// The text, exactly as given.
    public let text: String
    /// The file name or cell title shown in `--> name:line:column`; `nil` for none.
    public let name: String?
    /// The notebook cell this text belongs to, as diagnostics name it after the location
    /// (`cell 3 "Declump"`); `nil` outside notebooks. See ``Notebook``.
    public let cell: String?

    /// Wraps `text`, optionally named (file path, cell title, `<stdin>`) and placed in a
    /// notebook cell.
    ///
    ///     let cell = SourceFile("print(1)", name: "cell 3")
    ///     let inNotebook = SourceFile("\n\nprint(1)", name: "a.seg", cell: "cell 2 \"Load\"")
    public init(_ text: String, name: String? = nil, cell: String? = nil) {
        self.text = text
        self.name = name
        self.cell = cell
    }

    /// The lines of the text, without their line terminators (`\n`, `\r\n`, `\r`).
    ///
    ///     SourceFile("a\nb").lines  // ["a", "b"]
    public var lines: [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }
}

/// A position in source text: 1-based line and column (the column counts grapheme
/// clusters, as a person would), plus the 0-based UTF-8 offset.
///
///     SourceLocation(line: 3, column: 5, offset: 40)
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in grapheme clusters (`é` and `猫` are one column each here;
    /// the renderer measures terminal width separately).
    public var column: Int
    /// 0-based offset in the UTF-8 encoding of the text.
    public var offset: Int

    /// A location; see the properties for the conventions.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }
}

/// A half-open range of source text: `start` is the first character, `end` the position
/// just after the last one. An empty range (`start == end`) marks a point, such as the end
/// of input.
///
///     let r = SourceRange(start: a.start, end: b.end)  // spans a and b
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The first character of the range.
    public var start: SourceLocation
    /// Just after the last character.
    public var end: SourceLocation

    /// A range from `start` up to (not including) `end`.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    ///
    ///     let call = callee.range.union(closeParen.range)
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// `line:column` of the start.
    public var description: String { start.description }

    /// An empty range at the start of a text, for values that come from no source.
    public static let unknown = SourceRange(start: SourceLocation(line: 1, column: 1, offset: 0),
                                            end: SourceLocation(line: 1, column: 1, offset: 0))
}
