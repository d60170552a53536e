import Foundation

/// Pixel counts of (true class, predicted class), with the class names.
///
/// Row `t`, column `p` counts the pixels of true class `t` predicted as `p` (the
/// scikit-learn convention: rows are the truth).
///
/// ```swift
/// let m = try pred.evaluate(truth: truth).confusion
/// m[truth: 1, predicted: 2]   // class-1 pixels predicted as class 2
/// ```
public struct ConfusionMatrix: Sendable, Equatable, CustomStringConvertible {
    /// The class names, in index order.
    public let classNames: [String]
    /// `classCount × classCount` counts, row-major (row = true class).
    public let counts: [Int]

    /// A matrix from its counts; `counts.count` must be `classNames.count²`.
    public init(classNames: [String], counts: [Int]) {
        precondition(counts.count == classNames.count * classNames.count,
                     "ConfusionMatrix: \(counts.count) counts for \(classNames.count) classes")
        self.classNames = classNames
        self.counts = counts
    }

    /// The number of classes.
    public var classCount: Int { classNames.count }

    /// Pixels of true class `truth` predicted as `predicted`.
    public subscript(truth truth: Int, predicted predicted: Int) -> Int {
        counts[truth * classCount + predicted]
    }

    /// The pixels counted (ignored pixels excluded).
    public var total: Int { counts.reduce(0, +) }

