import Foundation
import Segmentation
import Testing
import TestSupport

@Suite("Metrics semantic scores vs the numpy reference")
struct MetricsSemanticTests {
    @Test(arguments: ["random4", "ignore0", "absent", "mask", "all_ignored"])
    func matchesReference(_ name: String) throws {
        let info = try Fixtures.npy("metrics/sem_\(name)_info.npy").doubles
        let k = Int(info[0]), ignore = info[1] < 0 ? nil : Int(info[1])
        let truth = try ClassMap(indices: try Fixtures.npy("metrics/sem_\(name)_true.npy").image(UInt8.self), classCount: k)
        let pred = try ClassMap(indices: try Fixtures.npy("metrics/sem_\(name)_pred.npy").image(UInt8.self), classCount: k)
        let m = try pred.evaluate(truth: truth, ignore: ignore)
        let confusion = try Fixtures.npy("metrics/sem_\(name)_confusion.npy").doubles.map { Int($0) }
        #expect(m.confusion.counts == confusion)
        #expect(m.confusion.classNames == truth.names)
        let scores = try Fixtures.npy("metrics/sem_\(name)_scores.npy").doubles
        func same(_ a: Double, _ b: Double) -> Bool { (a.isNaN && b.isNaN) || abs(a - b) <= 1e-6 }
        for c in 0..<k {
            #expect(same(m.iou[c], scores[2 * c]), "\(name) IoU[\(c)] \(m.iou[c]) vs \(scores[2 * c])")
            #expect(same(m.dice[c], scores[2 * c + 1]), "\(name) Dice[\(c)]")
        }
        #expect(same(m.meanIoU, scores[2 * k]), "\(name) mean IoU")
        #expect(same(m.meanDice, scores[2 * k + 1]), "\(name) mean Dice")
        let accuracy = try Fixtures.npy("metrics/sem_\(name)_accuracy.npy").doubles[0]
        #expect(same(m.pixelAccuracy, accuracy))
        _ = try expectScheduleIndependent { try pred.evaluate(truth: truth, ignore: ignore) }

        if name == "mask" {
            let mt = Mask(nonzero: truth.indices), mp = Mask(nonzero: pred.indices)
            let mm = try mp.evaluate(truth: mt)
            #expect(mm.confusion.counts == confusion)
            #expect(mm.confusion.classNames == ["background", "foreground"])
        }
    }

    @Test func predictionWithMoreClassesKeepsItsNames() throws {
        let truth = try ClassMap(indices: Image(width: 3, height: 1, pixels: [0, 1, 1]), classCount: 2)
        let pred = try ClassMap(indices: Image(width: 3, height: 1, pixels: [0, 2, 1]), classCount: 3)
        let m = try pred.evaluate(truth: truth)
        #expect(m.confusion.classNames == ["class 0", "class 1", "class 2"])
        #expect(m.confusion[truth: 1, predicted: 2] == 1)
        #expect(m.iou == [1, 0.5, 0])
    }

    @Test func heatMapColours() throws {
        let matrix = ConfusionMatrix(classNames: ["a", "b", "c"], counts: [3, 1, 0, 0, 0, 0, 0, 2, 2])
        let image = try matrix.heatMap(cellSize: 2)
        #expect(image.width == 6 && image.height == 6 && image.channels == 3)
        // Row a: v = 0.75, 0.25, 0; row b empty (white); row c: 0, 0.5, 0.5.
        func rgb(_ cellRow: Int, _ cellColumn: Int) -> [UInt8] {
            (0..<3).map { image[cellColumn * 2 + 1, cellRow * 2 + 1, $0] }
        }
        func expected(_ v: Double) -> [UInt8] {
            zip([255.0, 255, 255], [8.0, 48, 107]).map { UInt8(($0 * (1 - v) + $1 * v).rounded()) }
        }
        #expect(rgb(0, 0) == expected(0.75))
        #expect(rgb(0, 1) == expected(0.25))
        #expect(rgb(0, 2) == [255, 255, 255])
        #expect(rgb(1, 1) == [255, 255, 255])
        #expect(rgb(2, 2) == expected(0.5))
        expectError("confusion heat map") { try matrix.heatMap(cellSize: 0) }
    }

