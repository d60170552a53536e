/// How the user wants images shown: `--graphics MODE` or `SEGSH_GRAPHICS=MODE`.
///
/// - `sixel`: sixel graphics, even when detection found none (or stdout is a file);
/// - `blocks`: coloured half-block characters (`▀`), 24-bit or 256 colours;
/// - `none`: no pictures in the terminal: each is saved as a PNG and its path printed;
/// - `auto` (default): sixel when the terminal's DA1 reply lists `4`, else blocks; PNG
///   files when stdout is not a terminal.
///
/// ```swift
/// let mode = try GraphicsMode.resolve(arguments: CommandLine.arguments,
///                                     environment: ProcessInfo.processInfo.environment)
/// ```
public enum GraphicsMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case sixel, blocks, none, auto

    /// The environment variable that sets the mode when `--graphics` is absent.
    public static let environmentVariable = "SEGSH_GRAPHICS"

    /// Parses a mode name, ignoring case and surrounding spaces; nil if unknown.
    public init?(parsing text: String) {
        let word = text.lowercased().filter { !$0.isWhitespace }
        guard let mode = GraphicsMode(rawValue: word) else { return nil }
        self = mode
    }

    public var description: String { rawValue }

    /// The mode requested by `--graphics MODE` / `--graphics=MODE` in `arguments` (the
    /// last one wins), else by `SEGSH_GRAPHICS`, else `auto`.
    ///
    /// - Throws: ``GraphicsError`` naming the bad value and the valid ones, for an unknown
    ///   mode or a `--graphics` without a value.
    public static func resolve(arguments: [String], environment: [String: String]) throws(GraphicsError) -> GraphicsMode {
        var fromFlag: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let arg = arguments[index]
            if arg == "--graphics" {
                guard index + 1 < arguments.endIndex else {
                    throw GraphicsError("--graphics needs a value: \(validNames)")
                }
                fromFlag = arguments[index + 1]
                index += 2
                continue
            }
            if arg.hasPrefix("--graphics=") { fromFlag = String(arg.dropFirst("--graphics=".count)) }
            index += 1
        }
        if let fromFlag {
            guard let mode = GraphicsMode(parsing: fromFlag) else {
                throw GraphicsError("--graphics: unknown mode '\(fromFlag)'; use \(validNames)")
            }
            return mode
        }
        if let value = environment[environmentVariable], !value.isEmpty {
            guard let mode = GraphicsMode(parsing: value) else {
                throw GraphicsError("\(environmentVariable): unknown mode '\(value)'; use \(validNames)")
            }
            return mode
        }
        return .auto
    }

    private static var validNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The way pictures will actually be drawn in a terminal with `capabilities`.
    ///
    /// Explicit `sixel` and `blocks` are obeyed even when stdout is not a terminal (to
    /// capture the bytes); `auto` writes PNG files then.
    public func backend(for capabilities: TerminalCapabilities) -> DisplayBackend {
        let blocks: DisplayBackend = capabilities.truecolor ? .truecolorBlocks : .ansi256Blocks
        switch self {
        case .none: return .pngFile
        case .sixel: return .sixel
        case .blocks: return blocks
        case .auto:
            guard capabilities.isTerminal else { return .pngFile }
            return capabilities.sixel ? .sixel : blocks
        }
    }
}

/// The way a ``Display`` draws pictures, chosen by ``GraphicsMode/backend(for:)``.
public enum DisplayBackend: String, Sendable, Hashable, CaseIterable {
    /// DEC sixel graphics via libsixel.
    case sixel
    /// Half blocks (`▀`) with 24-bit foreground and background colours.
    case truecolorBlocks
    /// Half blocks with the xterm 256-colour palette.
    case ansi256Blocks
    /// A PNG file in a temporary folder; its path is printed.
    case pngFile
}

/// A display failure a user can cause or meet: a bad `--graphics` value, an unwritable
/// temporary folder, an image the encoder refuses.
public struct GraphicsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong and how to fix it.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
