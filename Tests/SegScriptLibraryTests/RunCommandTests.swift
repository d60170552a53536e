import Foundation
import Testing
import SegScript
@testable import SegScriptLibrary
@testable import segsh

/// The `segsh run` command's own work (`RunCommand.execute`), with its output captured.
@Suite struct RunCommandTests {
    func execute(file: String? = nil, expression: String? = nil, settings: [String] = [],
                 isTerminal: Bool = false) -> (status: Int32, out: [String], err: String) {
        var out: [String] = [], err = ""
        let status = RunCommand.execute(file: file, expression: expression, settings: settings, seed: nil,
                                        output: { out.append($0) }, errorOutput: { err += $0 + "\n" },
                                        isTerminal: isTerminal)
        return (status, out, err)
    }

    @Test func missingPNGFailsWithThePath() {
        let r = execute(expression: "x = load(\"missing.png\")")
        #expect(r.status == 1)
        #expect(r.err.contains("'missing.png'"))
        #expect(r.err.split(separator: "\n").count < 24)
    }

    @Test func saveSampleWritesAPNG() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-cmd-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = execute(expression: "save(sample(\"cells\", width: 64, height: 64), \"\(path)\")")
        #expect(r.status == 0, "\(r.err)")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func runsAFileWithSettings() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-cmd-\(UUID().uuidString).seg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "param k = 2\nprint(k * 10)\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(execute(file: path).out == ["20"])
        #expect(execute(file: path, settings: ["k=5"]).out == ["50"])
    }

    @Test func parseErrorsNameTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-cmd-\(UUID().uuidString).seg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "x = otsuu(1)\ny = (\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = execute(file: path)
        #expect(r.status == 1)
        #expect(r.err.contains(path))
    }

    @Test func usageErrorsExitTwo() {
        #expect(execute().status == 2)
        #expect(execute(file: "a.seg", expression: "1").status == 2)
        #expect(execute(file: "/nonexistent/a.seg").status == 2)
        #expect(execute(expression: "1", settings: ["novalue"]).status == 2)
    }

    @Test func showDrawsPicturesOnlyOnATerminal() {
        let code = "show(sample(\"cells\", width: 64, height: 64))"
        #expect(execute(expression: code).out == [])
        #expect(execute(expression: code, isTerminal: true).out.count == 1)
    }
}

@Suite struct LibraryDisplayItemTests {
    @Test func picturesBecomeItemsOthersPrint() throws {
        let recorder = Recorder()
        try recorder.interpreter.run(source: """
            img = sample("cells", width: 64, height: 64)
            fg = img > otsu(img)
            """)
        let img = try #require(recorder.interpreter["img"]), fg = try #require(recorder.interpreter["fg"])
        #expect(LibraryDisplayItem.item(for: img) != nil)
        #expect(LibraryDisplayItem.item(for: .list([img, fg])) != nil)
        #expect(LibraryDisplayItem.item(for: .list([img, .number(1)])) == nil)
        #expect(LibraryDisplayItem.item(for: .number(3)) == nil)
    }
}
