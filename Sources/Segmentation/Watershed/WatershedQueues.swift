/// A monotone bucket queue: one FIFO per integer level, for flooding 8- and 16-bit
/// landscapes. Within a level items leave in the order they came (age order), and the
/// flood never queues below the level it is emptying, so (level, age) order needs no heap.
///
/// A level's FIFO is a growable buffer read with a cursor; the flood may append to the
/// level it is reading. Storage is manual so that the hot loop touches no Array machinery.
struct BucketQueue<Item> {
    let levels: Int
    let buffers: UnsafeMutablePointer<UnsafeMutablePointer<Item>?>
    let counts: UnsafeMutablePointer<Int>
    let capacities: UnsafeMutablePointer<Int>

    init(levels: Int) {
        self.levels = levels
        buffers = .allocate(capacity: levels)
        buffers.initialize(repeating: nil, count: levels)
        counts = .allocate(capacity: levels)
        counts.initialize(repeating: 0, count: levels)
        capacities = .allocate(capacity: levels)
        capacities.initialize(repeating: 0, count: levels)
    }

    @inline(__always)
    func push(_ level: Int, _ item: Item) {
        let c = counts[level]
        if c == capacities[level] { grow(level) }
        buffers[level].unsafelyUnwrapped[c] = item
        counts[level] = c &+ 1
    }

    @inline(never)
    func grow(_ level: Int) {
        let old = capacities[level]
        let capacity = Swift.max(256, old * 2)
        let fresh = UnsafeMutablePointer<Item>.allocate(capacity: capacity)
        if let buffer = buffers[level] {
            fresh.moveInitialize(from: buffer, count: counts[level])
            buffer.deallocate()
        }
        buffers[level] = fresh
        capacities[level] = capacity
    }

    /// Frees a level that has been emptied for good.
    func release(_ level: Int) {
        buffers[level]?.deallocate()
        buffers[level] = nil
        counts[level] = 0
        capacities[level] = 0
    }

    func deallocate() {
        for level in 0..<levels { buffers[level]?.deallocate() }
        buffers.deallocate()
        counts.deallocate()
        capacities.deallocate()
    }
}

/// An entry of the watershed heap: scikit-image's `Heapitem`.
struct HeapItem {
    var value: Double
    var age: Int32
    var index: Int32
    var source: Int32
}

/// A binary min-heap on (value, age) whose push and pop are scikit-image's
/// `heap_general.pxi` step for step (same sift-up and sift-down comparisons), so equal keys
/// (the age-0 marker entries) leave in the same order as there.
struct ReplayHeap: ~Copyable {
    private var items: UnsafeMutablePointer<HeapItem>
    private var count = 0
    private var capacity = 1024

    init() { items = .allocate(capacity: 1024) }
    deinit { items.deallocate() }

    @inline(__always)
    static func smaller(_ a: HeapItem, _ b: HeapItem) -> Bool {
        a.value != b.value ? a.value < b.value : a.age < b.age
    }

    @inline(__always)
    mutating func push(_ item: HeapItem) {
        if count == capacity { grow() }
        var child = count
        count &+= 1
        items[child] = item
        while child > 0 {
            let parent = (child &+ 1) / 2 &- 1
            if Self.smaller(items[child], items[parent]) {
                items.swapAt(child, parent)
                child = parent
            } else {
                break
            }
        }
    }

    @inline(never)
    private mutating func grow() {
        let fresh = UnsafeMutablePointer<HeapItem>.allocate(capacity: capacity * 2)
        fresh.moveInitialize(from: items, count: count)
        items.deallocate()
        items = fresh
        capacity *= 2
    }

    @inline(__always)
    mutating func pop() -> HeapItem? {
        if count == 0 { return nil }
        let top = items[0]
        count &-= 1
        if count == 0 { return top }
        items[0] = items[count]
        var i = 0
        while true {
            let l = 2 &* i &+ 1, r = l &+ 1
            var smallest = i
            if l < count {
                if Self.smaller(items[l], items[i]) { smallest = l }
                if r < count && Self.smaller(items[r], items[smallest]) { smallest = r }
            } else {
                break
            }
            if smallest == i { break }
            items.swapAt(i, smallest)
            i = smallest
        }
        return top
    }
}

/// An entry of ``PackedReplayHeap``: (value, age) as one ordered key, then the pixel and
/// its marker's seed pixel.
struct PackedHeapItem {
    var key: UInt64
    var index: UInt32
    var source: UInt32
}

/// ``ReplayHeap`` with one-integer keys: the same binary heap, the same comparisons (each
/// `smaller` is `a.key < b.key`), moving a hole instead of swapping, which places every
/// element where the swaps would.
struct PackedReplayHeap: ~Copyable {
    private var items: UnsafeMutablePointer<PackedHeapItem>
    private var count = 0
    private var capacity = 4096

    init() { items = .allocate(capacity: 4096) }
    deinit { items.deallocate() }

    @inline(__always)
    mutating func push(_ item: PackedHeapItem) {
        if count == capacity { grow() }
        var child = count
        count &+= 1
        while child > 0 {
            let parent = (child &+ 1) / 2 &- 1
            let p = items[parent]
            if item.key < p.key {
                items[child] = p
                child = parent
            } else {
                break
            }
        }
        items[child] = item
    }

    @inline(never)
    private mutating func grow() {
        let fresh = UnsafeMutablePointer<PackedHeapItem>.allocate(capacity: capacity * 2)
        fresh.moveInitialize(from: items, count: count)
        items.deallocate()
        items = fresh
        capacity *= 2
    }

    @inline(__always)
    mutating func pop() -> PackedHeapItem? {
        if count == 0 { return nil }
        let top = items[0]
        count &-= 1
        if count == 0 { return top }
        let moving = items[count]
        let n = count
        var i = 0
        while true {
            let l = 2 &* i &+ 1
            if l >= n { break }
            let r = l &+ 1
            // scikit-image: smallest = l if l < i; then r if r < smallest.
            var smallest = i
            var smallestKey = moving.key
            let lk = items[l].key
            if lk < smallestKey { smallest = l; smallestKey = lk }
            if r < n && items[r].key < smallestKey { smallest = r }
            if smallest == i { break }
            items[i] = items[smallest]
            i = smallest
        }
        items[i] = moving
        return top
    }
}

extension UnsafeMutablePointer {
    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
