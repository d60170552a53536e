import Foundation
import Testing
@testable import Inference

/// ONNX's backend node tests (Debian `libonnx-testdata`, ONNX 1.12): every test whose
/// operators the engine supports must match the reference outputs within rtol 1e-3,
/// atol 1e-7, as `numpy.testing.assert_allclose` checks them.
@Suite("ONNX conformance")
struct ConformanceTests {
    static let root = "/usr/share/libonnx-testdata/data/node"

    @Test func nodeTests() throws {
        guard FileManager.default.fileExists(atPath: Self.root) else {
            Issue.record("the ONNX node tests are missing at \(Self.root); run Scripts/setup (libonnx-testdata)")
            return
        }
        let report = ConformanceRun.run(root: Self.root)
        print(report.text)
        if let path = ProcessInfo.processInfo.environment["SEGSH_CONFORMANCE_MARKDOWN"] {
            try report.markdown.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(report.totals.passed > 0 || OperatorRegistry.factories.isEmpty)
        for failure in report.failures {
            Issue.record("\(failure.test) (\(failure.group)): \(failure.detail)")
        }
    }

    /// The harness on a model whose operator exists only in the test registry: a passing
    /// case, a failing case (wrong expected output) and an unsupported one.
    @Test func harnessClassifies() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-conformance-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func write(_ name: String, op: String, expected: [Float]) throws {
            let dir = "\(folder)/\(name)"
            try FileManager.default.createDirectory(atPath: "\(dir)/test_data_set_0", withIntermediateDirectories: true)
            var b = ModelBuilder()
            b.input("x", shape: [3])
            b.node(op, inputs: ["x"], outputs: ["y"])
            b.output("y", dimensions: [.fixed(3)])
            try b.write(to: "\(dir)/model.onnx")
            try ModelBuilder.write(Tensor(shape: [3], floats: [-1, 0, 2]), to: "\(dir)/test_data_set_0/input_0.pb")
            try ModelBuilder.write(Tensor(shape: [3], floats: expected), to: "\(dir)/test_data_set_0/output_0.pb")
        }
        try write("test_relu", op: "Relu", expected: [0, 0, 2])
        try write("test_relu_wrong", op: "Relu", expected: [0, 0, 2.1])
        try write("test_tanh", op: "Tanh", expected: [0, 0, 0])
        let report = ConformanceRun.run(root: folder, operators: TestOperators.factories)
        #expect(report.totals.passed == 1 && report.totals.failed == 1 && report.totals.unsupported == 1)
        #expect(report.failures.map(\.test) == ["test_relu_wrong"])
        #expect(report.markdown.contains("| Relu | 1 | 1 | 0 |"))
        #expect(report.markdown.contains("| Tanh | 0 | 0 | 1 |"))
    }
}

/// One conformance run over a folder of node tests.
struct ConformanceRun {
    enum Outcome { case passed, failed(String), unsupported(String) }
    struct Result { let test: String; let group: String; let outcome: Outcome }
    struct Counts { var passed = 0, failed = 0, unsupported = 0 }

    let results: [Result]

    var totals: Counts { counts(results) }
    var failures: [(test: String, group: String, detail: String)] {
        results.compactMap { r in if case .failed(let d) = r.outcome { (r.test, r.group, d) } else { nil } }
    }

    func counts(_ results: [Result]) -> Counts {
        var c = Counts()
        for r in results {
            switch r.outcome {
            case .passed: c.passed += 1
            case .failed: c.failed += 1
            case .unsupported: c.unsupported += 1
            }
        }
        return c
    }

    var byGroup: [(group: String, counts: Counts)] {
        Dictionary(grouping: results, by: \.group).map { ($0.key, counts($0.value)) }.sorted { $0.group < $1.group }
    }

    /// Tests of supported operators that a kernel refused (an attribute, mode or type).
    var refusedBySupportedKernels: [(test: String, reason: String)] {
        results.compactMap { r in
            if case .unsupported(let reason) = r.outcome, reason.hasPrefix("kernel:") { (r.test, reason) } else { nil }
        }
    }

