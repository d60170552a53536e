import Foundation

extension Model {
    /// A summary for people: inputs and outputs with their declared shapes, IR version,
    /// opset and producer, operators with node counts, the parameter count, and — for the
    /// given input shapes, or the declared ones when they are all fixed — the estimated FLOPs,
    /// the planned activation peak and the operators left after folding. Unsupported
    /// operators are listed.
    ///
    /// ```
    /// model: unet.onnx (pytorch 2.5.1, IR 8, opset 17)
    /// inputs:   input  [batch, 3, height, width] float
    /// ...
    /// ```
    public func summary(inputShapes: [String: [Int]]?) -> String {
        var lines: [String] = []
        let producerText = producer.isEmpty ? "" : "\(producer), "
        lines.append("model: \(source) (\(producerText)IR \(irVersion), opset \(opsetVersion))")
        let nameWidth = (inputs + outputs).map(\.name.count).max() ?? 0
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, nameWidth - s.count)) }
        for (title, values) in [("inputs: ", inputs), ("outputs:", outputs)] {
            for (i, value) in values.enumerated() {
                lines.append("\(i == 0 ? title : "        ")  \(pad(value.name))  \(value.typeDescription)")
            }
        }
        for key in metadata.keys.sorted() { lines.append("metadata: \(key) = \(metadata[key]!)") }
        let nodeCount = operatorCounts.reduce(0) { $0 + $1.count }
        lines.append("operators (\(nodeCount) nodes): " + operatorCounts.map { "\($0.op) \($0.count)" }.joined(separator: ", "))
        let weightBytes = graph.constants.values.reduce(0) { $0 + $1.byteCount }
        lines.append("parameters: \(grouped(parameterCount)) (\(formatBytes(weightBytes)) of constants after folding BatchNormalization)")
        lines.append("unsupported operators: " + (unsupportedOperators.isEmpty ? "none" : unsupportedOperators.joined(separator: ", ")))

        let shapes: [String: [Int]]? = inputShapes ?? (try? resolveShapes([:]))
        if let shapes {
            let shapeText = shapes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            do {
                let plan = try plan(inputShapes: shapes)
                lines.append("for \(shapeText): \(String(format: "%.2f", Double(plan.flops) / 1e9)) GFLOPs, planned activation peak \(formatBytes(plan.plannedPeakBytes)), \(plan.stepCount) operators to run after folding")
                for name in outputs.map(\.name) {
                    if let t = plan.outputTypes[name] { lines.append("  \(name): \(t.shape) \(t.elementType)") }
                }
            } catch let error as InferenceError {
                lines.append("for \(shapeText): cannot plan: \(error.message)")
            } catch {
                lines.append("for \(shapeText): cannot plan: \(error)")
            }
        } else {
            lines.append("give input shapes for FLOPs and memory (inputs have symbolic dimensions)")
        }
        return lines.joined(separator: "\n")
    }

    /// 1234567 → "1,234,567".
    private func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
