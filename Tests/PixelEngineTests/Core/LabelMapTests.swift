import PixelEngine
import Testing
import TestSupport

@Suite struct LabelMapTests {
    private func map(_ ids: [UInt32], width: Int) -> LabelMap {
        LabelMap(ids: Image(width: width, height: ids.count / width, channels: 1, pixels: ids))
    }

    @Test(arguments: [
        ([0, 0, 0, 0], [UInt32]()),
        ([3, 3, 0, 1, 1, 7], [1, 3, 7]),
        ([0, 4_000_000_000, 4_000_000_000, 5, 0, 70_000], [5, 70_000, 4_000_000_000]),
        ([UInt32.max, 0, 2, 2], [2, UInt32.max]),
    ] as [([UInt32], [UInt32])])
    func labelsAreTheDistinctNonzeroIds(ids: [UInt32], expected: [UInt32]) {
        #expect(map(ids, width: 2).labels == expected)
    }

    @Test func labelsMatchASetOnRandomMaps() {
        var generator = SeededGenerator(seed: 5)
        for top in [1, 9, 300, 100_000] as [UInt32] {
            let ids = (0..<(31 * 17)).map { _ in UInt32.random(in: 0...top, using: &generator) }
            #expect(map(ids, width: 31).labels == Set(ids).subtracting([0]).sorted())
        }
    }
}
