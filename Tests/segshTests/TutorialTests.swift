import Foundation
import SegScriptLibrary
import Testing
@testable import segsh

/// Every notebook in `Tutorials/` runs as `segsh run` runs it, without an error, and prints
/// exactly its committed output (`Tutorials/expected/NAME.out`), so a tutorial cannot go
/// stale and a change in a printed number is seen. `Scripts/update-tutorial-outputs`
/// re-records the expected output (it runs this suite with `SEGSH_RECORD_TUTORIALS=1`).
@Suite struct TutorialTests {
    /// The package's root folder (this file is `Tests/segshTests/TutorialTests.swift`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tutorials")
    static let expectedFolder = folder.appendingPathComponent("expected")
    static let recording = ProcessInfo.processInfo.environment["SEGSH_RECORD_TUTORIALS"] == "1"

    /// The tutorial file names, `01-….seg` first.
    static let tutorials: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".seg") }.sorted()

    static func expectedURL(_ tutorial: String) -> URL {
        expectedFolder.appendingPathComponent(String(tutorial.dropLast(4)) + ".out")
    }

    @Test func theTutorialsExist() {
        #expect(Self.tutorials.count >= 5, "found \(Self.tutorials) in \(Self.folder.path)")
        for t in Self.tutorials {
            #expect(t.range(of: #"^[0-9]{2}-[a-z0-9-]+\.seg$"#, options: .regularExpression) != nil,
                    "\(t): tutorials are named NN-words-with-dashes.seg")
        }
    }

    @Test(arguments: tutorials)
    func runsAndPrintsItsExpectedOutput(_ tutorial: String) throws {
        var out: [String] = [], err = ""
        let status = RunCommand.execute(file: Self.folder.appendingPathComponent(tutorial).path, expression: nil,
                                        settings: [], seed: nil,
                                        output: { out.append($0) }, errorOutput: { err += $0 + "\n" },
                                        isTerminal: false)
        #expect(status == 0, "\(tutorial) failed:\n\(err)")
        guard status == 0 else { return }
        let printed = out.joined(separator: "\n") + "\n"
        let url = Self.expectedURL(tutorial)
        if Self.recording {
            try FileManager.default.createDirectory(at: Self.expectedFolder, withIntermediateDirectories: true)
            try Data(printed.utf8).write(to: url, options: .atomic)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("\(tutorial) has no expected output \(url.path); run Scripts/update-tutorial-outputs")
            return
        }
        if printed != expected {
            let message = "\(tutorial) printed something else than \(url.lastPathComponent):\n"
                + Self.firstDifference(expected: expected, actual: printed)
                + "\nIf the change is intended, run Scripts/update-tutorial-outputs and commit the new output."
            Issue.record(Comment(rawValue: message))
        }
    }

    /// `segsh report` builds each tutorial's HTML page and manifest (the pictures are
    /// checked by the report's own tests). A tutorial with a `param out` writes its files
    /// under a fresh temporary prefix, so this test and the one above never share files.
    @Test(arguments: tutorials)
    func reportBuilds(_ tutorial: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-tutorial-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.folder.appendingPathComponent(tutorial).path
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let settings = source.contains("\nparam out = ") ? ["out=\(folder.path)/out"] : []
        let report = folder.appendingPathComponent("report.html").path
        var out: [String] = [], err = ""
        let status = ReportCommand.execute(file: path, report: report, settings: settings, seed: nil,
                                           output: { out.append($0) }, errorOutput: { err += $0 + "\n" })
        #expect(status == 0, "segsh report \(tutorial) failed:\n\(err)")
        let html = try Data(contentsOf: URL(fileURLWithPath: report))
        #expect(html.count > 50_000, "\(tutorial): the report has only \(html.count) bytes")
        #expect(String(decoding: html, as: UTF8.self).hasSuffix("</html>\n"), "\(tutorial): the report is cut short")
        let manifest = folder.appendingPathComponent("report.manifest.json").path
        #expect(FileManager.default.fileExists(atPath: manifest), "\(tutorial): no manifest beside the report")
        #expect(out.first?.hasPrefix("wrote \(report)") == true, "\(out)")
    }

    @Test func everyExpectedOutputHasItsTutorial() throws {
        let outputs = ((try? FileManager.default.contentsOfDirectory(atPath: Self.expectedFolder.path)) ?? [])
            .filter { $0.hasSuffix(".out") }
        for o in outputs {
            #expect(Self.tutorials.contains(String(o.dropLast(4)) + ".seg"),
                    "Tutorials/expected/\(o) belongs to no tutorial; delete it")
        }
    }

    /// The first line where the two texts differ, with its number.
    static func firstDifference(expected: String, actual: String,
                                labels: (String, String) = ("expected", "printed")) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : "<end of output>", y = i < a.count ? a[i] : "<end of output>"
            if x != y { return "line \(i + 1):\n  \(labels.0): \(x)\n  \(labels.1): \(y)" }
        }
        return "(the texts differ only in line endings)"
    }
}

/// README.md's generated parts stay true to the code.
@Suite struct ReadmeTests {
    static let readme = TutorialTests.root.appendingPathComponent("README.md")

    @Test func builtinListEqualsTheRegistry() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let section = try #require(BuiltinList.section(in: text),
                                   "README.md lacks the markers \(BuiltinList.beginMarker) … \(BuiltinList.endMarker)")
        if section != BuiltinList.markdown(.library) {
            let message = "README.md's list of builtins differs from the registry: run Scripts/update-readme-builtins\n"
                + TutorialTests.firstDifference(expected: BuiltinList.markdown(.library), actual: section,
                                              labels: ("registry", "README  "))
            Issue.record(Comment(rawValue: message))
        }
    }

    @Test func everyTutorialIsListed() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        for t in TutorialTests.tutorials {
            #expect(text.contains("Tutorials/\(t)"), "README.md does not point to Tutorials/\(t)")
        }
    }
}
