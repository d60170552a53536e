/// A problem found in a script — by the lexer, the parser or at run time — as a value.
///
/// Render it with ``rendered(color:)``:
///
///     error: unknown function 'otsuu'
///      --> script.seg:3:5
///      3 | t = otsuu(img)
///        |     ^~~~~ did you mean 'otsu'?
///
/// Example:
///
///     if case .failed(let diagnostics) = Parser.parse(source) {
///         for d in diagnostics { print(d.rendered()) }
///     }
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible, Error {
    /// How serious the problem is.
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    /// A secondary message, optionally pointing at another place (a call site, the bracket
    /// that was never closed).
    ///
    ///     Diagnostic.Note("'(' opened here", range: open.range)
    public struct Note: Sendable, Hashable {
        /// The text of the note.
        public var message: String
        /// Where it points, if anywhere.
        public var range: SourceRange?
        /// The source `range` is in, when it differs from the diagnostic's.
        public var source: SourceFile?

        /// A note, optionally pointing into the source.
        public init(_ message: String, range: SourceRange? = nil, source: SourceFile? = nil) {
            self.message = message
            self.range = range
            self.source = source
        }
    }

    /// How serious it is.
    public var severity: Severity
    /// One line, lower case, naming the problem and the values involved.
    public var message: String
    /// The text the problem is about; carets go under it.
    public var range: SourceRange
    /// The source `range` points into (`nil` renders the message without a snippet).
    public var source: SourceFile?
    /// A short text printed after the carets.
    public var label: String?
    /// A name to use instead of the text at `range` ("did you mean 'otsu'?").
    public var suggestion: String?
    /// Further notes, printed after the snippet.
    public var notes: [Note]

    /// A diagnostic; only `message` and `range` are required.
    ///
    ///     Diagnostic(.error, "unknown function 'otsuu'", at: range, source: source,
    ///                suggestion: "otsu")
    public init(_ severity: Severity = .error, _ message: String, at range: SourceRange,
                source: SourceFile? = nil, label: String? = nil, suggestion: String? = nil,
                notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.source = source
        self.label = label
        self.suggestion = suggestion
        self.notes = notes
    }

    /// The text after the carets: the label, then the suggestion.
    public var caretText: String? {
        let hint = suggestion.map { "did you mean '\($0)'?" }
        switch (label, hint) {
        case let (l?, h?): return "\(l); \(h)"
        case let (l?, nil): return l
        case let (nil, h?): return h
        case (nil, nil): return nil
        }
    }

    /// The message followed by the suggestion, if any: "unknown function 'otsuu', did
    /// you mean 'otsu'?" (for one-line forms, where there are no carets).
    public var fullMessage: String {
        suggestion.map { "\(message), did you mean '\($0)'?" } ?? message
    }

    /// `LINE:COL: severity: message` — compact, for logs and test expectations.
    public var description: String { "\(range.start): \(severity.rawValue): \(fullMessage)" }

    /// The compiler-style rendering (see ``DiagnosticRenderer``).
    ///
    ///     FileHandle.standardError.write(Data(d.rendered(color: isTTY).utf8))
    public func rendered(color: Bool = false) -> String {
        DiagnosticRenderer(color: color).render(self)
    }
}

/// The error a script run throws: one or more diagnostics (parse errors, or the runtime
/// error with its call-site notes).
///
///     do { try interpreter.run(source: code) }
///     catch { print(error.rendered()) }
public struct ScriptFailure: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in source order.
    public var diagnostics: [Diagnostic]

    /// Wraps diagnostics; precondition: at least one.
    public init(_ diagnostics: [Diagnostic]) {
        precondition(!diagnostics.isEmpty, "ScriptFailure needs at least one diagnostic")
        self.diagnostics = diagnostics
    }

    /// All diagnostics rendered, separated by blank lines.
    ///
    ///     print(failure.rendered(color: false))
    public func rendered(color: Bool = false) -> String {
        let renderer = DiagnosticRenderer(color: color)
        return diagnostics.map { renderer.render($0) }.joined(separator: "\n")
    }

    /// One `LINE:COL: error: message` line per diagnostic.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
