/// The linear assignment problem (optimal one-to-one matching), solved exactly.
///
/// The solver is the shortest augmenting path method of Jonker–Volgenant as described by
/// Crouse (2016), which scipy's `linear_sum_assignment` also uses: rows are added one at a
/// time, each by the cheapest alternating path (Dijkstra on reduced costs with dual
/// potentials). Here the Dijkstra search keeps its frontier in a heap and visits only the
/// edges a row has, so sparse problems (such as matching objects that overlap) cost
/// about the number of overlaps, not rows × columns.
public enum LinearAssignment {
    /// The assignment of minimum total cost, as `scipy.optimize.linear_sum_assignment`.
    ///
    /// Every row is assigned a distinct column when there are no more rows than columns,
    /// otherwise every column a distinct row: `min(rows, columns)` pairs in all.
    ///
    /// - Parameters:
    ///   - costs: `rows × columns` finite costs, row-major.
    ///   - rows: the number of rows (≥ 0).
    ///   - columns: the number of columns (≥ 0).
    ///   - maximize: find the assignment of maximum total instead.
    /// - Returns: the pairs `(row, column)`, sorted by row. When several assignments share
    ///   the optimal total, which one is returned may differ from scipy's; the total does not.
    /// - Throws: ``PixelEngineError`` (`linear assignment`) when `costs.count` is not
    ///   `rows × columns` or a cost is NaN or infinite.
    ///
    /// ```swift
    /// let pairs = try LinearAssignment.minimize(costs: [4, 1, 3, 2, 0, 5, 3, 2, 2], rows: 3, columns: 3)
    /// // [(0, 1), (1, 0), (2, 2)], total 5
    /// ```
    public static func minimize(costs: [Double], rows: Int, columns: Int,
                                maximize: Bool = false) throws(PixelEngineError) -> [(row: Int, column: Int)] {
        guard rows >= 0, columns >= 0, costs.count == rows * columns else {
            throw PixelEngineError("linear assignment", "\(costs.count) costs for a \(rows)x\(columns) matrix; give rows × columns values")
        }
        if let bad = costs.firstIndex(where: { !$0.isFinite }) {
            throw PixelEngineError("linear assignment", "cost at row \(bad / columns), column \(bad % columns) is \(costs[bad]); costs must be finite")
        }
        if rows == 0 || columns == 0 { return [] }
        let transposed = rows > columns
        let (r, c) = transposed ? (columns, rows) : (rows, columns)
        var start = [Int](repeating: 0, count: r + 1)
        var target = [Int32](repeating: 0, count: r * c)
        var weight = [Double](repeating: 0, count: r * c)
        for i in 0..<r {
            start[i + 1] = (i + 1) * c
            for j in 0..<c {
                let value = transposed ? costs[j * columns + i] : costs[i * columns + j]
                target[i * c + j] = Int32(j)
                weight[i * c + j] = maximize ? -value : value
            }
        }
        var solver = ShortestAugmentingPath(rows: r, columns: c, start: start, target: target,
                                            cost: weight, unmatchedCost: nil)
        let assigned = solver.solve()
        var pairs: [(row: Int, column: Int)] = []
        for i in 0..<r where assigned[i] >= 0 {
            pairs.append(transposed ? (assigned[i], i) : (i, assigned[i]))
        }
        return pairs.sorted { $0.row < $1.row }
    }
}

/// Min-cost assignment over a sparse set of allowed (row, column) edges.
///
/// Every row is assigned: to one of its columns, or, when `unmatchedCost` is given, to a
/// private dummy column at that cost (the row stays unmatched). The caller guarantees a
/// complete assignment exists (rows ≤ columns on a dense problem, or dummies).
struct ShortestAugmentingPath {
    let rows: Int
    let columns: Int
    /// CSR adjacency: row `i` has edges `start[i]..<start[i + 1]`.
    let start: [Int]
    let target: [Int32]
    let cost: [Double]
    let unmatchedCost: Double?

    init(rows: Int, columns: Int, start: [Int], target: [Int32], cost: [Double], unmatchedCost: Double?) {
        precondition(start.count == rows + 1 && target.count == cost.count && start[rows] == cost.count,
                     "ShortestAugmentingPath: malformed adjacency")
        self.rows = rows
        self.columns = columns
        self.start = start
        self.target = target
        self.cost = cost
        self.unmatchedCost = unmatchedCost
    }

