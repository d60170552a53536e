import Foundation

/// Where a run's time went: one entry per operator run, and totals by operator type.
///
/// Pass the same profile to several runs to accumulate them.
///
/// ```swift
/// var profile = Profile()
/// _ = try plan.run(["input": x], profile: &profile)
/// print(profile)    // a table: operator, nodes, milliseconds, share
/// ```
public struct Profile: Sendable, CustomStringConvertible {
    /// The time one node took.
    public struct Entry: Sendable {
        /// The node's name.
        public let node: String
        /// Its operator, e.g. `"Conv"`.
        public let op: String
        /// Wall-clock milliseconds of its kernel.
        public let milliseconds: Double
    }

    /// Every node run, in order.
    public private(set) var entries: [Entry] = []

    /// An empty profile.
    public init() {}

    mutating func record(node: String, op: String, milliseconds: Double) {
        entries.append(Entry(node: node, op: op, milliseconds: milliseconds))
    }

    /// The time of all entries.
    public var totalMilliseconds: Double { entries.reduce(0) { $0 + $1.milliseconds } }

    /// Time by operator type, slowest first.
    public var byOperator: [(op: String, runs: Int, milliseconds: Double)] {
        var totals: [String: (Int, Double)] = [:]
        for entry in entries {
            let t = totals[entry.op, default: (0, 0)]
            totals[entry.op] = (t.0 + 1, t.1 + entry.milliseconds)
        }
        return totals.map { (op: $0.key, runs: $0.value.0, milliseconds: $0.value.1) }
            .sorted { $0.milliseconds != $1.milliseconds ? $0.milliseconds > $1.milliseconds : $0.op < $1.op }
    }

    /// The slowest nodes, slowest first.
    public func slowestNodes(_ count: Int) -> [Entry] {
        Array(entries.sorted { $0.milliseconds > $1.milliseconds }.prefix(count))
    }

    /// A table by operator type, then the five slowest nodes.
    public var description: String {
        let total = totalMilliseconds
        let rows = byOperator
        let width = max(8, rows.map(\.op.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        func ms(_ v: Double) -> String { String(format: "%.3f", v) }
        var lines = ["\(pad("operator", width))   runs          ms   share"]
        for row in rows {
            let share = total > 0 ? row.milliseconds / total * 100 : 0
            lines.append("\(pad(row.op, width)) \(lpad("\(row.runs)", 6)) \(lpad(ms(row.milliseconds), 11)) \(lpad(String(format: "%.1f%%", share), 7))")
        }
        lines.append("\(pad("total", width)) \(lpad("\(entries.count)", 6)) \(lpad(ms(total), 11))")
        let slow = slowestNodes(5)
        if !slow.isEmpty {
            lines.append("slowest nodes:")
            for e in slow { lines.append("  \(ms(e.milliseconds)) ms  \(e.op) '\(e.node)'") }
        }
        return lines.joined(separator: "\n")
    }
}
