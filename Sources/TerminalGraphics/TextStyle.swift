import PixelEngine

/// Colours for text (captions, legends, messages), honouring `NO_COLOR`.
///
/// With ``enabled`` false every helper returns its text unchanged, as no-color.org asks.
/// Pictures are content, not styling: they keep their colours either way.
///
/// ```swift
/// let style = TextStyle(capabilities: caps)
/// print(style.colored("cell", RGB8(230, 159, 0)))
/// ```
public struct TextStyle: Sendable, Equatable {
    /// Whether escapes are written at all.
    public var enabled: Bool
    /// 24-bit colours when true, the 256-colour palette otherwise.
    public var truecolor: Bool

    public init(enabled: Bool, truecolor: Bool) {
        self.enabled = enabled
        self.truecolor = truecolor
    }

    /// Colour on unless `NO_COLOR` is set; no colour when stdout is not a terminal.
    public init(capabilities: TerminalCapabilities) {
        self.init(enabled: capabilities.isTerminal && !capabilities.noColor, truecolor: capabilities.truecolor)
    }

    /// `text` in `color`.
    public func colored(_ text: String, _ color: RGB8) -> String {
        guard enabled else { return text }
        return "\u{1B}[38;\(code(color))m\(text)\u{1B}[39m"
    }

    /// `text` on a `color` background (a swatch: `swatch("  ", c)`).
    public func swatch(_ text: String, _ color: RGB8) -> String {
        guard enabled else { return text }
        return "\u{1B}[48;\(code(color))m\(text)\u{1B}[49m"
    }

    /// `text` in bold.
    public func bold(_ text: String) -> String {
        enabled ? "\u{1B}[1m\(text)\u{1B}[22m" : text
    }

    /// `text` dimmed (for secondary information such as file paths).
    public func dim(_ text: String) -> String {
        enabled ? "\u{1B}[2m\(text)\u{1B}[22m" : text
    }

    private func code(_ c: RGB8) -> String {
        truecolor ? "2;\(c.r);\(c.g);\(c.b)" : "5;\(BlockRenderer.ansi256Index(c))"
    }
}
