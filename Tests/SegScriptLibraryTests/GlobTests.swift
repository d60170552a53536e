import Foundation
import Testing
import SegScript
@testable import SegScriptLibrary

/// A temporary folder tree for glob tests, removed on deinit.
final class GlobTree {
    let root: String

    init(_ files: [String], folders: [String] = []) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-glob-\(UUID().uuidString)").path
        for f in folders { try FileManager.default.createDirectory(atPath: root + "/" + f, withIntermediateDirectories: true) }
        for f in files {
            let path = root + "/" + f
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: path))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// The relative matches of `pattern` below the root.
    func glob(_ pattern: String) throws -> [String] {
        try GlobPattern(pattern).paths(relativeTo: root)
    }
}

@Suite struct GlobTests {
    static let files = ["a.png", "b.png", "c.tif", "ab.png", "B.png", "é.png", ".hidden.png",
                        "data/x1.png", "data/x2.png", "data/y1.png", "data/sub/deep.png", "data/.secret/s.png",
                        "data/sub/more/deeper.png", "other/z.png"]

    struct Case: Sendable, CustomStringConvertible {
        var pattern: String
        var expected: [String]
        var description: String { pattern }
    }

    static let cases: [Case] = [
        // Byte order: upper case before lower case, multi-byte UTF-8 last.
        Case(pattern: "*.png", expected: ["B.png", "a.png", "ab.png", "b.png", "é.png"]),
        Case(pattern: "?.png", expected: ["B.png", "a.png", "b.png", "é.png"]),
        Case(pattern: "[ab].png", expected: ["a.png", "b.png"]),
        Case(pattern: "[!ab].png", expected: ["B.png", "é.png"]),
        Case(pattern: "[^ab].png", expected: ["B.png", "é.png"]),
        Case(pattern: "[a-c]*", expected: ["a.png", "ab.png", "b.png", "c.tif"]),
        Case(pattern: "*", expected: ["B.png", "a.png", "ab.png", "b.png", "c.tif", "data", "other", "é.png"]),
        Case(pattern: ".*.png", expected: [".hidden.png"]),
        Case(pattern: "data/x?.png", expected: ["data/x1.png", "data/x2.png"]),
        Case(pattern: "*/x*.png", expected: ["data/x1.png", "data/x2.png"]),
        Case(pattern: "data/**/*.png", expected: ["data/sub/deep.png", "data/sub/more/deeper.png", "data/x1.png",
                                                  "data/x2.png", "data/y1.png"]),
        Case(pattern: "**/deep*.png", expected: ["data/sub/deep.png", "data/sub/more/deeper.png"]),
        Case(pattern: "**/**/z.png", expected: ["other/z.png"]),
        Case(pattern: "data/**", expected: ["data/sub", "data/sub/deep.png", "data/sub/more", "data/sub/more/deeper.png",
                                            "data/x1.png", "data/x2.png", "data/y1.png"]),
        Case(pattern: "*/", expected: ["data/", "other/"]),
        Case(pattern: "./data/y*", expected: ["./data/y1.png"]),
        Case(pattern: "data//x1.png", expected: ["data/x1.png"]),
        Case(pattern: "data/x1.png", expected: ["data/x1.png"]),
        Case(pattern: "data/nothing.png", expected: []),
        Case(pattern: "*.jpg", expected: []),
        Case(pattern: "missing/*.png", expected: []),
        Case(pattern: "[]]*", expected: []),
    ]

    @Test(arguments: cases)
    func matches(_ c: Case) throws {
        let tree = try GlobTree(Self.files)
        #expect(try tree.glob(c.pattern) == c.expected)
    }

    @Test func absolutePatternsGiveAbsolutePaths() throws {
        let tree = try GlobTree(Self.files)
        #expect(try GlobPattern(tree.root + "/data/x*.png").paths() == [tree.root + "/data/x1.png", tree.root + "/data/x2.png"])
    }

    @Test func recursionDoesNotFollowLinksToFolders() throws {
        let tree = try GlobTree(["d/a.png"])
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/d/loop", withDestinationPath: tree.root + "/d")
        #expect(try tree.glob("**/*.png") == ["d/a.png"])
    }

    @Test(arguments: [("[ab.png", "unclosed '['"), ("a**b/*.png", "'**' must be a whole path segment"),
                      ("[z-a].png", "the range 'z-a'"), ("", "the pattern is empty"), ("[!", "unclosed '['")])
    func badPatternsAreErrors(pattern: String, message: String) {
        do {
            _ = try GlobPattern(pattern)
            Issue.record("'\(pattern)' was accepted")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func nameMatching() throws {
        let p = try GlobPattern("x/*a*b?c[0-9]")
        #expect(p.matchesName("aabbxc7", segment: 1))
        #expect(p.matchesName("abxc0", segment: 1))
        #expect(!p.matchesName("abc0", segment: 1))
        #expect(!p.matchesName(".abxc0", segment: 1))
        #expect(p.matchesName("x", segment: 0))
    }

    @Test func builtinGivesAListAndPointsAtBadPatterns() throws {
        let tree = try GlobTree(["a.png", "b.png"])
        let recorder = Recorder()
        try recorder.interpreter.run(source: "print(glob(\"\(tree.root)/*.png\"))\nprint(glob(\"\(tree.root)/*.tif\"))")
        #expect(recorder.lines == ["[\"\(tree.root)/a.png\", \"\(tree.root)/b.png\"]", "[]"])
        #expect(throws: ScriptFailure.self) { try recorder.interpreter.run(source: "glob(\"[x\")") }
        do {
            try Recorder().interpreter.run(source: "files = glob(\"data/[x\")", name: "s")
        } catch {
            #expect(error.diagnostics.first?.message.hasPrefix("glob: unclosed '[' in 'data/[x'") == true)
            #expect(error.diagnostics.first?.range.start.column == 14)
        }
    }

    @Test func helpSaysNoMatchIsAnEmptyList() throws {
        #expect(try #require(Registry.library["glob"]).helpText.contains("No match gives []"))
    }
}
