@testable import Segmentation
import Testing

@Suite struct ClusterSeededRandomTests {
    @Test(arguments: [1, 2, 7, 1000, 1 << 20])
    func indexCoversTheWholeRange(count: Int) {
        var rng = SeededRandom(seed: 3)
        var seen = Set<Int>()
        var total = 0.0
        let draws = 4000
        for _ in 0..<draws {
            let i = rng.index(below: count)
            #expect((0..<count).contains(i))
            seen.insert(i)
            total += Double(i)
        }
        #expect(seen.count >= min(count, draws / 8))  // not stuck on a few values
        // The mean of a uniform index is (count − 1) / 2, within a few standard errors.
        let expected = Double(count - 1) / 2
        let standardError = Double(count) / (12.0 * Double(draws)).squareRoot()
        #expect(abs(total / Double(draws) - expected) <= 5 * standardError + 1e-9)
    }

    @Test func sameSeedSameSequence() {
        var a = SeededRandom(seed: 11), b = SeededRandom(seed: 11)
        #expect((0..<50).map { _ in a.index(below: 97) } == (0..<50).map { _ in b.index(below: 97) })
    }
}