    /// How many tests are unsupported for each kind of reason: `version` (IR or opset out of
    /// range), `operators` (no kernel), `model` (an attribute or type refused at load),
    /// `kernel` (a supported operator's kernel refused the node), `data` (test data types).
    var unsupportedReasons: [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        for r in results {
            if case .unsupported(let reason) = r.outcome {
                counts[String(reason.prefix { $0 != ":" }), default: 0] += 1
            }
        }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The summary as text: a line per operator, totals, failures and refusals.
    var text: String {
        var lines = ["ONNX node tests: operator  passed / failed / unsupported"]
        for (group, c) in byGroup { lines.append("  \(group)  \(c.passed) / \(c.failed) / \(c.unsupported)") }
        let t = totals
        lines.append("total: \(t.passed) passed, \(t.failed) failed, \(t.unsupported) unsupported of \(results.count)")
        lines.append("unsupported, by reason: " + unsupportedReasons.map { "\($0.reason) \($0.count)" }.joined(separator: ", "))
        for f in failures { lines.append("FAILED \(f.test): \(f.detail)") }
        for r in refusedBySupportedKernels { lines.append("refused by a supported kernel: \(r.test): \(r.reason)") }
        return lines.joined(separator: "\n")
    }

    /// The summary as a Markdown table (operators with at least one supported test first).
    var markdown: String {
        var lines = ["| Operator | Passed | Failed | Unsupported |", "|---|---:|---:|---:|"]
        for (group, c) in byGroup { lines.append("| \(group) | \(c.passed) | \(c.failed) | \(c.unsupported) |") }
        let t = totals
        lines.append("| **Total** | **\(t.passed)** | **\(t.failed)** | **\(t.unsupported)** |")
        lines.append("")
        lines.append("Unsupported, by reason: " + unsupportedReasons.map { "\($0.reason) \($0.count)" }.joined(separator: ", ")
                     + " (version: IR outside 3–10, opset outside 1–18; operators: no kernel; model/kernel: an attribute, mode or type refused; data: test data of an unsupported type).")
        return lines.joined(separator: "\n") + "\n"
    }

    static let rtol = 1e-3
    static let atol = 1e-7

    /// Runs every `test_*` folder under `root`.
    static func run(root: String, operators: [String: OperatorFactory] = OperatorRegistry.factories) -> ConformanceRun {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix("test_") }.sorted()
        // Expanded tests (a function's body as plain nodes) count under their operator.
        var groups: [String: String] = [:]
        for name in names { groups[name] = group(of: "\(root)/\(name)/model.onnx") }
        let results = names.map { name in
            var group = groups[name] ?? "?"
            if let range = name.range(of: "_expanded"), let base = groups[String(name[..<range.lowerBound])] { group = base }
            return Result(test: name, group: group, outcome: runCase("\(root)/\(name)", operators: operators))
        }
        return ConformanceRun(results: results)
    }

