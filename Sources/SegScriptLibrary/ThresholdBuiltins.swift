import Foundation
import SegScript
import Segmentation

private struct GlobalThreshold: ImageQuery {
    let method: ThresholdMethod
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Double { try i.threshold(method) }
}
private struct LocalMask: ImageQuery {
    let method: String, blockSize: Int, offset: Double, k: Double
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Mask {
        switch method {
        case "niblack": try i.thresholdNiblackMask(windowSize: blockSize, k: k)
        case "sauvola": try i.thresholdSauvolaMask(windowSize: blockSize, k: k)
        case "mean": try i.thresholdLocalMask(blockSize: blockSize, method: .mean, offset: offset)
        default: try i.thresholdLocalMask(blockSize: blockSize, method: .gaussian, offset: offset)
        }
    }
}

private func global(_ name: String, _ method: ThresholdMethod, _ summary: String) -> Builtin {
    Builtin(name, topic: "threshold", parameters: [Parameter("image", .image)],
            summary: summary,
            help: "A number in the image's units (0…255 for uint8); compare with it: img > \(name)(img).",
            examples: ["t = \(name)(img); fg = img > t"]) { _, args in
        .number(try args.grayImage("image").query(GlobalThreshold(method: method)))
    }
}

/// Topic "threshold": global and local thresholds.
enum ThresholdBuiltins {
    static let methods = ThresholdMethod.allCases.map(\.rawValue)

    static let all: [Builtin] = [
        global("otsu", .otsu, "Otsu's threshold: maximises the between-class variance (skimage threshold_otsu)."),
        global("li", .li, "Li's minimum cross-entropy threshold (skimage threshold_li)."),
        global("triangle", .triangle, "The triangle threshold: suits one dominant peak with a long tail (skimage threshold_triangle)."),
        Builtin("threshold", topic: "threshold",
                parameters: [Parameter("image", .image),
                             Parameter("method", .string, default: .string("otsu"),
                                       help: "otsu, li, yen, triangle, isodata, mean, minimum"),
                             Parameter("value", .number, default: Value.none, help: "a fixed threshold instead of a method")],
                summary: "The mask of pixels above a global threshold computed by `method` (or above `value`).",
                help: "threshold(img, method: \"li\") is img > li(img). For the number itself use otsu(img), li(img).",
                examples: ["threshold(img)", "threshold(img, method: \"yen\")", "threshold(img, value: 60)"]) { _, args in
            let image = try args.grayImage("image")
            let t: Double
            if let v = args.optional("value"), case .number(let n) = v {
                t = n
            } else {
                let m = try args.choice("method", methods)
                t = try image.query(GlobalThreshold(method: ThresholdMethod(rawValue: m) ?? .otsu))
            }
            return .mask(try image.compare(.greater, t))
        },
        Builtin("local_threshold", topic: "threshold",
                parameters: [Parameter("image", .image),
                             Parameter("block_size", .integer, default: .number(35), help: "odd window side, >= 3"),
                             Parameter("method", .string, default: .string("gaussian"), help: "gaussian, mean, niblack, sauvola"),
                             Parameter("offset", .number, default: .number(0), help: "subtracted from the local threshold (gaussian, mean)"),
                             Parameter("k", .number, default: .number(0.2), help: "niblack / sauvola weight of the local deviation")],
                summary: "The mask of pixels above their neighbourhood's threshold (skimage threshold_local, niblack, sauvola).",
                examples: ["local_threshold(img, block_size: 15)", "local_threshold(img, block_size: 15, method: \"sauvola\")"]) { _, args in
            let method = try args.choice("method", ["gaussian", "mean", "niblack", "sauvola"])
            let block = try args.integer("block_size", in: 3...Int.max)
            guard block % 2 == 1 else { throw ScriptError("block_size must be odd, got \(block)", argument: "block_size") }
            return .mask(try args.grayImage("image").query(LocalMask(method: method, blockSize: block,
                                                                     offset: try args.number("offset"), k: try args.number("k"))))
        },
    ]
}
