import Foundation
import Testing
import SegScript
@testable import SegScriptLibrary
@testable import segsh

/// A private folder for one test, removed afterwards.
final class TempFolder {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "segsh-nb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: file(name), atomically: true, encoding: .utf8)
        return file(name)
    }

    /// Copies a notebook from the test bundle here.
    func notebook(_ name: String) throws -> String {
        let source = try #require(Bundle.module.url(forResource: "Notebooks/\(name)", withExtension: nil))
        try FileManager.default.copyItem(atPath: source.path, toPath: file(name))
        return file(name)
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: file(name))) }
}

/// The chunk types of a PNG file, in order.
func pngChunks(_ data: Data) -> [String] {
    let bytes = [UInt8](data)
    var types: [String] = []
    var at = 8
    while at + 8 <= bytes.count {
        let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        types.append(String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self))
        at += 12 + length
    }
    return types
}

/// `sha256sum FILE`'s digest, from the system tool.
func systemSHA256(_ path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func knownVectors(_ message: String, _ digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test func incrementalUpdatesEqualOneUpdate() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var h = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { h.update(bytes[chunk..<min(chunk + 37, bytes.count)]) }
        #expect(h.hexDigest() == SHA256.hex(bytes))
    }

    /// Lengths around the 55/56/64-byte padding boundaries, against `sha256sum`.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/sha256sum")))
    func filesMatchSha256sum() throws {
        let folder = try TempFolder()
        for n in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 70_001] {
            let data = Data((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ n) })
            let path = folder.file("f\(n)")
            try data.write(to: URL(fileURLWithPath: path))
            let ours = try SHA256.hex(fileAt: path)
            #expect(ours.size == n)
            #expect(ours.digest == (try systemSHA256(path)), "length \(n)")
        }
        #expect(throws: SHA256.FileError.self) { _ = try SHA256.hex(fileAt: folder.file("missing")) }
    }
}

