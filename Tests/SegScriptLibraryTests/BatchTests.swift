import Foundation
import Testing
import SegScript
import Segmentation
@testable import SegScriptLibrary
@testable import segsh

/// `parallel for` over images: the same files and output for any job count, shards,
/// and the command-line options.
@Suite struct BatchTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-batch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func run(_ code: String, batch: BatchOptions) -> (status: Int32, out: [String], err: String) {
        var out: [String] = [], err = ""
        let status = RunCommand.execute(file: nil, expression: code, settings: [], seed: nil,
                                        output: { out.append($0) }, errorOutput: { err += $0 + "\n" },
                                        isTerminal: false, batch: batch)
        return (status, out, err)
    }

    func script(_ dir: String) -> String {
        """
        for i in range(6) { save(sample("cells", width: 48, height: 48, seed: i), "\(dir)/in/c\\(i).png") }
        files = glob("\(dir)/in/*.png")
        counts = parallel for i in range(len(files)) {
            img = load(files[i])
            cells = instances(img > otsu(img))
            save(cells, "\(dir)/out/labels_" + str(i) + ".png")
            save(measure(cells, img), "\(dir)/out/regions_" + str(i) + ".csv")
            print(i, count(cells))
            count(cells)
        }
        print(counts)
        """.replacingOccurrences(of: "\\(i)", with: "\" + str(i) + \"")
    }

    func contents(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return result
    }

    @Test func twoJobsWriteTheSameFilesAndOutputAsOne() throws {
        var outputs: [[String]] = []
        var files: [[String: Data]] = []
        for jobs in [1, 2] {
            let dir = try folder()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
            let r = run(script(dir), batch: .library(jobs: jobs))
            #expect(r.status == 0, "\(r.err)")
            outputs.append(r.out)
            files.append(try contents(dir + "/out"))
        }
        #expect(outputs[0].count == 7)
        #expect(outputs[0] == outputs[1])
        #expect(files[0].count == 12)
        #expect(files[0] == files[1])
    }

    @Test func aShardWritesOnlyItsItems() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        let r = run(script(dir), batch: .library(jobs: 2, shard: try Shard(index: 1, count: 3)))
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.count == 3)
        #expect(r.out.prefix(2).map { $0.split(separator: " ")[0] } == ["1", "4"])
        #expect(try contents(dir + "/out").keys.sorted() == ["labels_1.png", "labels_4.png", "regions_1.csv", "regions_4.csv"])
    }

    @Test func libraryOptionsLimitKernelThreadsPerWorker() throws {
        #expect(BatchOptions.library(jobs: 1).workerScope == nil)
        let scope = try #require(BatchOptions.library(jobs: 2).workerScope)
        var limit: Int?
        scope { limit = ParallelRows.taskLimit }
        #expect(limit == max(1, ParallelRows.processorCount / 2))
    }

    @Test(arguments: [["--shard", "3/2"], ["--shard", "x/2"], ["--shard", "0/0"], ["--jobs", "0"], ["--jobs", "x"],
                      ["--jobs", "2000"]])
    func badBatchOptionsAreUsageErrors(_ options: [String]) {
        do {
            var command = try Segsh.parseAsRoot(["run", "-e", "print(1)"] + options)
            try command.run()
            Issue.record("\(options) was accepted")
        } catch {
            #expect(Segsh.exitCode(for: error) == .validationFailure)
            #expect(Segsh.fullMessage(for: error).contains(options[1]))
        }
    }

    @Test func goodBatchOptionsParse() throws {
        let command = try Segsh.parseAsRoot(["run", "-e", "print(1)", "--jobs", "3", "--shard", "2/5"])
        let run = try #require(command as? RunCommand)
        let options = try run.batch.options()
        #expect(options.jobs == 3)
        #expect(options.shard == (try Shard(index: 2, count: 5)))
    }
}
