import ArgumentParser
import Foundation
import SegScript
import SegScriptLibrary

/// `segsh run FILE.seg [--set NAME=VALUE]... [--seed N] [--jobs N] [--shard I/N]` and
/// `segsh run -e 'CODE'`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs a SegScript file or expression.",
        discussion: """
            Exit status: 0 on success, 1 for an error in the script (every diagnostic is printed \
            to standard error), 2 for a usage error.
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

    @OptionGroup var batch: BatchArguments

    mutating func run() throws {
        let status = Self.execute(file: file, expression: expression, settings: settings, seed: seed,
                                  output: { print($0) }, errorOutput: { Self.printError($0) },
                                  isTerminal: isatty(STDOUT_FILENO) != 0,
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
                        isTerminal: Bool, batch: BatchOptions = BatchOptions(), progress: TerminalProgress? = nil) -> Int32 {
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
            errorOutput("error: give either a FILE or -e CODE\nusage: segsh run FILE.seg [--set NAME=VALUE]... [--seed N] [--jobs N] [--shard I/N]\n       segsh run -e 'CODE'")
            return ScriptRunner.Status.usageError
        }
        var runner = ScriptRunner(output: output, errorOutput: errorOutput)
        runner.display = { value in
            if let line = ScriptRunner.pictureLine(value) {
                if isTerminal { output(line) }
            } else {
                output(value.debugDescription)
            }
        }
        runner.color = isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        runner.configure = { interpreter in
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
