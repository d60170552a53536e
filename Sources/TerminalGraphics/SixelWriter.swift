import PixelEngine

/// Writes palette pictures as sixel text, in time linear in the pixels.
///
/// Layout of the output (DEC STD 070 / VT340):
/// `ESC P q` · `" 1 ; 1 ; width ; height` · `# i ; 2 ; r% ; g% ; b%` per palette entry ·
/// bands of six pixel rows separated by `-`; within a band, for each colour present (in
/// index order) `# i` then one sixel character per column (`?` + the 6-bit column mask),
/// runs of four or more as `! n c` (n ≤ 255, as real terminals require), colours separated
/// by `$`; trailing empty columns are omitted · `ESC \`.
enum SixelWriter {
    static func write(indices: Image<UInt8>, palette: [RGB8]) -> [UInt8] {
        precondition(indices.channels == 1 && !indices.isEmpty && !palette.isEmpty && palette.count <= 256,
                     "SixelWriter: \(indices) with \(palette.count) colours")
        let w = indices.width, h = indices.height
        var out = ByteBuffer(capacity: 64 + palette.count * 20 + w * h / 2)
        defer { out.free() }
        out.ensure(64 + palette.count * 20)
        for b in [0x1B, UInt8(ascii: "P"), UInt8(ascii: "q"), UInt8(ascii: "\""), UInt8(ascii: "1"),
                  UInt8(ascii: ";"), UInt8(ascii: "1"), UInt8(ascii: ";")] { out.append(b) }
        out.appendDecimal(w)
        out.append(UInt8(ascii: ";"))
        out.appendDecimal(h)
        for (i, c) in palette.enumerated() {
            out.append(UInt8(ascii: "#"))
            out.appendDecimal(i)
            out.append(UInt8(ascii: ";"))
            out.append(UInt8(ascii: "2"))
            for v in [c.r, c.g, c.b] {
                out.append(UInt8(ascii: ";"))
                out.appendDecimal((Int(v) * 100 + 127) / 255)
            }
        }
        // Per band: the 6-bit column masks of each colour (256 rows of w bytes), and for
        // each colour the columns where it occurs, in order (a linked list through `node`
        // arrays, at most 6 per column). Writing then visits only those columns, so the
        // work follows the pixels, not colours × width: a dithered photograph has ~256
        // colours in every band, each in a few columns only.
        var masks = [UInt8](repeating: 0, count: 256 * w)
        // head, tail, seenAt (256 each), nodeColumn, nodeNext (6w each), in one block.
        let scratch = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 3 * 256 + 12 * w)
        scratch.initialize(repeating: -1)
        defer { scratch.deallocate() }
        let head = scratch.baseAddress!, tail = head + 256, seenAt = tail + 256
        let nodeColumn = seenAt + 256, nodeNext = nodeColumn + 6 * w
        var present: [Int] = []
        present.reserveCapacity(256)
        indices.withUnsafeSamples { px in
            masks.withUnsafeMutableBufferPointer { masks in
                var band = 0
                while band &* 6 < h {
                    let top = band &* 6
                    let rows = min(6, h &- top)
                    present.removeAll(keepingCapacity: true)
                    var nodes: Int32 = 0
                    // Column by column, so each colour's columns arrive in order.
                    for x in 0..<w {
                        var p = top &* w &+ x
                        for dy in 0..<rows {
                            let c = Int(px[p])
                            p &+= w
                            masks[c &* w &+ x] |= UInt8(truncatingIfNeeded: 1 << dy)
                            if seenAt[c] != Int32(truncatingIfNeeded: x) {
                                if head[c] < 0 {
                                    present.append(c)
                                    head[c] = nodes
                                } else {
                                    nodeNext[Int(tail[c])] = nodes
                                }
                                seenAt[c] = Int32(truncatingIfNeeded: x)
                                tail[c] = nodes
                                nodeColumn[Int(nodes)] = Int32(truncatingIfNeeded: x)
                                nodeNext[Int(nodes)] = -1
                                nodes &+= 1
                            }
                        }
                    }
                    // The most this band can write: per colour `$#nnn`, runs of `?` in
                    // pieces of 255 and at most two runs per column it occurs in.
                    out.ensure(1 + present.count * (5 + 5 * (w / 255 + 1)) + 10 * Int(nodes))
                    if band > 0 { out.append(UInt8(ascii: "-")) }
                    present.sort()
                    for (k, c) in present.enumerated() {
                        if k > 0 { out.append(UInt8(ascii: "$")) }
                        out.append(UInt8(ascii: "#"))
                        out.appendDecimal(c)
                        let base = c &* w
                        // The run being built: `runChar` for `runCount` columns.
                        var runChar: UInt8 = 0x3F, runCount = 0
                        var next = 0  // the first column not written yet
                        var node = head[c]
                        while node >= 0 {
                            let x = Int(nodeColumn[Int(node)])
                            node = nodeNext[Int(node)]
                            if x > next {
                                // Empty columns in between: `?`.
                                if runChar != 0x3F { out.appendRun(runChar, runCount); runChar = 0x3F; runCount = 0 }
                                runCount &+= x &- next
                            }
                            let char = 0x3F &+ masks[base &+ x]
                            masks[base &+ x] = 0
                            if char != runChar { out.appendRun(runChar, runCount); runChar = char; runCount = 0 }
                            runCount &+= 1
                            next = x &+ 1
                        }
                        out.appendRun(runChar, runCount)
                        head[c] = -1
                        seenAt[c] = -1
                    }
                    band &+= 1
                }
            }
        }
        out.ensure(2)
        out.append(0x1B)
        out.append(UInt8(ascii: "\\"))
        return out.bytes
    }
}

