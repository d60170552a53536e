import ArgumentParser
import Foundation
import SegScript
import SegScriptLibrary

/// `segsh run FILE.seg [--set NAME=VALUE]... [--seed N] [--graphics MODE] [--manifest OUT.json]
/// [--jobs N] [--shard I/N]` and `segsh run -e 'CODE'`. A file runs as a notebook: its `%%`
/// cells in order.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs a SegScript file or expression.",
        discussion: """
            The cells of a notebook (`%%` lines) run in order until one fails. `show` draws \
            pictures inline when standard output is a terminal (or --graphics MODE names a \
            backend: sixel, blocks, none for PNG files, auto), and writes nothing for them \
            otherwise (`segsh report` keeps them). Exit status: 0 on \
            success, 1 for an error in the script (every diagnostic is printed to standard error \
            with file, line, column and cell), 2 for a usage error.
            """
    )

    @ArgumentParser.Argument(help: ArgumentHelp("The script to run (a .seg file).", valueName: "FILE.seg"))
    var file: String?

    @Option(name: .short, help: ArgumentHelp("Run this code instead of a file.", valueName: "CODE"))
    var expression: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a `param` declaration.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    @Option(help: "The default seed of random choices.")
    var seed: UInt64?

    // `--graphics` is the root command's option (ArgumentParser gives a repeated option name
    // to the root), read here so that `segsh run --graphics MODE FILE` works.
    @ParentCommand var segsh: Segsh

    @Option(help: ArgumentHelp("Write the run's manifest: inputs, outputs, params, seeds, SHA-256s, timings.",
                               valueName: "OUT.json"))
    var manifest: String?

    @OptionGroup var batch: BatchArguments

    mutating func run() throws {
        let status = Self.execute(file: file, expression: expression, settings: settings, seed: seed,
                                  output: { print($0) }, errorOutput: { Self.printError($0) },
                                  isTerminal: isatty(STDOUT_FILENO) != 0, graphics: segsh.graphics, manifest: manifest,
                                  batch: try batch.options(), progress: TerminalProgress.forStandardError())
        if status != 0 { throw ExitCode(status) }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// The command's work, with its sinks given (for tests): reads the file or takes the
    /// expression, runs it, and returns the exit status.
    static func execute(file: String?, expression: String?, settings: [String], seed: UInt64?,
                        output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void,
                        isTerminal: Bool, graphics: String? = nil, manifest: String? = nil,
                        batch: BatchOptions = BatchOptions(), progress: TerminalProgress? = nil) -> Int32 {
        let source: String, name: String
        switch (file, expression) {
        case (nil, let code?):
            (source, name) = (code, "-e")
        case (let path?, nil):
            do {
                source = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                errorOutput("error: cannot read '\(path)': \((error as NSError).localizedDescription)")
                return ScriptRunner.Status.usageError
            }
            name = path
        default:
            errorOutput("error: give either a FILE or -e CODE\nusage: segsh run FILE.seg [--set NAME=VALUE]... [--seed N] [--graphics MODE] [--manifest OUT.json] [--jobs N] [--shard I/N]\n       segsh run -e 'CODE'")
            return ScriptRunner.Status.usageError
        }
        var runner = ScriptRunner(output: output, errorOutput: errorOutput)
        do {
            runner.display = try RunDisplay(graphics: graphics, isTerminal: isTerminal, output: output, errorOutput: errorOutput).show
        } catch {
            errorOutput("error: \(error.message)")
            return ScriptRunner.Status.usageError
        }
        runner.manifestPath = manifest
        runner.version = SegshVersion.current
        runner.color = isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        runner.configure = { interpreter in
            if isTerminal { interpreter.textWidth = Terminal.columns() }
            interpreter.batch = batch
            progress?.attach(to: interpreter)
        }
        return runner.run(source: source, name: name, settings: settings, seed: seed)
    }
}

extension Segsh {
    /// Parses the command line and runs the command; a usage error (unknown option, bad
    /// value) prints ArgumentParser's message and exits with status 2, as `segsh run`'s own
    /// usage errors do (ArgumentParser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                RunCommand.printError(fullMessage(for: error))
                Foundation.exit(ScriptRunner.Status.usageError)
            }
            exit(withError: error)
        }
    }
}
