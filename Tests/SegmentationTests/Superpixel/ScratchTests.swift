import Foundation
import Segmentation
import Testing
import TestSupport

func scratchBoundaries(_ l: [UInt32], _ w: Int, _ h: Int) -> [Bool] {
    var b = [Bool](repeating: false, count: w * h)
    for y in 0..<h { for x in 0..<w {
        let p = y * w + x
        if x + 1 < w && l[p] != l[p + 1] { b[p] = true; b[p + 1] = true }
        if y + 1 < h && l[p] != l[p + w] { b[p] = true; b[p + w] = true }
    } }
    return b
}
func scratchRecall(_ seg: [UInt32], _ truth: [UInt32], _ w: Int, _ h: Int) -> Double {
    let s = scratchBoundaries(seg, w, h), t = scratchBoundaries(truth, w, h)
    var hit = 0, total = 0
    for y in 0..<h { for x in 0..<w where t[y * w + x] {
        total += 1
        var found = false
        for dy in -2...2 { for dx in -2...2 {
            let yy = y + dy, xx = x + dx
            if yy >= 0 && yy < h && xx >= 0 && xx < w && s[yy * w + xx] { found = true }
        } }
        if found { hit += 1 }
    } }
    return Double(hit) / Double(total)
}

@Suite struct SuperpixelScratch {
    @Test func look() throws {
        let rgb = try Fixtures.npy("superpixel/edges_rgb.npy").image(UInt8.self)
        let truth = try Fixtures.npy("superpixel/edges_truth.npy").image(UInt16.self)
        let t32 = truth.pixels.map { UInt32($0) }
        for n in [100, 200, 400] {
            let l = try rgb.slic(nSegments: n, compactness: 10)
            print("slic", n, l.labels.count, scratchRecall(l.ids.pixels, t32, 160, 160))
        }
        let (shapes, _) = try Samples.shapes(width: 128, height: 128)
        let (cells, _) = try Samples.cells(width: 128, height: 128, count: 10)
        for n in [50, 200, 1000] {
            let a = try shapes.slic(nSegments: n).labels.count
            let b = try cells.slic(nSegments: n, compactness: 0.1).labels.count
            let c = try rgb.slic(nSegments: n).labels.count
            print("count", n, a, b, c)
        }
        let astro = try Fixtures.npy("superpixel/astronaut_rgb.npy").image(UInt8.self)
        let coffee = try Fixtures.npy("superpixel/coffee_rgb.npy").image(UInt8.self)
        let cam = try Fixtures.npy("superpixel/camera_gray.npy").image(UInt8.self)
        for n in [50, 200, 1000] {
            print("natural", n, try astro.slic(nSegments: n).labels.count, try coffee.slic(nSegments: n).labels.count,
                  try cam.slic(nSegments: n, compactness: 0.1).labels.count)
        }
        for n in [50, 200, 1000] {
            let raw = try astro.slic(nSegments: n, enforceConnectivity: false)
            let seg = 16384.0 / Double(n)
            var small = 0, tiny = 0
            for l in raw.labels {
                var minX = 128, minY = 128, maxX = -1, maxY = -1
                for y in 0..<128 { for x in 0..<128 where raw[x, y] == l { minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y) } }
                let m = Mask(width: maxX - minX + 1, height: maxY - minY + 1) { x, y in raw[x + minX, y + minY] == l }
                let c = try m.connectedComponents(connectivity: 1)
                let big = c.stats.map(\.area).max() ?? 0
                if big < Int(0.5 * seg) { small += 1 }
                if big < Int(0.25 * seg) { tiny += 1 }
            }
            print("astro raw", n, raw.labels.count, small, tiny)
            try PNG.write(try astro.resize(width: 512, height: 512, interpolation: .nearest).markBoundaries(try raw.resize(width: 512, height: 512)), to: "/tmp/sp_astro_raw_\(n).png")
        }
        try PNG.write(shapes, to: "/tmp/sp_shapes128.png")
        try PNG.write(cells, to: "/tmp/sp_cells128.png")
        for n in [50, 200] {
            let raw = try shapes.slic(nSegments: n, enforceConnectivity: false)
            let cc = raw.labels.count
            var pieces = 0
            var small = 0
            for l in raw.labels {
                let m = Mask(width: 128, height: 128) { x, y in raw[x, y] == l }
                let c = try m.connectedComponents(connectivity: 1)
                pieces += c.count
                if (c.stats.map(\.area).max() ?? 0) < Int(0.5 * 16384.0 / Double(n)) { small += 1 }
            }
            print("raw", n, cc, pieces, small)
            try PNG.write(try shapes.markBoundaries(raw), to: "/tmp/sp_raw_\(n).png")
            try PNG.write(try shapes.markBoundaries(try shapes.slic(nSegments: n)), to: "/tmp/sp_con_\(n).png")
        }
        for (name, file) in [("astronaut", "astronaut_rgb"), ("coffee", "coffee_rgb")] {
            let img = try Fixtures.npy("superpixel/\(file).npy").image(UInt8.self)
            let f = try img.felzenszwalb(scale: name == "coffee" ? 200 : 100, sigma: name == "coffee" ? 1 : 0.8, minSize: name == "coffee" ? 30 : 50)
            print(name, f.labels.count)
        }
    }
}
