import ArgumentParser
import Foundation
import SegScript
import SegScriptLibrary

/// `segsh builtins [--markdown] [--update-readme FILE]`: the builtins by topic.
struct BuiltinsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "builtins",
        abstract: "Lists the builtins by topic (as help() does), or as Markdown for README.md."
    )

    @Flag(help: "Print the list as Markdown tables (the README's format).")
    var markdown = false

    @Option(help: ArgumentHelp("Rewrite the list between the builtins markers of this README.", valueName: "FILE"))
    var updateReadme: String?

    mutating func run() throws {
        if let path = updateReadme {
            let readme: String
            do {
                readme = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read '\(path)': \((error as NSError).localizedDescription)")
            }
            guard let updated = BuiltinList.replacingSection(in: readme, with: BuiltinList.markdown(.library)) else {
                throw ValidationError("'\(path)' has no builtins markers; add the two lines\n\(BuiltinList.beginMarker)\n\(BuiltinList.endMarker)")
            }
            if updated != readme {
                try Data(updated.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            }
            return
        }
        if markdown {
            print(BuiltinList.markdown(.library), terminator: "")
        } else {
            for topic in Registry.library.topics {
                print("\(topic):")
                for b in Registry.library.all where b.topic == topic { print("  \(b.signature)  \(b.summary)") }
            }
        }
    }
}