    /// The matrix as an aligned table: one row per true class, one column per predicted class.
    public var description: String {
        let k = classCount
        let nameWidth = max(10, classNames.map(\.count).max() ?? 0)
        let cellWidth = max(8, counts.map { String($0).count }.max() ?? 0, classNames.map(\.count).max() ?? 0) + 1
        func pad(_ s: String, _ w: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return left ? s + fill : fill + s
        }
        var lines = [pad("true \\ pred", nameWidth + 1, left: true) + classNames.map { pad($0, cellWidth) }.joined()]
        for t in 0..<k {
            lines.append(pad(classNames[t], nameWidth + 1, left: true)
                         + (0..<k).map { pad(String(counts[t * k + $0]), cellWidth) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// The matrix as a small heat map: one `cellSize`-pixel square per (true, predicted)
    /// pair, true classes down, predicted classes across.
    ///
    /// The colour is the row-normalised value `v = count / (pixels of the true class)`
    /// (0 for an empty row), blended linearly from white (v = 0) to dark blue
    /// `#08306b` (v = 1), rounded: `c = round(255·(1 − v) + blue·v)` per channel.
    /// - Parameter cellSize: pixels per cell side, 1…256 (default 16).
    /// - Returns: an RGB uint8 image of `classCount·cellSize` squared pixels.
    /// - Throws: ``PixelEngineError`` (`confusion heat map`) when cellSize is outside 1…256.
    ///
    /// ```swift
    /// let picture = try metrics.confusion.heatMap(cellSize: 24)
    /// ```
    public func heatMap(cellSize: Int = 16) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.inRange(cellSize, 1...256, "cellSize", "confusion heat map")
        let k = classCount
        let dark: [Double] = [8, 48, 107]
        var colors = [UInt8](repeating: 255, count: k * k * 3)
        for t in 0..<k {
            let rowTotal = (0..<k).reduce(0) { $0 + counts[t * k + $1] }
            for p in 0..<k {
                let v = rowTotal > 0 ? Double(counts[t * k + p]) / Double(rowTotal) : 0
                for c in 0..<3 {
                    colors[(t * k + p) * 3 + c] = UInt8((255 * (1 - v) + dark[c] * v).rounded())
                }
            }
        }
        let side = k * cellSize
        return colors.withUnsafeBufferPointer { table in
            Image<UInt8>.generate(width: side, height: side, channels: 3) { rows, out in
                for y in rows {
                    let t = y / cellSize
                    for x in 0..<side {
                        let cell = (t * k + x / cellSize) * 3
                        let o = (y * side + x) * 3
                        out[o] = table[cell]
                        out[o + 1] = table[cell + 1]
                        out[o + 2] = table[cell + 2]
                    }
                }
            }
        }
    }
}

/// Pixel-wise scores of a semantic segmentation against the truth.
///
/// From the ``ConfusionMatrix`` `C` (ignored pixels excluded), per class `k`:
/// `TP = C[k,k]`, `FP = Σ_t C[t,k] − TP`, `FN = Σ_p C[k,p] − TP`;
/// `IoU_k = TP/(TP+FP+FN)`, `Dice_k = 2TP/(2TP+FP+FN)`. A class absent from both maps (a
/// zero denominator), and the ignored class, get **NaN** and are left out of the means
/// (numpy's `nanmean`, the convention of mmsegmentation and torchmetrics' "ignore absent"):
/// `meanIoU` and `meanDice` average the other classes, and are NaN when none is left.
/// Pixel accuracy is `trace(C) / total`, NaN when every pixel is ignored.
///
/// ```swift
/// let m = try pred.evaluate(truth: truth, ignore: 0)
/// print(m)   // the table and the matrix
/// ```
public struct SemanticMetrics: Sendable, Equatable, CustomStringConvertible {
    /// The confusion matrix (rows: true class).
    public let confusion: ConfusionMatrix
    /// The class whose true pixels were left out, if any.
    public let ignore: Int?
    /// Correct pixels over counted pixels.
    public let pixelAccuracy: Double
    /// Intersection over union per class (NaN: absent from both, or ignored).
    public let iou: [Double]
    /// Dice (F1) per class (NaN: absent from both, or ignored).
    public let dice: [Double]

    /// The mean of the non-NaN per-class IoUs.
    public var meanIoU: Double { Self.nanMean(iou) }
    /// The mean of the non-NaN per-class Dice scores.
    public var meanDice: Double { Self.nanMean(dice) }

    static func nanMean(_ values: [Double]) -> Double {
        let kept = values.filter { !$0.isNaN }
        return kept.isEmpty ? .nan : kept.reduce(0, +) / Double(kept.count)
    }

    public static func == (a: SemanticMetrics, b: SemanticMetrics) -> Bool {
        func same(_ x: [Double], _ y: [Double]) -> Bool {
            x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        }
        return a.confusion == b.confusion && a.ignore == b.ignore && same([a.pixelAccuracy], [b.pixelAccuracy])
            && same(a.iou, b.iou) && same(a.dice, b.dice)
    }

    /// The scores from a confusion matrix.
    public init(confusion: ConfusionMatrix, ignore: Int? = nil) {
        self.confusion = confusion
        self.ignore = ignore
        let k = confusion.classCount
        var trace = 0
        var iou = [Double](repeating: .nan, count: k), dice = [Double](repeating: .nan, count: k)
        for c in 0..<k {
            let tp = confusion[truth: c, predicted: c]
            trace += tp
            let column = (0..<k).reduce(0) { $0 + confusion[truth: $1, predicted: c] }
            let row = (0..<k).reduce(0) { $0 + confusion[truth: c, predicted: $1] }
            let fp = column - tp, fn = row - tp
            if c == ignore { continue }
            if tp + fp + fn > 0 {
                iou[c] = Double(tp) / Double(tp + fp + fn)
                dice[c] = Double(2 * tp) / Double(2 * tp + fp + fn)
            }
        }
        let total = confusion.total
        pixelAccuracy = total > 0 ? Double(trace) / Double(total) : .nan
        self.iou = iou
        self.dice = dice
    }

    /// Per-class scores, the means and the matrix, aligned.
    public var description: String {
        func f(_ v: Double) -> String { v.isNaN ? "   nan" : String(format: "%6.3f", v) }
        let names = confusion.classNames
        let w = max(10, names.map(\.count).max() ?? 0)
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        var lines = ["semantic metrics: \(confusion.classCount) classes, \(confusion.total) pixels"
                     + (ignore.map { " (class \($0) '\(names[$0])' ignored)" } ?? "")]
        lines.append(pad("class") + "    IoU   Dice")
        for c in 0..<names.count { lines.append(pad(names[c]) + " " + f(iou[c]) + " " + f(dice[c])) }
        lines.append(pad("mean") + " " + f(meanIoU) + " " + f(meanDice))
        lines.append("pixel accuracy " + f(pixelAccuracy))
        lines.append(confusion.description)
        return lines.joined(separator: "\n")
    }
}

extension ClassMap {
    /// Scores this prediction against the true classes; see ``SemanticMetrics``.
    ///
    /// The class list is the truth's; when the prediction has more classes, its extra
    /// names are appended (index `k` means the same class in both maps).
    ///
    /// - Parameters:
    ///   - truth: the true classes; same size.
    ///   - ignore: a class index whose true pixels are not counted (e.g. "unlabelled");
    ///     predictions of that class on other pixels still count as errors.
    /// - Returns: the metrics.
    /// - Throws: ``PixelEngineError`` (`evaluate`) when sizes differ, the maps are empty or
    ///   `ignore` is not a class index.
    ///
    /// ```swift
    /// let m = try pred.evaluate(truth: truth, ignore: 0)
    /// m.meanIoU
    /// ```
    public func evaluate(truth: ClassMap, ignore: Int? = nil) throws(PixelEngineError) -> SemanticMetrics {
        try Validate.sameSize(indices, truth.indices, "evaluate")
        try Validate.nonEmpty(truth.indices, "evaluate")
        var names = truth.names
        if classes.count > names.count { names += self.names[names.count...] }
        if let ignore {
            try Validate.inRange(ignore, 0...(names.count - 1), "ignore", "evaluate")
        }
        let counts = SemanticConfusion.count(truth: truth.indices, predicted: indices, classCount: names.count,
                                             ignore: ignore)
        return SemanticMetrics(confusion: ConfusionMatrix(classNames: names, counts: counts), ignore: ignore)
    }
}

extension Mask {
    /// Scores this predicted mask against the true one as two classes, `background` (0)
    /// and `foreground` (1); see ``SemanticMetrics``. `iou[1]` is the foreground IoU.
    ///
    /// - Throws: ``PixelEngineError`` (`evaluate`) when sizes differ or the masks are empty.
    ///
    /// ```swift
    /// let m = try predicted.evaluate(truth: trueMask)
    /// m.iou[1]   // foreground IoU
    /// ```
    public func evaluate(truth: Mask) throws(PixelEngineError) -> SemanticMetrics {
        try Validate.sameSize(bits, truth.bits, "evaluate")
        try Validate.nonEmpty(truth.bits, "evaluate")
        let counts = SemanticConfusion.count(truth: truth.bits, predicted: bits, classCount: 2, ignore: nil)
        return SemanticMetrics(confusion: ConfusionMatrix(classNames: ["background", "foreground"], counts: counts))
    }
}

/// The confusion count: one parallel pass, a 256×256 histogram per band.
enum SemanticConfusion {
    static func count(truth: Image<UInt8>, predicted: Image<UInt8>, classCount k: Int, ignore: Int?) -> [Int] {
        let n = truth.pixelCount
        let bands = min(truth.height, max(1, ParallelRows.processorCount * 2))
        var partial = [Int](repeating: 0, count: bands * 65536)
        let skip = ignore ?? -1
        partial.withUnsafeMutableBufferPointer { hist in
            truth.withUnsafeSamples { tBuffer in
                predicted.withUnsafeSamples { pBuffer in
                    let t = tBuffer.baseAddress!, p = pBuffer.baseAddress!
                    let h = hist.baseAddress!
                    parallelRows(bands, costPerRow: n / max(1, bands)) { range in
                        for band in range {
                            let start = n * band / bands, end = n * (band + 1) / bands
                            let base = h + band &* 65536
                            for i in start..<end {
                                let a = Int(t[i])
                                if a == skip { continue }
                                base[a &<< 8 | Int(p[i])] &+= 1
                            }
                        }
                    }
                }
            }
        }
        var counts = [Int](repeating: 0, count: k * k)
        for band in 0..<bands {
            for a in 0..<k {
                for b in 0..<k { counts[a * k + b] += partial[band * 65536 + (a << 8) + b] }
            }
        }
        return counts
    }
}
