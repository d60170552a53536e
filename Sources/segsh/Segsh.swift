import ArgumentParser
internal import CEditLine
import PixelEngine
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
        subcommands: [RunCommand.self]
    )

    mutating func run() throws {
        print(SegshVersion.report)
    }
}

/// segsh's version and the native libraries it was built with.
enum SegshVersion {
    static let current = "0.1.0"

    static var report: String {
        """
        segsh \(current)
          libpng   \(PNG.libraryVersion)
          libedit  \(segsh_libedit_major()).\(segsh_libedit_minor()) (API version)
          libsixel \(SixelLibrary.version)
        """
    }
}
