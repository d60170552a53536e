/// The random numbers of the clustering algorithms and the random forest: SplitMix64, so that a seed gives the
/// same sequence on every machine, build and thread count (Swift's default generator is
/// unseeded and its algorithm unspecified).
struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `0..<1` from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform index in `0..<count` (Lemire's multiply-shift; the bias is below 2⁻³²
    /// for counts under 2³², and the result is the same everywhere).
    @inline(__always)
    mutating func index(below count: Int) -> Int {
        // Parenthesised: in Swift `>>` binds tighter than `&*`.
        Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(count)) >> 32)
    }
}
