import SegScript
import Segmentation

/// The result of `evaluate`: prints as the metrics' aligned table, and its numbers are
/// fields (`r.f1`, `r.mean_iou`), so scripts can both read it and compute with it.
struct EvaluationValue: HostValue {
    /// The numbers, by name.
    let fields: Record
    /// The table `print` and the REPL show.
    let table: String
    /// The confusion matrix heat map (semantic evaluations).
    let heatMap: Image<UInt8>?
    /// The full scores behind the fields, for reports that draw them as tables.
    var instance: InstanceMetrics? = nil
    var semantic: SemanticMetrics? = nil
    let typeName = "evaluation"

    var summary: String {
        if case .number(let f1)? = fields["f1"] { return "evaluation, F1 \(Value.format(f1))" }
        if case .number(let iou)? = fields["mean_iou"] { return "evaluation, mean IoU \(Value.format(iou))" }
        return "evaluation"
    }

    var description: String { table }

    func member(_ name: String) throws -> Value? {
        if name == "heat_map", let heatMap { return .image(heatMap) }
        return fields[name]
    }

    var memberNames: [String] { fields.fields.map(\.name) + (heatMap == nil ? [] : ["heat_map"]) }
}