    @Test func tableLists() throws {
        let truth = try ClassMap(indices: Image(width: 4, height: 1, pixels: [0, 1, 1, 2]), classCount: 3)
        let m = try truth.evaluate(truth: truth, ignore: 2)
        let text = m.description
        #expect(text.contains("ignored"))
        #expect(text.contains("pixel accuracy  1.000"))
        #expect(m.iou[2].isNaN && m.meanIoU == 1)
    }

    @Test func badInput() throws {
        let a = try ClassMap(indices: Image(width: 2, height: 2, pixels: [0, 1, 1, 0]), classCount: 2)
        let b = try ClassMap(indices: Image(width: 4, height: 1, pixels: [0, 1, 1, 0]), classCount: 2)
        expectError("evaluate") { try a.evaluate(truth: b) }
        expectError("evaluate") { try a.evaluate(truth: a, ignore: 2) }
        expectError("evaluate") { try a.evaluate(truth: a, ignore: -1) }
        let empty = try ClassMap(indices: Image(width: 0, height: 2), classCount: 2)
        expectError("evaluate") { try empty.evaluate(truth: empty) }
        expectError("evaluate") { try Mask(width: 2, height: 2).evaluate(truth: Mask(width: 3, height: 2)) }
        expectError("compare") { try Mask(width: 2, height: 2).compare(truth: Mask(width: 3, height: 2)) }
    }
}

@Suite("Metrics compare drawing")
struct MetricsCompareTests {
    @Test func coloursTruePositivesFalsePositivesAndMisses() throws {
        // Truth: A (x 0-3) and B (x 8-11); prediction: A exactly, and C (x 14-17) extra.
        let w = 20, h = 6
        var t = Image<UInt32>(width: w, height: h), p = Image<UInt32>(width: w, height: h)
        for y in 1..<5 {
            for x in 0..<4 { t[x, y] = 1; p[x, y] = 7 }
            for x in 8..<12 { t[x, y] = 2 }
            for x in 14..<18 { p[x, y] = 9 }
        }
        let picture = try expectScheduleIndependent {
            try LabelMap(ids: p).compare(truth: LabelMap(ids: t))
        }
        func rgb(_ x: Int, _ y: Int) -> RGB8 { RGB8(picture[x, y, 0], picture[x, y, 1], picture[x, y, 2]) }
        #expect(rgb(0, 1) == CompareColors.truePositive)        // outline of the match
        #expect(rgb(8, 1) == CompareColors.falseNegative)       // outline of the miss
        #expect(rgb(14, 1) == CompareColors.falsePositive)      // outline of the extra object
        #expect(rgb(19, 0) == RGB8(0, 0, 0))                    // background untouched
        // Interiors are tinted (alpha 0.4 over black: round(c * 102 / 256)).
        func tint(_ c: RGB8) -> RGB8 {
            RGB8(UInt8((Int(c.r) * 102 + 128) >> 8), UInt8((Int(c.g) * 102 + 128) >> 8), UInt8((Int(c.b) * 102 + 128) >> 8))
        }
        #expect(rgb(1, 2) == tint(CompareColors.truePositive))
        #expect(rgb(9, 2) == tint(CompareColors.falseNegative))
        #expect(rgb(15, 2) == tint(CompareColors.falsePositive))

        let gray = Image<UInt8>(width: w, height: h, repeating: 100)
        let over = try LabelMap(ids: p).compare(truth: LabelMap(ids: t), on: gray)
        #expect(over[19, 0, 0] == 100 && over[19, 0, 2] == 100)
        #expect(RGB8(over[8, 1, 0], over[8, 1, 1], over[8, 1, 2]) == CompareColors.falseNegative)
    }

    @Test func maskComparison() throws {
        let truth = Mask(width: 3, height: 1) { x, _ in x < 2 }
        let pred = Mask(width: 3, height: 1) { x, _ in x > 0 }
        let picture = try pred.compare(truth: truth)
        #expect(RGB8(picture[0, 0, 0], picture[0, 0, 1], picture[0, 0, 2]) == CompareColors.falseNegative)
        #expect(RGB8(picture[1, 0, 0], picture[1, 0, 1], picture[1, 0, 2]) == CompareColors.truePositive)
        #expect(RGB8(picture[2, 0, 0], picture[2, 0, 1], picture[2, 0, 2]) == CompareColors.falsePositive)
    }
}
