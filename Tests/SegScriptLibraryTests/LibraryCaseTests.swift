import Foundation
import Testing
import TestSupport
import SegScript
@testable import SegScriptLibrary

/// The library cases: `Cases/**/*.seg`, directives as the core's (``ScriptCase``).
/// `show` records `[summary]` lines for pictures (and the value for others).
let libraryCases = ScriptCase.all(in: Bundle.module.url(forResource: "Cases", withExtension: nil))

func describe(_ d: Diagnostic) -> String { "\(d.range.start.line):\(d.range.start.column) \(d.fullMessage)" }

/// An interpreter with the library registry whose output and `show` go to `lines`.
final class Recorder {
    var lines: [String] = []
    let interpreter: Interpreter

    init() {
        var sink: (String) -> Void = { _ in }
        interpreter = Interpreter(registry: .library, output: { sink($0) })
        sink = { [unowned self] text in lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        interpreter.display = { [unowned self] value in
            lines += (ScriptRunner.pictureLine(value) ?? value.debugDescription).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        interpreter.stepLimit = 1_000_000
    }
}

@Suite struct LibraryCaseTests {
    @Test(arguments: libraryCases)
    func run(_ c: ScriptCase) throws {
        let recorder = Recorder()
        var overrides: [String: Value] = [:]
        for s in c.directives("set") {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            overrides[parts[0]] = Value.parseOverride(parts.count > 1 ? parts[1] : "")
        }
        var errors: [String] = []
        switch Parser.parse(SourceFile(c.text, name: c.name)) {
        case .incomplete(let d): errors = [describe(d)]
        case .failed(let ds): errors = ds.map(describe)
        case .complete(let program):
            // Cases that read committed files (the tiny networks of Cases/neural/models)
            // declare `param cases` and get the bundled Cases folder.
            if program.paramNames.contains("cases"), let folder = Bundle.module.url(forResource: "Cases", withExtension: nil) {
                overrides["cases"] = .string(folder.path)
            }
            do {
                try recorder.interpreter.run(program, overrides: overrides)
            } catch {
                errors = error.diagnostics.map(describe)
            }
        }
        #expect(errors == c.directives("error"))
        #expect(recorder.lines == c.directives("expect"))
    }
}

@Suite struct LibraryRegistryTests {
    /// The variables every example may use (documented in `help(sample)`).
    static let prelude = """
        img = sample("cells", width: 64, height: 64)
        truth = sample("cells", truth: true, width: 64, height: 64)
        fg = img > otsu(img)
        cells = instances(fg)
        rgb = sample("shapes", width: 64, height: 64)
        """

    static let examples: [String] = LibraryBuiltins.all.flatMap { b in b.examples.map { "\(b.name): \($0)" } }

    @Test(arguments: examples)
    func exampleRuns(_ example: String) throws {
        let code = String(example.drop { $0 != ":" }.dropFirst(2))
        let recorder = Recorder()
        try recorder.interpreter.run(source: Self.prelude + "\n" + code, name: "example")
    }

    @Test func everyBuiltinIsDocumented() {
        for b in LibraryBuiltins.all {
            #expect(!b.summary.isEmpty, "\(b.name) has no summary")
            #expect(!b.examples.isEmpty, "\(b.name) has no example")
            #expect(Registry.library[b.name] != nil)
        }
    }

    @Test func requiredVocabularyExists() {
        let required = ["load", "save", "sample", "show", "print", "gray", "blur", "threshold", "otsu", "li", "semantic",
                        "instances", "declump", "watershed", "distance", "peaks", "label", "count", "measure", "overlay", "outline", "side_by_side",
                        "histogram", "help", "median", "sobel", "erode", "dilate", "open", "close", "fill_holes",
                        "remove_small", "clear_border", "local_threshold", "kmeans", "slic", "felzenszwalb", "resize",
                        "crop", "rotate", "evaluate", "compare", "invert", "rescale", "equalize", "glob"]
        for name in required { #expect(Registry.library[name] != nil, "missing \(name)") }
    }

    @Test func helpListsEveryTopic() throws {
        let recorder = Recorder()
        try recorder.interpreter.run(source: "help()")
        for topic in ["io", "filters", "morphology", "threshold", "semantic", "instance", "measure", "evaluate", "display"] {
            #expect(recorder.lines.contains("\(topic):"), "help() does not list \(topic)")
        }
        for b in Registry.library.all {
            #expect(recorder.lines.contains { $0.hasPrefix("  " + b.name + "(") }, "help() does not list \(b.name)")
        }
    }
}

@Suite struct ScriptRunnerTests {
    func run(_ code: String, settings: [String] = []) -> (status: Int32, out: [String], err: String) {
        var out: [String] = [], err = ""
        let status = ScriptRunner(output: { out.append($0) }, errorOutput: { err += $0 + "\n" })
            .run(source: code, name: "-e", settings: settings)
        return (status, out, err)
    }

    @Test func missingFileIsAOneScreenErrorWithThePath() {
        let r = run("x = load(\"missing.png\")")
        #expect(r.status == 1)
        #expect(r.err.contains("missing.png"))
        #expect(r.err.contains("load: cannot read"))
        #expect(r.err.split(separator: "\n").count <= 24)
    }

    @Test func loadErrorNamesThePathAndPointsAtIt() {
        let r = run("\nx = load(\"/nonexistent/missing.png\")")
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("error: load: cannot read '/nonexistent/missing.png': no such file"))
        #expect(r.err.contains("-e:2:10"))
    }

    @Test func saveWritesAPNG() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-run-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = run("save(sample(\"cells\", width: 64, height: 64), \"\(path)\")")
        #expect(r.status == 0, "\(r.err)")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test func parseErrorsAreAllReported() {
        let r = run("x = (1 +\ny = ]\nprint(1)")
        #expect(r.status == 1)
        #expect(r.err.contains("error"))
    }

    @Test func overridesAndUsageErrors() {
        #expect(run("param t = 1\nprint(t)", settings: ["t=5"]).out == ["5"])
        #expect(run("param t = 1", settings: ["t"]).status == 2)
        #expect(run("param t = 1", settings: ["u=1"]).status == 1)
    }

    @Test func showWritesNothingForPicturesWithoutATerminal() {
        let r = run("show(sample(\"cells\", width: 64, height: 64))\nshow(3)")
        #expect(r.out == ["3"])
    }
}
