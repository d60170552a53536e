/// The connectivity pass of SLIC (scikit-image's `_enforce_label_connectivity_cython`):
/// every label is split into 4-connected pieces, found in raster order by breadth-first
/// search; a piece stops growing at `maxSize` pixels (the rest of it becomes further
/// pieces); a piece smaller than `minSize` takes the label of a neighbour labelled before
/// it. Unlike scikit-image, a small first piece (which has no earlier neighbour) keeps its
/// own label instead of becoming `startLabel - 1`.
enum SLICConnectivity {
    /// Returns consecutive labels from `startLabel`, in raster order of first pixels.
    static func enforce(_ labels: [UInt32], width w: Int, height h: Int,
                        minSize: Int, maxSize: Int, startLabel: UInt32) -> [UInt32] {
        let unset = UInt32.max
        var out = [UInt32](repeating: unset, count: w &* h)
        var queue = [Int](repeating: 0, count: min(w &* h, max(1, maxSize)))
        var next = startLabel
        labels.withUnsafeBufferPointer { labels in
            out.withUnsafeMutableBufferPointer { out in
                queue.withUnsafeMutableBufferPointer { queue in
                    for start in 0..<(w &* h) where out[start] == unset {
                        let label = labels[start]
                        let current = next
                        out[start] = current
                        queue[0] = start
                        var size = 1, visited = 0
                        var adjacent = unset
                        while visited < size && size < maxSize {
                            let p = queue[visited]
                            visited &+= 1
                            let x = p % w
                            for direction in 0..<4 where size < maxSize {
                                let q: Int
                                switch direction {
                                case 0: if x == w &- 1 { continue }; q = p &+ 1
                                case 1: if x == 0 { continue }; q = p &- 1
                                case 2: if p &+ w >= w &* h { continue }; q = p &+ w
                                default: if p < w { continue }; q = p &- w
                                }
                                let o = out[q]
                                if o == unset {
                                    if labels[q] == label {
                                        out[q] = current
                                        queue[size] = q
                                        size &+= 1
                                    }
                                } else if o != current {
                                    adjacent = o
                                }
                            }
                        }
                        if size < minSize && adjacent != unset {
                            for i in 0..<size { out[queue[i]] = adjacent }
                        } else {
                            next &+= 1
                        }
                    }
                }
            }
        }
        return out
    }
}
