import Foundation
import SegScript

/// The record of one notebook run, for reproducing it: which segsh ran which script (by
/// SHA-256) with which parameters and seeds, every file it read and wrote (path, SHA-256,
/// size), and how long each cell took.
///
/// Written as JSON with sorted keys (``JSONValue``). Keys:
/// - `segsh`: `{version}`; `date`: the start of the run, ISO 8601 UTC;
/// - `script`: `{path, sha256, size}`; `settings`: the `--set` arguments as given;
/// - `params`: each declared parameter's final value (host values as their description);
/// - `seeds`: `{default, used}`: the default seed at the start, and every seed builtins
///   that make random choices used, ascending;
/// - `inputs`, `outputs`: `[{path, sha256, size}]` sorted by the bytes of their paths (so
///   workers of a `parallel for`, finishing in any order, give the same list; paths as the
///   script wrote them; outputs end with the report files), or `{path, error}` for a file
///   that could no longer be read;
/// - `cells`: `[{number, title, line, status, seconds}]`, status `ok`, `failed` or `not run`;
/// - `status`: `ok`, `failed` or `usage error`.
///
/// Two runs of the same script on the same inputs give equal manifests except `date` and
/// the cells' `seconds`.
///
///     let json = Manifest(run: run, scriptPath: "a.seg", version: "0.1.0").json.rendered()
public struct Manifest: Sendable {
    /// The document.
    public var json: JSONValue

    /// The manifest of `run`; files are hashed now.
    ///
    /// - Parameters:
    ///   - run: the finished run.
    ///   - scriptPath: the script's path (hashed from disk when it exists, else the source
    ///     text is hashed, as for `-e`).
    ///   - version: segsh's version.
    ///   - extraOutputs: files written besides the script's own (report, pictures).
    public init(run: NotebookRun, scriptPath: String, version: String, extraOutputs: [String] = []) {
        var script: [String: JSONValue] = ["path": .string(scriptPath)]
        if FileManager.default.fileExists(atPath: scriptPath), let hashed = try? SHA256.hex(fileAt: scriptPath) {
            script["sha256"] = .string(hashed.digest)
            script["size"] = .number(Double(hashed.size))
        } else {
            let bytes = Array(run.notebook.file.text.utf8)
            script["sha256"] = .string(SHA256.hex(bytes))
            script["size"] = .number(Double(bytes.count))
        }
        var params: [String: JSONValue] = [:]
        for (name, value) in run.parameters { params[name] = JSONValue(value) }
        let outputs = Self.sortedPaths(run.ledger.writes.map(\.path)) + extraOutputs.filter { p in
            !run.ledger.writes.contains { $0.resolved == RunLedger.resolve(p) }
        }
        let cells: [JSONValue] = run.cells.map { c in
            let status: String = switch c.status {
            case .succeeded: "ok"
            case .failed: "failed"
            case .notRun: "not run"
            }
            return .object(["number": .number(Double(c.cell.number)), "title": c.cell.title.map(JSONValue.string) ?? .null,
                            "line": .number(Double(c.cell.markerLine ?? c.cell.lines.lowerBound)), "status": .string(status),
                            "seconds": .number((c.seconds * 1e6).rounded() / 1e6)])
        }
        let status = run.status == 0 ? "ok" : run.status == ScriptRunner.Status.usageError ? "usage error" : "failed"
        json = .object([
            "segsh": .object(["version": .string(version)]),
            "date": .string(Self.date(run.started)),
            "script": .object(script),
            "settings": .array(run.settings.map(JSONValue.string)),
            "params": .object(params),
            "seeds": .object(["default": .number(Double(run.seed)),
                              "used": .array(run.ledger.seeds.map { .number(Double($0)) })]),
            "inputs": .array(Self.sortedPaths(run.ledger.reads.map(\.path)).map(Self.file)),
            "outputs": .array(outputs.map(Self.file)),
            "cells": .array(cells),
            "status": .string(status),
        ])
    }

    /// Paths in the order of their UTF-8 bytes (as `glob` sorts), the same on every machine.
    static func sortedPaths(_ paths: [String]) -> [String] {
        paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func file(_ path: String) -> JSONValue {
        do {
            let (digest, size) = try SHA256.hex(fileAt: path)
            return .object(["path": .string(path), "sha256": .string(digest), "size": .number(Double(size))])
        } catch {
            return .object(["path": .string(path), "error": .string(error.reason)])
        }
    }

    static func date(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    /// Adds a file written after the manifest was made (the report itself), hashed now.
    ///
    ///     manifest.appendOutput("report.html")
    public mutating func appendOutput(_ path: String) {
        guard case .object(var fields) = json, case .array(var outputs)? = fields["outputs"] else { return }
        outputs.append(Self.file(path))
        fields["outputs"] = .array(outputs)
        json = .object(fields)
    }

    /// The manifest's text (sorted keys, two-space indentation, final newline).
    public var text: String { json.rendered() }
}
