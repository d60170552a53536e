/// Where each intermediate tensor lives in one activation arena.
///
/// Tensors whose lifetimes (from the step producing them to the last step reading them)
/// do not overlap may share bytes. Placement is greedy by size with best fit: the largest
/// tensors are placed first, each in the smallest gap left between tensors alive at the
/// same time, or after them all. Offsets are 64-byte aligned for vector loads.
struct MemoryPlan: Sendable {
    /// One tensor to place: its bytes and the first and last step it is alive (inclusive).
    struct Request: Sendable {
        var id: Int
        var bytes: Int
        var firstStep: Int
        var lastStep: Int
    }

    /// The byte offset of each request, by id.
    let offsets: [Int: Int]
    /// The arena size: the planned peak of activation memory.
    let arenaBytes: Int

    /// Alignment of every offset, in bytes.
    static let alignment = 64

    init(_ requests: [Request]) {
        struct Placed { var offset: Int; var size: Int; var first: Int; var last: Int }
        let order = requests.sorted { a, b in
            a.bytes != b.bytes ? a.bytes > b.bytes : (a.firstStep != b.firstStep ? a.firstStep < b.firstStep : a.id < b.id)
        }
        var placed: [Placed] = []
        var offsets: [Int: Int] = [:]
        var arena = 0
        for request in order {
            let size = (request.bytes + Self.alignment - 1) / Self.alignment * Self.alignment
            let alive = placed
                .filter { $0.first <= request.lastStep && request.firstStep <= $0.last }
                .sorted { $0.offset < $1.offset }
            var best: (offset: Int, gap: Int)?
            var end = 0
            for other in alive {
                let gap = other.offset - end
                if gap >= size && (best == nil || gap < best!.gap) { best = (end, gap) }
                end = max(end, other.offset + other.size)
            }
            let offset = best?.offset ?? end
            placed.append(Placed(offset: offset, size: size, first: request.firstStep, last: request.lastStep))
            offsets[request.id] = offset
            arena = max(arena, offset + size)
        }
        self.offsets = offsets
        arenaBytes = arena
    }
}
