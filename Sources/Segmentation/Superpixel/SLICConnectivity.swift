/// The connectivity pass of SLIC, after scikit-image's `_enforce_label_connectivity_cython`:
/// every cluster is split into 4-connected pieces, found in raster order by breadth-first
/// search; a piece stops growing at `maxSize` pixels (the rest of it becomes further
/// pieces); a piece smaller than `minSize` takes the label of a neighbouring piece found
/// before it.
///
/// One departure: the largest piece of each cluster is kept whatever its size. scikit-image
/// also merges it when it is small, so on textured images, where colour fragments many
/// clusters, it returns 20–30% fewer segments than asked for; keeping it holds the count
/// near `nSegments`. A small piece with no earlier neighbour (only possible at the
/// top-left corner) keeps its own label instead of becoming `startLabel - 1`.
enum SLICConnectivity {
    /// Returns consecutive labels from `startLabel`, in raster order of first pixels.
    static func enforce(_ labels: [UInt32], width w: Int, height h: Int, clusters: Int,
                        minSize: Int, maxSize: Int, startLabel: UInt32) -> [UInt32] {
        let n = w &* h
        let unset = UInt32.max
        // Pass 1: pieces, their sizes and the piece each one touches that was found earlier.
        var piece = [UInt32](repeating: unset, count: n)
        var sizes: [Int] = []
        var earlier: [UInt32] = []
        var queue = [Int](repeating: 0, count: min(n, max(1, maxSize)))
        var largest = [Int](repeating: -1, count: clusters)
        labels.withUnsafeBufferPointer { labels in
            piece.withUnsafeMutableBufferPointer { piece in
                queue.withUnsafeMutableBufferPointer { queue in
                    for start in 0..<n where piece[start] == unset {
                        let label = labels[start]
                        let current = UInt32(truncatingIfNeeded: sizes.count)
                        piece[start] = current
                        queue[0] = start
                        var size = 1, visited = 0
                        var adjacent = unset
                        while visited < size && size < maxSize {
                            let p = queue[visited]
                            visited &+= 1
                            let x = p % w
                            // Right, left, down, up (scikit-image's order).
                            for direction in 0..<4 where size < maxSize {
                                let q: Int
                                switch direction {
                                case 0: if x == w &- 1 { continue }; q = p &+ 1
                                case 1: if x == 0 { continue }; q = p &- 1
                                case 2: if p &+ w >= n { continue }; q = p &+ w
                                default: if p < w { continue }; q = p &- w
                                }
                                let o = piece[q]
                                if o == unset {
                                    if labels[q] == label {
                                        piece[q] = current
                                        queue[size] = q
                                        size &+= 1
                                    }
                                } else if o != current {
                                    adjacent = o
                                }
                            }
                        }
                        sizes.append(size)
                        earlier.append(adjacent)
                        let cluster = Int(label)
                        if largest[cluster] < 0 || sizes[largest[cluster]] < size { largest[cluster] = Int(current) }
                    }
                }
            }
        }
        // Pass 2: final labels per piece, in raster order.
        var final = [UInt32](repeating: 0, count: sizes.count)
        var keep = [Bool](repeating: false, count: sizes.count)
        for l in largest where l >= 0 { keep[l] = true }
        var next = startLabel
        for i in 0..<sizes.count {
            if sizes[i] >= minSize || keep[i] || earlier[i] == unset {
                final[i] = next
                next &+= 1
            } else {
                final[i] = final[Int(earlier[i])]
            }
        }
        // A merged piece joins a segment whose first pixel comes before its own, so labels
        // stay consecutive and in raster order of first pixels.
        return piece.map { final[Int($0)] }
    }
}
