import ArgumentParser
import Foundation
import SegScript
import SegScriptLibrary

/// `segsh report FILE.seg -o OUT.html|OUT.md [--set NAME=VALUE]... [--seed N] [--jobs N]
/// [--shard I/N]`: runs a notebook and writes its report (see ``ReportWriter``) and manifest.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Runs a notebook and writes an HTML or Markdown report with its manifest.",
        discussion: """
            The report shows the notebook's Markdown (## lines), each cell's source, printed \
            output, tables and pictures (every `show`, and the value of a bare expression), \
            its run time, and the diagnostic of a failing cell (later cells are not run). \
            HTML is one self-contained file; Markdown links its pictures in OUT_files/. The \
            manifest (segsh version, script and input/output SHA-256s, params, seeds, timings) \
            is embedded and written beside the report as OUT.manifest.json. Exit status: 0 when \
            every cell ran, 1 when one failed (the report is still written), 2 for a usage error.
            """
    )

    @ArgumentParser.Argument(help: ArgumentHelp("The notebook to run (a .seg file).", valueName: "FILE.seg"))
    var file: String

    @Option(name: .short, help: ArgumentHelp("The report to write: .html or .md.", valueName: "OUT.html|OUT.md"))
    var output: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a `param` declaration.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    @Option(help: "The default seed of random choices.")
    var seed: UInt64?

    @OptionGroup var batch: BatchArguments

    mutating func run() throws {
        let status = Self.execute(file: file, report: output, settings: settings, seed: seed,
                                  output: { print($0) }, errorOutput: { RunCommand.printError($0) },
                                  color: isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil,
                                  batch: try batch.options(), progress: TerminalProgress.forStandardError())
        if status != 0 { throw ExitCode(status) }
    }

    /// The command's work, with its sinks given (for tests): runs the notebook, writes the
    /// report and manifest, prints where they went, and returns the exit status.
    static func execute(file: String, report: String, settings: [String], seed: UInt64?,
                        output: (String) -> Void, errorOutput: @escaping (String) -> Void, color: Bool = false,
                        batch: BatchOptions = BatchOptions(), progress: TerminalProgress? = nil) -> Int32 {
        guard ReportWriter.Format(path: report) != nil else {
            errorOutput("error: the report must end in .html or .md, got '\(report)'\nusage: segsh report FILE.seg -o OUT.html|OUT.md [--set NAME=VALUE]... [--seed N] [--jobs N] [--shard I/N]")
            return ScriptRunner.Status.usageError
        }
        let source: String
        do {
            source = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            errorOutput("error: cannot read '\(file)': \((error as NSError).localizedDescription)")
            return ScriptRunner.Status.usageError
        }
        var runner = NotebookRunner(output: { _ in }, errorOutput: errorOutput)
        runner.recordsOutputs = true
        runner.echo = true
        runner.display = { _ in }
        runner.color = color
        let run = runner.run(source: source, name: file, settings: settings, seed: seed) { interpreter in
            interpreter.batch = batch
            progress?.attach(to: interpreter)
        }
        if run.status == ScriptRunner.Status.usageError { return run.status }
        let files: ReportWriter.Files
        do {
            files = try ReportWriter.writeReport(run, scriptPath: file, to: report, version: SegshVersion.current)
        } catch {
            errorOutput("error: \(error.message)")
            return ScriptRunner.Status.scriptError
        }
        let pictures = files.pictures.isEmpty ? "" : " and \(files.pictures.count) picture\(files.pictures.count == 1 ? "" : "s") in \(ReportWriter.pictureFolder(forReport: report))"
        var failed = run.failedCell.map { ", \($0.cell.label) failed" } ?? ""
        if run.status != 0 && failed.isEmpty { failed = "; no cell ran: the --set values were refused" }
        output("wrote \(files.report)\(pictures) and \(files.manifest)\(failed)")
        return run.status
    }
}
