/// Built-in sample images with ground truth, so that a new user can start with nothing.
///
/// Every generator is a pure function of its parameters and `seed`: an integer SplitMix64
/// generator and arithmetic IEEE 754 defines exactly (`+ - * /` and square root, no
/// `sin`/`exp`/`pow` from the C library, no fused multiply-add), so the same call gives
/// byte-identical pixels on every machine and for every thread count.
///
/// ```swift
/// let (nuclei, truth) = try Samples.cells()
/// let (picture, classes) = try Samples.shapes(seed: 7)
/// let blobs = try Samples.blobs(fraction: 0.3)
/// for entry in Samples.names { print(entry.name, "-", entry.summary) }
/// ```
public enum Samples {
    /// One built-in sample: its name (as `sample("cells")` knows it) and a one-line summary.
    public struct Entry: Sendable, Hashable {
        /// The sample's name.
        public let name: String
        /// What it shows and what its ground truth is, in one line.
        public let summary: String
    }

    /// The built-in samples, in the order a tutorial would introduce them.
    public static let names: [Entry] = [
        Entry(name: "cells", summary: "fluorescent nuclei (256x256 gray uint8), some touching, on uneven illumination; truth: one label per nucleus"),
        Entry(name: "shapes", summary: "disks, squares and triangles on a textured background (256x256 RGB uint8); truth: class map background/disk/square/triangle"),
        Entry(name: "blobs", summary: "random smooth binary blobs (256x256 mask), like skimage.data.binary_blobs"),
    ]
}

/// SplitMix64 and the arithmetic-only noise the sample generators are built from.
struct SampleRandom {
    var state: UInt64

    init(seed: UInt64, stream: UInt64 = 0) {
        state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
    }

    /// The SplitMix64 output function of `z`: a well-mixed 64-bit hash.
    @inline(__always)
    static func mix(_ z: UInt64) -> UInt64 {
        var z = z
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in [0, 1), a multiple of 2⁻⁵³ (exact).
    @inline(__always)
    mutating func unit() -> Double { Self.unit(next()) }

    /// Uniform in [low, high).
    @inline(__always)
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// An integer in `0..<n`.
    @inline(__always)
    mutating func below(_ n: Int) -> Int { Int(truncatingIfNeeded: next() % UInt64(n)) }

    /// A random direction `(cos θ, sin θ)`, θ uniform, without trigonometry: a point drawn
    /// uniformly in the unit disk (by rejection), normalised with a square root.
    mutating func direction() -> (Double, Double) {
        while true {
            let u = uniform(-1, 1), v = uniform(-1, 1)
            let r2 = u * u + v * v
            if r2 > 1e-4 && r2 <= 1 {
                let r = r2.squareRoot()
                return (u / r, v / r)
            }
        }
    }

    @inline(__always)
    static func unit(_ bits: UInt64) -> Double { Double(bits >> 11) * 0x1p-53 }

    /// A hash of a lattice point in [0, 1).
    @inline(__always)
    static func lattice(_ x: Int, _ y: Int, _ seed: UInt64) -> Double {
        unit(mix(seed &+ UInt64(bitPattern: Int64(x)) &* 0x9E37_79B9_7F4A_7C15
                      &+ UInt64(bitPattern: Int64(y)) &* 0xC2B2_AE3D_27D4_EB4F))
    }

    /// Smooth value noise in [0, 1): lattice values blended with the cubic smoothstep.
    @inline(__always)
    static func valueNoise(_ x: Double, _ y: Double, _ seed: UInt64) -> Double {
        let fx = x.rounded(.down), fy = y.rounded(.down)
        let ix = Int(fx), iy = Int(fy)
        let tx = x - fx, ty = y - fy
        let sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty)
        let a = lattice(ix, iy, seed), b = lattice(ix &+ 1, iy, seed)
        let c = lattice(ix, iy &+ 1, seed), d = lattice(ix &+ 1, iy &+ 1, seed)
        let top = a + (b - a) * sx, bottom = c + (d - c) * sx
        return top + (bottom - top) * sy
    }

    /// Fractal value noise in [0, 1): `octaves` layers, each of double frequency and half
    /// amplitude.
    static func fractalNoise(_ x: Double, _ y: Double, _ seed: UInt64, octaves: Int) -> Double {
        var sum = 0.0, amplitude = 1.0, total = 0.0, scale = 1.0
        for o in 0..<octaves {
            sum += amplitude * valueNoise(x * scale, y * scale, seed &+ UInt64(o) &* 0x632B_E59B_D9B4_E019)
            total += amplitude
            amplitude *= 0.5
            scale *= 2
        }
        return sum / total
    }

    /// Approximately standard normal noise for pixel `index`: the sum of four uniforms,
    /// centred and scaled to unit variance (Irwin–Hall).
    @inline(__always)
    static func pixelNoise(_ index: Int, _ seed: UInt64) -> Double {
        let h1 = mix(seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let h2 = mix(h1 ^ 0x5851_F42D_4C95_7F2D)
        let u0 = Double(h1 & 0xFFFF_FFFF), u1 = Double(h1 >> 32)
        let u2 = Double(h2 & 0xFFFF_FFFF), u3 = Double(h2 >> 32)
        // Each u is uniform on 0..<2^32 (variance 2^64 / 12); four have variance 2^64 / 3.
        return (u0 + u1 + u2 + u3 - 2 * 4_294_967_296.0) * (1.7320508075688772 / 4_294_967_296.0)
    }
}

extension Samples {
    /// Checks a sample's size: both sides in 8...8192.
    static func validateSize(_ width: Int, _ height: Int, _ op: String) throws(PixelEngineError) {
        if !(8...8192).contains(width) || !(8...8192).contains(height) {
            throw PixelEngineError(op, "width and height must be in 8...8192, got \(width)x\(height)")
        }
    }
}