    /// The column of each row, or -1 for a row left unmatched (only with `unmatchedCost`).
    mutating func solve() -> [Int] {
        let total = columns + (unmatchedCost == nil ? 0 : rows)
        var u = [Double](repeating: 0, count: rows)
        var v = [Double](repeating: 0, count: total)
        var col4row = [Int](repeating: -1, count: rows)
        var row4col = [Int](repeating: -1, count: total)
        var path = [Int](repeating: -1, count: total)
        var distance = [Double](repeating: .infinity, count: total)
        // Stamps instead of clearing whole arrays per row: a column is in the tree (SC)
        // when `visited[j] == stamp`, touched this round when `touched[j] == stamp`.
        var visited = [Int](repeating: -1, count: total)
        var touched = [Int](repeating: -1, count: total)
        var treeRows: [Int] = []
        var treeColumns: [Int] = []
        var touchedColumns: [Int] = []
        var heap = FrontierHeap()

        for current in 0..<rows {
            let stamp = current
            treeRows.removeAll(keepingCapacity: true)
            treeColumns.removeAll(keepingCapacity: true)
            touchedColumns.removeAll(keepingCapacity: true)
            heap.removeAll()
            var minValue = 0.0
            var i = current
            var sink = -1
            while sink < 0 {
                treeRows.append(i)
                let base = minValue - u[i]
                func relax(_ j: Int, _ c: Double) {
                    if visited[j] == stamp { return }
                    let r = base + c - v[j]
                    if touched[j] != stamp {
                        touched[j] = stamp
                        touchedColumns.append(j)
                        distance[j] = .infinity
                    }
                    if r < distance[j] {
                        distance[j] = r
                        path[j] = i
                        heap.push(FrontierHeap.Entry(distance: r, free: row4col[j] < 0, column: j))
                    }
                }
                for e in start[i]..<start[i + 1] { relax(Int(target[e]), cost[e]) }
                if let dummy = unmatchedCost { relax(columns + i, dummy) }
                // The closest column not yet in the tree (stale heap entries are skipped).
                var next: FrontierHeap.Entry?
                while let top = heap.pop() {
                    if visited[top.column] != stamp && top.distance == distance[top.column] {
                        next = top
                        break
                    }
                }
                guard let chosen = next else {
                    preconditionFailure("ShortestAugmentingPath: no complete assignment exists")
                }
                minValue = chosen.distance
                let j = chosen.column
                visited[j] = stamp
                treeColumns.append(j)
                if row4col[j] < 0 { sink = j } else { i = row4col[j] }
            }
            // Dual update (Crouse, Algorithm 1 steps 3-4): keeps reduced costs ≥ 0.
            u[current] += minValue
            for r in treeRows where r != current { u[r] += minValue - distance[col4row[r]] }
            for j in treeColumns { v[j] -= minValue - distance[j] }
            // Augment along the alternating path ending at `sink`.
            var j = sink
            while true {
                let r = path[j]
                row4col[j] = r
                let previous = col4row[r]
                col4row[r] = j
                if r == current { break }
                j = previous
            }
        }
        return col4row.map { $0 >= columns ? -1 : $0 }
    }
}

/// A binary min-heap of frontier columns ordered by distance, then free columns first
/// (a free column ends the search, as in scipy), then column index (determinism).
struct FrontierHeap {
    struct Entry {
        var distance: Double
        var free: Bool
        var column: Int

        @inline(__always)
        static func before(_ a: Entry, _ b: Entry) -> Bool {
            if a.distance != b.distance { return a.distance < b.distance }
            if a.free != b.free { return a.free }
            return a.column < b.column
        }
    }

    private var items: [Entry] = []

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(_ entry: Entry) {
        items.append(entry)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if !Entry.before(items[child], items[parent]) { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return first }
        items[0] = last
        var parent = 0
        let n = items.count
        while true {
            let left = 2 * parent + 1
            if left >= n { break }
            var best = left
            if left + 1 < n && Entry.before(items[left + 1], items[left]) { best = left + 1 }
            if !Entry.before(items[best], items[parent]) { break }
            items.swapAt(best, parent)
            parent = best
        }
        return first
    }
}