@Suite struct ReportPartsTests {
    @Test func jsonIsSortedAndStable() {
        let json = JSONValue.object(["b": .array([.number(1), .number(0.5), .null]), "a": .string("q\"\n\u{1}é"),
                                     "c": .object([:]), "d": .array([]), "e": .number(.nan)])
        #expect(json.rendered() == """
            {
              "a": "q\\"\\n\\u0001é",
              "b": [
                1,
                0.5,
                null
              ],
              "c": {},
              "d": [],
              "e": null
            }

            """)
    }

    @Test func markdownBlocks() {
        let html = MarkdownHTML.render("""
            # Title
            ## Sub *title*

            A paragraph with **bold**, *em*, _em_, snake_case_name, `a < b` and [a link](https://example.com "t").
            Second line & more.

            - one
            - two with `code`
              - nested
            - three

            3. third
            4. fourth

            > quoted *text*

            ```segscript
            x = 1 < 2
            ```

            ---
            \\*not emphasis\\* and <b>raw</b> [bad](javascript:alert(1)) <https://example.org>
            """)
        #expect(html.contains("<h1>Title</h1>\n<h2>Sub <em>title</em></h2>"))
        #expect(html.contains("<p>A paragraph with <strong>bold</strong>, <em>em</em>, <em>em</em>, snake_case_name, <code>a &lt; b</code> and <a href=\"https://example.com\" title=\"t\">a link</a>.\nSecond line &amp; more.</p>"), "\(html)")
        #expect(html.contains("<ul>\n<li>one</li>\n<li>two with <code>code</code>\n<ul>\n<li>nested</li>\n</ul></li>\n<li>three</li>\n</ul>"), "\(html)")
        #expect(html.contains("<ol start=\"3\">\n<li>third</li>\n<li>fourth</li>\n</ol>"))
        #expect(html.contains("<blockquote>\n<p>quoted <em>text</em></p>\n</blockquote>"))
        #expect(html.contains("<pre><code class=\"language-segscript\">x = 1 &lt; 2\n</code></pre>"))
        #expect(html.contains("<hr>"))
        #expect(html.contains("*not emphasis* and &lt;b&gt;raw&lt;/b&gt; bad <a href=\"https://example.org\">https://example.org</a>"), "\(html)")
        #expect(!html.contains("javascript"))
    }

    @Test func syntaxColouringFollowsTheLexer() {
        let source = SourceFile("\n\nx = blur(img, sigma: 2) # smooth\nprint(\"# not a comment\", true)\nfor i in range(3) { show(i) }")
        let lines = SyntaxHTML.lines(of: source, in: 3..<6, builtins: ["blur", "print", "range", "show", "otsu"])
        #expect(lines.count == 3)
        #expect(lines[0] == "x <span class=\"op\">=</span> <span class=\"fn\">blur</span>(img, <span class=\"lbl\">sigma</span>: <span class=\"num\">2</span>) <span class=\"com\"># smooth</span>")
        #expect(lines[1] == "<span class=\"fn\">print</span>(<span class=\"str\">&quot;# not a comment&quot;</span>, <span class=\"kw\">true</span>)")
        #expect(lines[2].hasPrefix("<span class=\"kw\">for</span> i <span class=\"kw\">in</span>"))
        let parallel = SourceFile("r = parallel for f in files { f }\nparallel = 2")
        #expect(SyntaxHTML.lines(of: parallel, in: 1..<3, builtins: [])
                    == ["r <span class=\"op\">=</span> <span class=\"kw\">parallel</span> <span class=\"kw\">for</span> f <span class=\"kw\">in</span> files { f }",
                        "parallel <span class=\"op\">=</span> <span class=\"num\">2</span>"])
    }

    @Test func multiLineStringsAreColouredOnEveryLine() {
        let source = SourceFile("s = \"a\nb\"\n")
        #expect(SyntaxHTML.lines(of: source, in: 1..<3, builtins: []) ==
                ["s <span class=\"op\">=</span> <span class=\"str\">&quot;a</span>", "<span class=\"str\">b&quot;</span>"])
    }

    @Test func tablesFromValues() throws {
        let recorder = Recorder()
        try recorder.interpreter.run(source: """
            cells = sample("cells", truth: true, width: 64, height: 64)
            m = measure(cells, properties: ["area", "eccentricity"])
            e = evaluate(cells, cells)
            s = evaluate(sample("shapes", truth: true, width: 64, height: 64), sample("shapes", truth: true, width: 64, height: 64))
            r = table([{file: "a.png", score: 0.5}, {file: "b.png", score: 0.25}])
            """)
        let m = try CellOutput.outputs(for: try #require(recorder.interpreter["m"]))
        guard case .table(let table)? = m.first else { Issue.record("a region table is a table"); return }
        #expect(table.columns == ["label", "area", "eccentricity"])
        #expect(table.numeric == [true, true, true])
        #expect(table.rows[0][0] == "1")
        #expect(table.rows.allSatisfy { $0[2].count <= 6 })  // short numbers, 0.8337
        let e = try CellOutput.outputs(for: try #require(recorder.interpreter["e"]))
        #expect(e.count == 2)
        if case .table(let scores) = e[0] { #expect(scores.rows[0][7] == "1.000") }  // F1 at IoU 0.5
        let s = try CellOutput.outputs(for: try #require(recorder.interpreter["s"]))
        guard case .table(let confusion)? = s.last else { Issue.record("a confusion matrix is a table"); return }
        #expect(confusion.columns.first == "true \\ predicted")
        #expect(confusion.rows.count == confusion.columns.count - 1)
        let picture = try CellOutput.outputs(for: try #require(recorder.interpreter["cells"]))
        guard case .picture(let p)? = picture.first else { Issue.record("labels are a picture"); return }
        #expect(p.width == 64 && p.png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(try CellOutput.outputs(for: .number(3)) == [.text("3")])
        let r = try CellOutput.outputs(for: try #require(recorder.interpreter["r"]))
        #expect(r == [.table(ReportTable(columns: ["file", "score"], rows: [["a.png", "0.5000"], ["b.png", "0.2500"]]))])
    }
}

/// `segsh run` and `segsh report` on notebooks, through their commands' `execute`.
@Suite struct NotebookCommandTests {
    struct Result {
        var status: Int32
        var out: [String]
        var err: String
    }

    func run(_ file: String, settings: [String] = [], graphics: String? = nil, manifest: String? = nil) -> Result {
        var out: [String] = [], err = ""
        let status = RunCommand.execute(file: file, expression: nil, settings: settings, seed: nil,
                                        output: { out.append($0) }, errorOutput: { err += $0 + "\n" },
                                        isTerminal: false, graphics: graphics, manifest: manifest)
        return Result(status: status, out: out, err: err)
    }

    func report(_ file: String, to path: String, settings: [String] = []) -> Result {
        var out: [String] = [], err = ""
        let status = ReportCommand.execute(file: file, report: path, settings: settings, seed: nil,
                                           output: { out.append($0) }, errorOutput: { err += $0 + "\n" })
        return Result(status: status, out: out, err: err)
    }

    // MARK: run

    @Test func runHonoursCellsAndStopsAtTheFirstFailure() throws {
        let folder = try TempFolder()
        let path = try folder.notebook("failing.seg")
        let r = run(path)
        #expect(r.status == 1)
        #expect(r.out == ["setting up"])
        #expect(r.err.contains("error: unknown variable 'missing_name'") || r.err.contains("missing_name"), "\(r.err)")
        #expect(r.err.contains("\(path):13:9, in cell 3 \"Broken\""), "\(r.err)")
        // The later cell's parse error is reported too.
        #expect(r.err.contains("in cell 5 \"Also broken\""), "\(r.err)")
        #expect(!r.out.contains("unreachable"))
    }

    @Test func setIsTypeCheckedBeforeAnythingRuns() throws {
        let folder = try TempFolder()
        let path = try folder.write("p.seg", "%% A\nprint(\"ran\")\n%% B\nparam k = 3\nparam name = \"x\"\nprint(k * 2, name)\n")
        #expect(run(path).out == ["ran", "6 x"])
        #expect(run(path, settings: ["k=5", "name=kmeans"]).out == ["ran", "10 kmeans"])
        let wrong = run(path, settings: ["k=abc"])
        #expect(wrong.status == 1)
        #expect(wrong.out.isEmpty)
        #expect(wrong.err.contains("param 'k' is a number, but the new value is a string (\"abc\")"), "\(wrong.err)")
        #expect(wrong.err.contains("\(path):4:7, in cell 2 \"B\""), "\(wrong.err)")
        let unknown = run(path, settings: ["nam=1"])
        #expect(unknown.status == 1)
        #expect(unknown.out.isEmpty)
        #expect(unknown.err.contains("error: unknown parameter 'nam'; the script declares: k, name\n"), "\(unknown.err)")
        #expect(unknown.err.contains("did you mean 'name'?"), "\(unknown.err)")
        #expect(run(path, settings: ["k"]).status == 2)
        #expect(run(path, graphics: "bogus").status == 2)
    }

    @Test func showDrawsWithAGraphicsModeAndIsSilentOtherwise() throws {
        let folder = try TempFolder()
        let path = try folder.write("s.seg", "show(sample(\"cells\", width: 32, height: 32))\nshow(3)\n")
        #expect(run(path).out == ["3"])
        let drawn = run(path, graphics: "blocks")
        #expect(drawn.out.count == 2)
        #expect(drawn.out.first?.contains("▀") == true)
    }

    @Test func runWritesAManifestWithTheHashesOfItsFiles() throws {
        let folder = try TempFolder()
        let input = folder.file("in.png")
        #expect(run(try folder.write("make.seg", "save(sample(\"cells\", width: 40, height: 40), \"\(input)\")")).status == 0)
        let script = try folder.write("use.seg", """
            %% Load
            img = load("\(input)")
            %% Save
            param t = 100
            save(img > t, "\(folder.file("fg.png"))", overwrite: true)
            labels = kmeans(img, k: 2)
            """)
        let manifestPath = folder.file("m.json")
        let r = run(script, settings: ["t=90"], manifest: manifestPath)
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: try folder.bytes("m.json")) as? [String: Any])
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        #expect(inputs.count == 1)
        #expect(inputs.first?["path"] as? String == input)
        #expect(inputs.first?["sha256"] as? String == (try systemSHA256(input)))
        #expect(inputs.first?["size"] as? Int == (try folder.bytes("in.png")).count)
        let outputs = try #require(json["outputs"] as? [[String: Any]])
        #expect(outputs.map { $0["path"] as? String } == [folder.file("fg.png")])
        #expect(outputs.first?["sha256"] as? String == (try systemSHA256(folder.file("fg.png"))))
        let scriptEntry = try #require(json["script"] as? [String: Any])
        #expect(scriptEntry["sha256"] as? String == (try systemSHA256(script)))
        #expect((json["params"] as? [String: Any])?["t"] as? Int == 90)
        #expect((json["seeds"] as? [String: Any])?["used"] as? [Int] == [42])
        #expect(json["settings"] as? [String] == ["t=90"])
        #expect((json["segsh"] as? [String: Any])?["version"] as? String == SegshVersion.current)
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.map { $0["title"] as? String } == ["Load", "Save"])
        #expect(cells.map { $0["status"] as? String } == ["ok", "ok"])
        // Keys are sorted and the text ends with a newline.
        let text = String(decoding: try folder.bytes("m.json"), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"cells\": ["))
        #expect(text.hasSuffix("}\n"))
        // The manifest may not replace the script.
        #expect(run(script, manifest: script).status == 1)
    }

    // MARK: save refusals

    @Test func saveRefusesAnExistingFileUnlessAskedAndNeverAnInput() throws {
        let folder = try TempFolder()
        let png = folder.file("a.png")
        #expect(run(try folder.write("1.seg", "save(sample(\"cells\", width: 32, height: 32), \"\(png)\")")).status == 0)
        let again = run(folder.file("1.seg"))
        #expect(again.status == 1)
        #expect(again.err.contains("save: '\(png)' already exists; pass overwrite: true to replace it"), "\(again.err)")
        let overwrite = try folder.write("2.seg", "save(sample(\"cells\", width: 32, height: 32), \"\(png)\", overwrite: true)")
        #expect(run(overwrite).status == 0)
        // A file the run read is never replaced, whatever its spelling.
        let respelled = folder.path + "/./a.png"
        let input = try folder.write("3.seg", "img = load(\"\(png)\")\nsave(img > 10, \"\(respelled)\", overwrite: true)")
        let refused = run(input)
        #expect(refused.status == 1)
        #expect(refused.err.contains("save: refusing to overwrite '\(respelled)': this run read it (as '\(png)'); save to another path"), "\(refused.err)")
        #expect(refused.err.contains("3.seg:2:"), "\(refused.err)")
        let before = try folder.bytes("a.png")
        #expect(try folder.bytes("a.png") == before)
    }

    // MARK: report

    @Test func htmlReportShowsTextCodePicturesAndTables() throws {
        let folder = try TempFolder()
        let path = try folder.notebook("nuclei.seg")
        let out = folder.file("r.html")
        let r = report(path, to: out, settings: ["out=\(folder.file("res"))"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == ["wrote \(out) and \(folder.file("r.manifest.json"))"])
        let html = String(decoding: try folder.bytes("r.html"), as: UTF8.self)
        let page = try HTMLElement.parse(html)
        // One picture per `show` in the notebook, embedded.
        let shows = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "show(").count - 1
        let images = page.all("img")
        #expect(images.count == shows)
        #expect(images.allSatisfy { $0.attributes["src"]?.hasPrefix("data:image/png;base64,iVBORw0KGgo") == true })
        #expect(images.allSatisfy { $0.attributes["class"] == "px" && $0.attributes["width"] == "192" })
        #expect(!html.contains("src=\"http") && !html.contains("<link"))  // self-contained
        // The Markdown text, rendered.
        #expect(page.all("h1").map(\.allText).contains("Counting nuclei"))
        #expect(page.all("h2").map(\.allText) == ["Threshold"])
        #expect(page.all("strong").map(\.allText).contains("synthetic"))
        #expect(page.all("a").first?.attributes["href"] == "https://en.wikipedia.org/wiki/Otsu%27s_method")
        // Cells: titles, numbered coloured source, output, times.
        let cells = page.withClass("cell")
        #expect(cells.map { $0.withClass("cell-title").first?.allText } == ["Parameters", "Load", "Threshold", "Declump", "Score and save"])
        #expect(cells.allSatisfy { $0.withClass("time").first?.allText.hasSuffix("s") == true })
        let threshold = cells[2]
        #expect(threshold.withClass("ln").first?.allText == "23")
        #expect(threshold.withClass("str").contains { $0.allText == "\"# not a comment\"" })
        #expect(threshold.withClass("com").isEmpty)
        #expect(threshold.withClass("out").first?.allText.hasPrefix("threshold: ") == true)
        // Tables: the region table and the evaluation.
        let tables = page.withClass("table")
        #expect(tables.count == 3)
        #expect(tables.allSatisfy { $0.all("table").first?.attributes["class"] == "data" })
        #expect(tables[0].all("th").map(\.allText) == ["label", "area", "eccentricity"])
        #expect(tables[0].all("td").first?.attributes["class"] == "n")
        #expect(tables[1].withClass("caption").first?.allText.hasPrefix("instance metrics") == true)
        #expect(tables[1].all("th").first?.attributes["class"] == "n")  // IoU thresholds, despite the "mean" row
        // The manifest, embedded, names the files the script wrote.
        let manifest = try #require(page.withClass("manifest").first?.allText)
        #expect(manifest.contains(folder.file("res") + "-labels.png"))
        #expect(FileManager.default.fileExists(atPath: folder.file("r.manifest.json")))
        let side = String(decoding: try folder.bytes("r.manifest.json"), as: UTF8.self)
        #expect(side.contains("\"path\": \"\(out)\""))
    }

    @Test func aFailingCellIsShownWithItsDiagnosticAndEarlierResultsStay() throws {
        let folder = try TempFolder()
        let path = try folder.notebook("failing.seg")
        let out = folder.file("f.html")
        let r = report(path, to: out)
        #expect(r.status == 1)
        #expect(r.out.first?.hasSuffix("cell 3 \"Broken\" failed") == true, "\(r.out)")
        let page = try HTMLElement.parse(String(decoding: try folder.bytes("f.html"), as: UTF8.self))
        let cells = page.withClass("cell")
        #expect(cells.count == 5)
        #expect(cells.map { $0.attributes["class"] } == ["cell ok", "cell ok", "cell failed", "cell notrun", "cell notrun"])
        #expect(cells[0].withClass("out").first?.allText == "setting up")
        #expect(cells[1].all("img").count == 1)
        let diagnostic = try #require(cells[2].withClass("diagnostic").first?.allText)
        #expect(diagnostic.contains("missing_name"))
        #expect(diagnostic.contains("\(path):13:9, in cell 3 \"Broken\""))
        #expect(cells[2].all("tr").filter { $0.attributes["class"] == "mark" }.map { $0.withClass("ln").first?.allText } == ["13"])
        #expect(cells[3].withClass("out").isEmpty)
        #expect(cells[4].withClass("diagnostic").first?.allText.contains("in cell 5 \"Also broken\"") == true)
        #expect(page.all("h1").map(\.allText).contains("A notebook that fails"))
    }

    @Test func markdownReportLinksItsPictures() throws {
        let folder = try TempFolder()
        let path = try folder.notebook("nuclei.seg")
        // A stale picture from an earlier report is removed.
        try FileManager.default.createDirectory(atPath: folder.file("r_files"), withIntermediateDirectories: true)
        try folder.write("r_files/cell-9-9.png", "old")
        let r = report(path, to: folder.file("r.md"), settings: ["out=\(folder.file("res"))"])
        #expect(r.status == 0, "\(r.err)")
        let text = String(decoding: try folder.bytes("r.md"), as: UTF8.self)
        let pictures = try FileManager.default.contentsOfDirectory(atPath: folder.file("r_files")).sorted()
        #expect(pictures == ["cell-2-1.png", "cell-3-1.png", "cell-4-1.png"])
        for p in pictures {
            #expect(text.contains("](r_files/\(p))"))
            #expect(try folder.bytes("r_files/" + p).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
        #expect(text.hasPrefix("# Counting nuclei\n\nnuclei.seg · segsh "))
        #expect(text.contains("#### [3] Threshold · "))
        #expect(text.contains("```segscript\nsmooth = blur(img, sigma: sigma)\n"))
        #expect(text.contains("| label | area | eccentricity |\n|---:|---:|---:|\n| 1 | "))
        #expect(text.contains("```json\n{\n"))
        #expect(r.out.first?.contains("3 pictures in \(folder.file("r_files"))") == true)
        #expect(report(path, to: folder.file("r.txt")).status == 2)
        #expect(report(folder.file("missing.seg"), to: folder.file("r.md")).status == 2)
    }

    /// Two runs of the same notebook on the same inputs: identical output files, and
    /// manifests equal apart from the date and the cell timings.
    @Test func runsAreReproducible() throws {
        let folder = try TempFolder()
        let path = try folder.notebook("nuclei.seg")
        let settings = ["out=\(folder.file("res"))", "sigma=2"]
        var outputs: [[Data]] = []
        var manifests: [String] = []
        for _ in 0..<2 {
            let r = report(path, to: folder.file("r.md"), settings: settings)
            #expect(r.status == 0, "\(r.err)")
            outputs.append(try ["res-labels.png", "res-areas.csv", "r_files/cell-2-1.png", "r_files/cell-3-1.png", "r_files/cell-4-1.png"]
                .map(folder.bytes))
            manifests.append(String(decoding: try folder.bytes("r.manifest.json"), as: UTF8.self))
        }
        #expect(outputs[0] == outputs[1])
        // No timestamps or other varying chunks in the PNGs.
        for png in outputs[1] where png.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            #expect(Set(pngChunks(png)).isSubset(of: ["IHDR", "PLTE", "IDAT", "IEND", "tRNS"]), "\(pngChunks(png))")
        }
        // Apart from the date, the timings and the report (which shows the timings).
        func stable(_ manifest: String) throws -> Data {
            var json = try #require(try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])
            json["date"] = nil
            json["cells"] = (json["cells"] as? [[String: Any]])?.map { $0.filter { $0.key != "seconds" } }
            json["outputs"] = (json["outputs"] as? [[String: Any]])?.filter { ($0["path"] as? String)?.hasSuffix("r.md") == false }
            return try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        }
        #expect(try stable(manifests[0]) == stable(manifests[1]))
        #expect(manifests[0].contains("\"date\": ") && manifests[0].contains("\"seconds\": "))
        // The manifest's hashes are sha256sum's.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(manifests[1].utf8)) as? [String: Any])
        let files = try #require(json["outputs"] as? [[String: Any]])
        #expect(files.count == 6)  // two saves, three pictures, the report
        for f in files {
            let p = try #require(f["path"] as? String)
            #expect(f["sha256"] as? String == (try systemSHA256(p)), "\(p)")
            #expect(f["size"] as? Int == (try Data(contentsOf: URL(fileURLWithPath: p))).count)
        }
        #expect((json["params"] as? [String: Any])?["sigma"] as? Int == 2)
    }
}
