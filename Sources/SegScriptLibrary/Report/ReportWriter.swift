import Foundation
import SegScript
import Segmentation

/// Writes a notebook run's report and manifests, as `segsh report` and
/// `segsh run --manifest` do. Every file is written atomically (``AtomicFile``), and no
/// file the run read (nor the script) is ever overwritten.
///
///     let files = try ReportWriter.writeReport(run, scriptPath: "a.seg", to: "a.html", version: "0.1.0")
///     // files.report == "a.html", files.manifest == "a.manifest.json"
public enum ReportWriter {
    /// A report's format, from its file extension.
    public enum Format: String, Sendable {
        /// One self-contained HTML page (``HTMLReport``).
        case html
        /// Markdown with pictures in a folder beside it (``MarkdownReport``).
        case markdown

        /// `.html`/`.htm` or `.md`/`.markdown`; nil for anything else.
        ///
        ///     ReportWriter.Format(path: "out/r.md")  // .markdown
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "html", "htm": self = .html
            case "md", "markdown": self = .markdown
            default: return nil
            }
        }
    }

    /// What was written.
    public struct Files: Sendable, Equatable {
        /// The report.
        public var report: String
        /// The manifest beside it (`OUT.manifest.json`).
        public var manifest: String
        /// The picture files of a Markdown report (in `OUT_files/`), in order.
        public var pictures: [String]
    }

    /// Why a report or manifest could not be written (the message names the file and the fix).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The message.
        public var message: String
        public var description: String { message }
    }

    /// The manifest path beside a report: `out/r.html` → `out/r.manifest.json`.
    public static func manifestPath(forReport path: String) -> String {
        (path as NSString).deletingPathExtension + ".manifest.json"
    }

    /// The folder of a Markdown report's pictures: `out/r.md` → `out/r_files`.
    public static func pictureFolder(forReport path: String) -> String {
        (path as NSString).deletingPathExtension + "_files"
    }

    /// Writes the report of `run` to `path` (HTML or Markdown by extension), with the
    /// manifest embedded, the Markdown report's pictures in `OUT_files/`, and the manifest
    /// (also listing the report) beside it as `OUT.manifest.json`.
    ///
    /// - Throws: ``Failure`` for an unknown extension, a path the run read, or a failed write.
    public static func writeReport(_ run: NotebookRun, scriptPath: String, to path: String,
                                   version: String) throws(Failure) -> Files {
        guard let format = Format(path: path) else {
            throw Failure(message: "the report must end in .html or .md, got '\(path)'")
        }
        let manifestPath = manifestPath(forReport: path)
        try refuseInputs([path, manifestPath], run: run, scriptPath: scriptPath)
        let title = (scriptPath as NSString).lastPathComponent
        var picturePaths: [String] = []
        let text: String
        switch format {
        case .html:
            let manifest = Manifest(run: run, scriptPath: scriptPath, version: version)
            text = HTMLReport.render(run, manifest: manifest.text, title: title, version: version)
        case .markdown:
            let folder = pictureFolder(forReport: path)
            let relative = (folder as NSString).lastPathComponent
            let directory = (path as NSString).deletingLastPathComponent
            // Rendered once for the picture list, then again with the manifest that lists them.
            let pictures = MarkdownReport.render(run, manifest: "", title: title, version: version, pictureFolder: relative).pictures
            if !pictures.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw Failure(message: "cannot create the folder '\(folder)' for the report's pictures: \((error as NSError).localizedDescription)")
                }
            }
            picturePaths = pictures.map { directory.isEmpty ? $0.path : directory + "/" + $0.path }
            try refuseInputs(picturePaths, run: run, scriptPath: scriptPath)
            for (file, picture) in zip(picturePaths, pictures) { try write(picture.png, to: file) }
            removeStalePictures(in: folder, keeping: Set(picturePaths.map { ($0 as NSString).lastPathComponent }))
            let manifest = Manifest(run: run, scriptPath: scriptPath, version: version, extraOutputs: picturePaths)
            text = MarkdownReport.render(run, manifest: manifest.text, title: title, version: version, pictureFolder: relative).text
        }
        try write(Data(text.utf8), to: path)
        var manifest = Manifest(run: run, scriptPath: scriptPath, version: version, extraOutputs: picturePaths)
        manifest.appendOutput(path)
        try write(Data(manifest.text.utf8), to: manifestPath)
        return Files(report: path, manifest: manifestPath, pictures: picturePaths)
    }

    /// Writes the manifest of `run` to `path` (`segsh run --manifest`).
    /// - Throws: ``Failure`` for a path the run read or a failed write.
    public static func writeManifest(_ run: NotebookRun, scriptPath: String, to path: String, version: String) throws(Failure) {
        try refuseInputs([path], run: run, scriptPath: scriptPath)
        try write(Data(Manifest(run: run, scriptPath: scriptPath, version: version).text.utf8), to: path)
    }

    static func refuseInputs(_ paths: [String], run: NotebookRun, scriptPath: String) throws(Failure) {
        let script = RunLedger.resolve(scriptPath)
        for path in paths {
            if RunLedger.resolve(path) == script {
                throw Failure(message: "refusing to overwrite the script '\(scriptPath)' with '\(path)'; choose another output path")
            }
            if let input = run.ledger.readSpelling(of: path) {
                throw Failure(message: "refusing to overwrite '\(path)': the run read it (as '\(input)'); choose another output path")
            }
        }
    }

    static func write(_ data: Data, to path: String) throws(Failure) {
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw Failure(message: "cannot write '\(path)': \(error.reason)")
        }
    }

    /// Removes `cell-*.png` files an earlier report left in its own picture folder.
    static func removeStalePictures(in folder: String, keeping: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix("cell-") && name.hasSuffix(".png") && !keeping.contains(name) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}