/// A growable byte buffer without per-byte capacity checks: ``ensure(_:)`` makes room
/// for a known maximum, then appends write straight to memory. (An `Array` append costs a
/// uniqueness and capacity check per byte, a third of the writer's time.)
private struct ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    func free() { base.deallocate() }

    /// Room for `extra` more bytes.
    mutating func ensure(_ extra: Int) {
        guard count + extra > capacity else { return }
        let bigger = max(count + extra, capacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = bigger
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        base[count] = byte
        count &+= 1
    }

    /// `value` (≥ 0) in decimal.
    @inline(__always)
    mutating func appendDecimal(_ value: Int) {
        var divisor = 1
        while divisor &* 10 <= value { divisor &*= 10 }
        while divisor > 0 {
            append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / divisor % 10))
            divisor /= 10
        }
    }

    /// `n` copies of `char`: literally up to 3, else `! n char` in pieces of at most 255.
    @inline(__always)
    mutating func appendRun(_ char: UInt8, _ count: Int) {
        var n = count
        while n > 0 {
            let piece = min(n, 255)
            if piece < 4 {
                for _ in 0..<piece { append(char) }
            } else {
                append(UInt8(ascii: "!"))
                appendDecimal(piece)
                append(char)
            }
            n &-= piece
        }
    }

    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Maps RGB pixels to a palette with Atkinson error diffusion.
enum SixelDiffusion {
    /// The nearest palette index of every pixel after adding the diffused error: 1/8 of
    /// each pixel's error goes to (x+1, y), (x+2, y), (x−1, y+1), (x, y+1), (x+1, y+1) and
    /// (x, y+2); the remaining 2/8 is dropped. Nearest colours are cached by 5-bit-per-channel
    /// bucket (the first colour queried in a bucket decides for it), as libsixel does, so the result is deterministic.
    static func atkinson(_ rgb: Image<UInt8>, palette: [RGB8]) -> Image<UInt8> {
        precondition(rgb.channels == 3 && !palette.isEmpty && palette.count <= 256, "SixelDiffusion: \(rgb)")
        let w = rgb.width, h = rgb.height
        let stride = w &+ 4  // two guard columns on each side
        var errors = [Int32](repeating: 0, count: 3 * stride * 3)
        var cache = [UInt16](repeating: .max, count: 1 << 15)
        // The palette as (r, g, b, 0) rows of Int32, read through a pointer in the loop.
        let colors: [Int32] = palette.flatMap { c -> [Int32] in [Int32(c.r), Int32(c.g), Int32(c.b), 0] }
        let n = palette.count
        var indices = [UInt8](repeating: 0, count: w * h)
        rgb.withUnsafeSamples { src in
            colors.withUnsafeBufferPointer { pal in
            errors.withUnsafeMutableBufferPointer { err in
            cache.withUnsafeMutableBufferPointer { cache in
            indices.withUnsafeMutableBufferPointer { out in
                for y in 0..<h {
                    // Rows of the error ring: this one, the next, the one after.
                    let r0 = (y % 3) &* stride &* 3
                    let r1 = ((y &+ 1) % 3) &* stride &* 3
                    let r2 = ((y &+ 2) % 3) &* stride &* 3
                    // The error for (x+1, y) and (x+2, y) stays in registers.
                    var ahead1r: Int32 = 0, ahead1g: Int32 = 0, ahead1b: Int32 = 0
                    var ahead2r: Int32 = 0, ahead2g: Int32 = 0, ahead2b: Int32 = 0
                    var s = y &* w &* 3
                    for x in 0..<w {
                        let e = r0 &+ (x &+ 2) &* 3
                        let r = min(255, max(0, Int32(src[s]) &+ err[e] &+ ahead1r))
                        let g = min(255, max(0, Int32(src[s &+ 1]) &+ err[e &+ 1] &+ ahead1g))
                        let b = min(255, max(0, Int32(src[s &+ 2]) &+ err[e &+ 2] &+ ahead1b))
                        s &+= 3
                        err[e] = 0; err[e &+ 1] = 0; err[e &+ 2] = 0
                        let key = Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)
                        var index = Int(cache[key])
                        if index == 0xFFFF {
                            var best = Int32.max
                            index = 0
                            for k in 0..<n {
                                let dr = r &- pal[k &* 4], dg = g &- pal[k &* 4 &+ 1], db = b &- pal[k &* 4 &+ 2]
                                let d = dr &* dr &+ dg &* dg &+ db &* db
                                if d < best { best = d; index = k }
                            }
                            cache[key] = UInt16(index)
                        }
                        out[y &* w &+ x] = UInt8(truncatingIfNeeded: index)
                        let er = (r &- pal[index &* 4]) >> 3
                        let eg = (g &- pal[index &* 4 &+ 1]) >> 3
                        let eb = (b &- pal[index &* 4 &+ 2]) >> 3
                        ahead1r = ahead2r &+ er; ahead1g = ahead2g &+ eg; ahead1b = ahead2b &+ eb
                        ahead2r = er; ahead2g = eg; ahead2b = eb
                        @inline(__always) func spread(_ t: Int) {
                            err[t] &+= er
                            err[t &+ 1] &+= eg
                            err[t &+ 2] &+= eb
                        }
                        spread(r1 &+ (x &+ 1) &* 3)
                        spread(r1 &+ (x &+ 2) &* 3)
                        spread(r1 &+ (x &+ 3) &* 3)
                        spread(r2 &+ (x &+ 2) &* 3)
                    }
                }
            }
            }
            }
            }
        }
        return Image(width: w, height: h, channels: 1, pixels: indices)
    }
}
