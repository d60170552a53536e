/// An instance segmentation: every pixel holds the id of the object it belongs to, with
/// 0 for background. Ids are `UInt32`, so up to 2³²−1 objects; they need not be
/// consecutive (see the relabelling operations).
///
/// Displayed with a stable per-id palette; written to PNG as 16-bit gray while ids fit.
///
/// ```swift
/// let labels = LabelMap(ids: Image<UInt32>(width: 2, height: 1, pixels: [0, 7]))
/// labels.maxLabel // 7
/// ```
@frozen
public struct LabelMap: Sendable, Equatable, CustomStringConvertible {
    /// The ids, one channel.
    @inlinable public var ids: Image<UInt32> { storage }

    @usableFromInline var storage: Image<UInt32>

    /// An all-background label map.
    public init(width: Int, height: Int) {
        storage = Image(width: width, height: height, channels: 1)
    }

    /// A label map over an id image, which must have one channel.
    @inlinable
    public init(ids: Image<UInt32>) {
        precondition(ids.channels == 1, "LabelMap: \(ids.channels)-channel id image")
        self.storage = ids
    }

    @inlinable public var width: Int { ids.width }
    @inlinable public var height: Int { ids.height }

    /// The id at (x, y).
    @inlinable
    public subscript(x: Int, y: Int) -> UInt32 {
        get { storage[x, y] }
        set { storage[x, y] = newValue }
    }

    /// The largest id present (0 when there is only background).
    public var maxLabel: UInt32 {
        ids.withUnsafeSamples { $0.max() ?? 0 }
    }

    /// The distinct nonzero ids present, ascending.
    public var labels: [UInt32] {
        ids.withUnsafeSamples { ids -> [UInt32] in
            let top = ids.max() ?? 0
            guard top > 0 else { return [] }
            if Int(top) <= Swift.max(ids.count, 1 << 16) {
                // Ids are usually dense (1…n): mark them in a table, two linear passes.
                var seen = [Bool](repeating: false, count: Int(top) &+ 1)
                seen.withUnsafeMutableBufferPointer { seen in
                    for id in ids { seen[Int(id)] = true }
                }
                return (1...top).filter { seen[Int($0)] }
            }
            // Sparse huge ids: a set, touched once per run of equal ids.
            var found = Set<UInt32>()
            var last: UInt32 = 0
            for id in ids where id != last {
                found.insert(id)
                last = id
            }
            found.remove(0)
            return found.sorted()
        }
    }

    public var description: String { "\(width)x\(height) label map, \(labels.count) objects" }
}
