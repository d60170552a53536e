import Foundation
import SegScript

/// Runs a whole script non-interactively, as `segsh run` does: parse (reporting every
/// diagnostic), apply `--set` overrides and the seed, run with ``Registry/library``.
///
///     var out: [String] = []
///     let status = ScriptRunner(output: { out.append($0) }).run(source: "print(1 + 1)", name: "-e")
///     // status == 0, out == ["2"]
public struct ScriptRunner {
    /// Receives each line the script prints.
    public var output: (String) -> Void
    /// Receives rendered diagnostics (each possibly several lines).
    public var errorOutput: (String) -> Void
    /// Shows a value for `show`; the default prints non-pixel values and ignores pictures.
    public var display: ((Value) -> Void)?
    /// Render diagnostics with ANSI colours.
    public var color = false
    /// Called with the interpreter before the script runs, after its sinks and seed are
    /// set: `segsh run` sets ``Interpreter/batch`` (`--jobs`, `--shard`) and the progress
    /// bar here.
    public var configure: ((Interpreter) -> Void)?

    /// Exit statuses: success, a script error (parse or runtime), a usage error.
    public enum Status {
        public static let success: Int32 = 0
        public static let scriptError: Int32 = 1
        public static let usageError: Int32 = 2
    }

    /// A runner writing to the given sinks.
    public init(output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void = { _ in },
                display: ((Value) -> Void)? = nil) {
        self.output = output
        self.errorOutput = errorOutput
        self.display = display
    }

    /// The one-line description of a picture value, `[image 512x512 gray uint8]`; nil for
    /// other values.
    public static func pictureLine(_ value: Value) -> String? {
        guard LibraryDisplay.picture(for: value) != nil, case .host(let h) = value else { return nil }
        let summary = h.summary
        return "[" + (summary.hasPrefix(h.typeName) ? summary : "\(h.typeName) \(summary)") + "]"
    }

    /// Parses `NAME=VALUE` settings into overrides; nil and a message for a malformed one.
    public static func overrides(_ settings: [String]) -> (values: [String: Value], error: String?) {
        var values: [String: Value] = [:]
        for s in settings {
            guard let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                return ([:], "--set expects NAME=VALUE, got '\(s)'")
            }
            values[String(s[..<eq])] = Value.parseOverride(String(s[s.index(after: eq)...]))
        }
        return (values, nil)
    }

    /// Write the run's manifest to this path (`segsh run --manifest OUT.json`).
    public var manifestPath: String?
    /// segsh's version, recorded in the manifest.
    public var version = segshVersion

    /// Runs `source` (named `name` in diagnostics) as a notebook (cells in order, see
    /// ``NotebookRunner``), writes the manifest if asked, and returns the exit status.
    public func run(source: String, name: String, settings: [String] = [], seed: UInt64? = nil) -> Int32 {
        var runner = NotebookRunner(output: output, errorOutput: errorOutput)
        runner.display = display
        runner.color = color
        let result = runner.run(source: source, name: name, settings: settings, seed: seed, prepare: configure ?? { _ in })
        if let manifestPath, result.status != Status.usageError {
            do {
                try ReportWriter.writeManifest(result, scriptPath: name, to: manifestPath, version: version)
            } catch {
                errorOutput("error: \(error.message)")
                return Status.scriptError
            }
        }
        return result.status
    }
}
