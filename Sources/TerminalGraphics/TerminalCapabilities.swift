#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything ``Display`` needs to know about the terminal: what it can draw and how big
/// it is. Built once at start by ``detect(mode:input:output:environment:budget:)``, or
/// by hand (tests, forced modes).
///
/// ```swift
/// let env = ProcessInfo.processInfo.environment
/// let mode = try GraphicsMode.resolve(arguments: CommandLine.arguments, environment: env)
/// let caps = TerminalCapabilities.detect(mode: mode, environment: env)
/// let display = Display(backend: mode.backend(for: caps), capabilities: caps)
/// ```
public struct TerminalCapabilities: Sendable, Equatable {
    /// Whether stdout is a terminal.
    public var isTerminal: Bool
    /// Whether the terminal's DA1 reply listed sixel graphics (`4`).
    public var sixel: Bool
    /// Sixel colour registers (XTSMGRAPHICS), nil if not reported.
    public var colorRegisters: Int?
    /// Sixel geometry (XTSMGRAPHICS): no image may be larger; nil if not reported.
    public var maxSixelSize: PixelSize?
    /// Character cell size in pixels (`CSI 16 t`), nil if not reported.
    public var cellSize: PixelSize?
    /// Text area size in pixels (`CSI 14 t`), nil if not reported.
    public var windowPixels: PixelSize?
    /// Text area size in pixels from `TIOCGWINSZ` (`ws_xpixel`/`ws_ypixel`); nil when 0.
    public var ioctlPixels: PixelSize?
    /// Terminal width in character cells (`TIOCGWINSZ`, else `COLUMNS`, else 80).
    public var columns: Int
    /// Terminal height in character cells (`TIOCGWINSZ`, else `LINES`, else 24).
    public var rows: Int
    /// Whether 24-bit colour escapes work: `COLORTERM` is `truecolor` or `24bit`.
    public var truecolor: Bool
    /// Whether text must stay uncoloured: `NO_COLOR` is set and not empty.
    public var noColor: Bool

    public init(isTerminal: Bool = true, sixel: Bool = false, colorRegisters: Int? = nil, maxSixelSize: PixelSize? = nil,
                cellSize: PixelSize? = nil, windowPixels: PixelSize? = nil, ioctlPixels: PixelSize? = nil,
                columns: Int = 80, rows: Int = 24, truecolor: Bool = true, noColor: Bool = false) {
        self.isTerminal = isTerminal
        self.sixel = sixel
        self.colorRegisters = colorRegisters
        self.maxSixelSize = maxSixelSize
        self.cellSize = cellSize
        self.windowPixels = windowPixels
        self.ioctlPixels = ioctlPixels
        self.columns = columns
        self.rows = rows
        self.truecolor = truecolor
        self.noColor = noColor
    }

    /// Capabilities from probe replies and the environment, for a terminal of
    /// `columns`×`rows` cells (pure: no I/O).
    public init(replies: TerminalReplies, isTerminal: Bool, columns: Int, rows: Int,
                ioctlPixels: PixelSize?, environment: [String: String]) {
        self.init(isTerminal: isTerminal, sixel: replies.supportsSixel, colorRegisters: replies.colorRegisters,
                  maxSixelSize: replies.sixelGeometry, cellSize: replies.cellSize, windowPixels: replies.windowSize,
                  ioctlPixels: ioctlPixels, columns: columns, rows: rows,
                  truecolor: Self.truecolor(environment), noColor: Self.noColor(environment))
    }

    /// Whether `COLORTERM` announces 24-bit colour.
    public static func truecolor(_ environment: [String: String]) -> Bool {
        let value = environment["COLORTERM"]?.lowercased() ?? ""
        return value == "truecolor" || value == "24bit"
    }

    /// Whether `NO_COLOR` asks for uncoloured text (set to anything but the empty string,
    /// per no-color.org).
    public static func noColor(_ environment: [String: String]) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Detects the terminal on `input`/`output`: window size by `TIOCGWINSZ`, and, when
    /// `mode` is `auto` or `sixel` and both are terminals, a ``TerminalProbe`` within
    /// `budget`.
    ///
    /// - Returns: capabilities; never fails (unknown values stay nil or take defaults).
    public static func detect(mode: GraphicsMode, input: Int32 = 0, output: Int32 = 1,
                              environment: [String: String],
                              budget: Duration = .milliseconds(200)) -> TerminalCapabilities {
        let isTerminal = isatty(output) == 1
        var columns = Int(environment["COLUMNS"] ?? "") ?? 80
        var rows = Int(environment["LINES"] ?? "") ?? 24
        var pixels: PixelSize?
        if let size = TerminalIO.windowSize(output) {
            if size.columns > 0 { columns = size.columns }
            if size.rows > 0 { rows = size.rows }
            if size.xPixels > 0 && size.yPixels > 0 { pixels = PixelSize(width: size.xPixels, height: size.yPixels) }
        }
        var replies = TerminalReplies()
        if (mode == .auto || mode == .sixel) && isTerminal && environment["TERM"] != "dumb" {
            replies = TerminalProbe(input: input, output: output, budget: budget).run().replies
        }
        return TerminalCapabilities(replies: replies, isTerminal: isTerminal, columns: max(1, columns), rows: max(1, rows),
                                    ioctlPixels: pixels, environment: environment)
    }
}
