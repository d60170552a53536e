import ArgumentParser
internal import CEditLine
import PixelEngine
import SegScript
import SegScriptLibrary
import TerminalGraphics

/// The `segsh` command line.
@main
struct Segsh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segsh",
        abstract: "A REPL and notebook runner for image segmentation.",
        discussion: """
            segsh loads images, segments them semantically (a class per pixel) or by \
            instance (an id per object), measures and evaluates the result, and shows \
            images inline in the terminal.
            """,
        version: SegshVersion.report,
        subcommands: [RunCommand.self, ReportCommand.self, BuiltinsCommand.self]
    )

    @Option(help: "How to show pictures: sixel, blocks, none (PNG files) or auto (default; also SEGSH_GRAPHICS).")
    var graphics: String?

    /// With no subcommand: the interactive REPL (or, with stdin redirected, a script read
    /// line by line).
    mutating func run() throws {
        do {
            try REPL.start(graphics: graphics, registry: .library, displayItem: LibraryDisplayItem.item,
                           displayCaption: LibraryDisplayItem.topCaption)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

/// segsh's version and the native libraries it was built with.
enum SegshVersion {
    static let current = segshVersion

    static var report: String {
        """
        segsh \(current)
          libpng   \(PNG.libraryVersion)
          libedit  \(segsh_libedit_major()).\(segsh_libedit_minor()) (API version)
          libsixel \(SixelLibrary.version)
        """
    }
}
