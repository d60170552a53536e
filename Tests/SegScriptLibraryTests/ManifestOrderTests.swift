import Foundation
import SegScript
@testable import SegScriptLibrary
import Testing

/// A manifest lists its inputs and outputs in the same order whatever order the run touched
/// them in, so that `diff` of two runs' manifests (one with `--jobs 2`, whose workers finish
/// in any order) shows only what really changed.
@Suite struct ManifestOrderTests {
    /// Runs `source` with `jobs` workers and returns the manifest's input and output paths.
    static func files(_ source: String, jobs: Int) throws -> (inputs: [String], outputs: [String]) {
        let run = NotebookRunner().run(source: source, name: "order.seg") { interpreter in
            interpreter.batch = BatchOptions(jobs: jobs)
        }
        #expect(run.status == 0, "\(run.problems.map(\.message))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(Manifest(run: run, scriptPath: "order.seg", version: "0").text.utf8))
            as? [String: Any])
        func paths(_ key: String) -> [String] {
            ((json[key] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
        }
        return (paths("inputs"), paths("outputs"))
    }

    @Test func filesAreSortedByPathForEveryJobCount() throws {
        let folder = try TempFolder()
        let f = folder.path
        // Written in descending order, read back in descending order by a parallel loop.
        let source = """
            for i in [3, 2, 1] { save(sample("blobs", width: 16, height: 16, seed: i), "\(f)/b" + str(i) + ".png", overwrite: true) }
            for i in [3, 2, 1] { save(sample("cells", width: 16, height: 16, seed: i), "\(f)/a" + str(i) + ".png", overwrite: true) }
            n = parallel for p in ["\(f)/b3.png", "\(f)/a2.png", "\(f)/b1.png", "\(f)/a3.png"] { load(p).width }
            """
        let one = try Self.files(source, jobs: 1)
        #expect(one.outputs == ["a1", "a2", "a3", "b1", "b2", "b3"].map { "\(f)/\($0).png" })
        #expect(one.inputs == ["a2", "a3", "b1", "b3"].map { "\(f)/\($0).png" })
        for _ in 0..<3 {
            let two = try Self.files(source, jobs: 2)
            #expect(two.inputs == one.inputs && two.outputs == one.outputs)
        }
    }

    @Test func pathsSortByTheirBytes() {
        #expect(Manifest.sortedPaths(["b.png", "B.png", "a_10.png", "a_2.png", "é.png", "z.png"])
                == ["B.png", "a_10.png", "a_2.png", "b.png", "z.png", "é.png"])
    }
}