    /// The operators a test's model uses, as a group name (`Constant` aside).
    static func group(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path),
              let proto = try? Onnx_ModelProto(serializedBytes: [UInt8](data)) else { return "(unreadable)" }
        let ops = Set(proto.graph.node.map(\.opType)).subtracting(["Constant"])
        return ops.isEmpty ? "Constant" : ops.sorted().joined(separator: "+")
    }

    static func runCase(_ folder: String, operators: [String: OperatorFactory]) -> Outcome {
        let model: Model
        let bytes: [UInt8]
        do {
            let path = "\(folder)/model.onnx"
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            model = try Model(bytes: bytes, source: path, directory: folder, memoryLimit: Model.defaultMemoryLimit, operators: operators)
        } catch let error as InferenceError {
            switch error.kind {
            case .unsupportedVersion: return .unsupported("version: \(error.message)")
            case .unsupportedOperator, .unsupportedAttribute: return .unsupported("model: \(error.message)")
            default: return .failed("load: \(error.message)")
            }
        } catch {
            return .failed("load: \(error)")
        }
        if !model.unsupportedOperators.isEmpty {
            return .unsupported("operators: \(model.unsupportedOperators.joined(separator: ", "))")
        }
        let decoder = TensorDecoder(source: folder, directory: folder)
        let sets = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("test_data_set_") }.sorted()
        guard !sets.isEmpty else { return .failed("no test_data_set_* folder") }
        for set in sets {
            let dir = "\(folder)/\(set)"
            func tensors(_ prefix: String) throws -> [Tensor] {
                var result: [Tensor] = []
                while let data = FileManager.default.contents(atPath: "\(dir)/\(prefix)_\(result.count).pb") {
                    let proto = try Onnx_TensorProto(serializedBytes: [UInt8](data))
                    result.append(try decoder.decode(proto, what: "\(prefix)_\(result.count).pb"))
                }
                return result
            }
            let inputs: [Tensor], expected: [Tensor]
            do {
                inputs = try tensors("input")
                expected = try tensors("output")
            } catch let error as InferenceError where error.kind == .unsupportedAttribute {
                return .unsupported("data: \(error.message)")
            } catch {
                return .failed("test data: \(error)")
            }
            guard inputs.count == model.inputs.count, expected.count == model.outputs.count else {
                return .unsupported("data: \(inputs.count) inputs / \(expected.count) outputs for a model of \(model.inputs.count) / \(model.outputs.count)")
            }
            var feed: [String: Tensor] = [:]
            for (input, tensor) in zip(model.inputs, inputs) { feed[input.name] = tensor }
            let outputs: [String: Tensor]
            do {
                outputs = try model.run(feed)
            } catch let error as InferenceError where [.unsupportedAttribute, .unsupportedOperator].contains(error.kind) {
                return .unsupported("kernel: \(error.message)")
            } catch {
                return .failed("run: \(error)")
            }
            for (output, reference) in zip(model.outputs, expected) {
                guard let actual = outputs[output.name] else { return .failed("no output '\(output.name)'") }
                if let problem = compare(actual, reference) { return .failed("output '\(output.name)': \(problem)") }
            }
        }
        return .passed
    }

    /// Why `actual` differs from `reference` beyond the tolerance, or nil.
    static func compare(_ actual: Tensor, _ reference: Tensor) -> String? {
        guard actual.elementType == reference.elementType else {
            return "element type \(actual.elementType), expected \(reference.elementType)"
        }
        guard actual.shape == reference.shape else { return "shape \(actual.shape), expected \(reference.shape)" }
        let a = doubles(actual), e = doubles(reference)
        for i in 0..<a.count {
            if a[i].isNaN && e[i].isNaN { continue }
            if a[i] == e[i] { continue }
            if !(abs(a[i] - e[i]) <= atol + rtol * abs(e[i])) {
                return "element \(i) is \(a[i]), expected \(e[i]) (of \(a.count))"
            }
        }
        return nil
    }

    static func doubles(_ t: Tensor) -> [Double] {
        switch t.elementType {
        case .float32: t.floats.map(Double.init)
        case .float64: t.elements(as: Double.self)
        case .int64: t.elements(as: Int64.self).map(Double.init)
        case .int32: t.elements(as: Int32.self).map(Double.init)
        case .int16: t.elements(as: Int16.self).map(Double.init)
        case .int8: t.elements(as: Int8.self).map(Double.init)
        case .uint8: t.elements(as: UInt8.self).map(Double.init)
        case .uint16: t.elements(as: UInt16.self).map(Double.init)
        case .uint32: t.elements(as: UInt32.self).map(Double.init)
        case .uint64: t.elements(as: UInt64.self).map(Double.init)
        case .bool: t.elements(as: Bool.self).map { $0 ? 1 : 0 }
        }
    }
}
