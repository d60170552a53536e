import Foundation
import SegScript
import Segmentation

private struct KMeans: ImageQuery {
    let k: Int, seed: UInt64
    func apply<S: PixelSample>(_ i: Image<S>) throws -> ClassMap { try i.kmeans(k: k, seed: seed).classMap }
}
private struct MultiOtsu: ImageQuery {
    let classes: Int
    func apply<S: PixelSample>(_ i: Image<S>) throws -> ClassMap { try i.multiOtsuClassMap(classes: classes) }
}
private struct SLIC: ImageQuery {
    let n: Int, compactness: Double, sigma: Double
    func apply<S: PixelSample>(_ i: Image<S>) throws -> LabelMap { try i.slic(nSegments: n, compactness: compactness, sigma: sigma) }
}
private struct Felzenszwalb: ImageQuery {
    let scale: Double, sigma: Double, minSize: Int
    func apply<S: PixelSample>(_ i: Image<S>) throws -> LabelMap { try i.felzenszwalb(scale: scale, sigma: sigma, minSize: minSize) }
}

/// Connected components of `mask`, without those under `minSize` pixels, renumbered 1…n.
func instances(_ mask: Mask, minSize: Int, connectivity: Int) throws -> LabelMap {
    let components = try mask.connectedComponents(connectivity: connectivity)
    guard minSize > 1 else { return components.labels }
    let keep = components.stats.filter { $0.area >= minSize }.map(\.label)
    return components.labels.keeping(keep, relabel: true)
}

/// Topics "semantic" (a class per pixel, superpixels) and "instance" (an id per object).
enum SegmentBuiltins {
    static let semantic: [Builtin] = [
        Builtin("semantic", topic: "semantic",
                parameters: [Parameter("image", .image),
                             Parameter("method", .string, default: .string("kmeans"), help: "kmeans, otsu (2 classes), multiotsu"),
                             Parameter("k", .integer, default: .number(3), help: "the number of classes (kmeans, multiotsu)"),
                             Parameter("seed", .integer, default: Value.none, help: "kmeans's seed; default: the session seed")],
                summary: "Classifies every pixel: k-means on intensity or colour, or Otsu thresholds.",
                help: "Classes are ordered by intensity: class 0 is the darkest.",
                examples: ["semantic(img, method: \"kmeans\", k: 3, seed: 7)", "semantic(img, method: \"multiotsu\", k: 3)"]) { context, args in
            let method = try args.choice("method", ["kmeans", "otsu", "multiotsu"])
            let image = try args.image("image")
            switch method {
            case "kmeans":
                return .classes(try image.query(KMeans(k: try args.integer("k", in: 2...256), seed: try args.seed("seed", context))))
            case "otsu":
                return .classes(try args.grayImage("image").query(MultiOtsu(classes: 2)))
            default:
                return .classes(try args.grayImage("image").query(MultiOtsu(classes: try args.integer("k", in: 2...32))))
            }
        },
        Builtin("kmeans", topic: "semantic",
                parameters: [Parameter("image", .image), Parameter("k", .integer, default: .number(3)),
                             Parameter("seed", .integer, default: Value.none)],
                summary: "k-means clustering of pixel values into k classes (k-means++ start, seeded).",
                examples: ["kmeans(rgb, k: 4, seed: 1)"]) { context, args in
            .classes(try args.image("image").query(KMeans(k: try args.integer("k", in: 2...256), seed: try args.seed("seed", context))))
        },
        Builtin("slic", topic: "semantic",
                parameters: [Parameter("image", .image), Parameter("n_segments", .integer, default: .number(100)),
                             Parameter("compactness", .number, default: .number(10)), Parameter("sigma", .number, default: .number(0))],
                summary: "SLIC superpixels (skimage.segmentation.slic): a label map of compact regions.",
                examples: ["slic(rgb, n_segments: 20)"]) { _, args in
            .labels(try args.image("image").query(SLIC(n: try args.integer("n_segments", in: 1...Int.max),
                                                      compactness: try args.positive("compactness"), sigma: try args.number("sigma"))))
        },
        Builtin("felzenszwalb", topic: "semantic",
                parameters: [Parameter("image", .image), Parameter("scale", .number, default: .number(1)),
                             Parameter("sigma", .number, default: .number(0.8)), Parameter("min_size", .integer, default: .number(20))],
                summary: "Felzenszwalb's graph-based segmentation (skimage.segmentation.felzenszwalb).",
                examples: ["felzenszwalb(rgb, scale: 100, min_size: 10)"]) { _, args in
            .labels(try args.image("image").query(Felzenszwalb(scale: try args.positive("scale"), sigma: try args.number("sigma"),
                                                              minSize: try args.integer("min_size", in: 0...Int.max))))
        },
    ]

    static let instance: [Builtin] = [
        Builtin("instances", topic: "instance",
                parameters: [Parameter("mask", .mask), Parameter("min_size", .integer, default: .number(0), help: "drop objects with fewer pixels"),
                             Parameter("connectivity", .integer, default: .number(2), help: "1: 4-neighbours, 2: 8-neighbours")],
                summary: "One id per connected object of a mask, small ones dropped, numbered 1…n.",
                examples: ["cells = instances(fg, min_size: 30); print(count(cells))"]) { _, args in
            .labels(try instances(try args.mask("mask"), minSize: try args.integer("min_size", in: 0...Int.max),
                                  connectivity: try args.integer("connectivity", in: 1...2)))
        },
        Builtin("label", topic: "instance",
                parameters: [Parameter("mask", .mask), Parameter("connectivity", .integer, default: .number(2))],
                summary: "Connected components of a mask (skimage.measure.label), numbered in raster order.",
                examples: ["label(fg, connectivity: 1)"]) { _, args in
            .labels(try instances(try args.mask("mask"), minSize: 0, connectivity: try args.integer("connectivity", in: 1...2)))
        },
        Builtin("expand_labels", topic: "instance",
                parameters: [Parameter("labels", .labels), Parameter("distance", .number, default: .number(1), help: "pixels to grow, >= 0")],
                summary: "Grows every object outward by up to `distance` pixels without overlapping its neighbours (skimage expand_labels).",
                help: "Turns nuclei into approximate cell regions: each background pixel within `distance` of an object joins the nearest one.",
                examples: ["expand_labels(cells, distance: 3)"]) { _, args in
            let distance = try args.number("distance")
            guard distance >= 0, distance.isFinite else { throw ScriptError("distance must be >= 0, got \(distance)", argument: "distance") }
            return .labels(try pixelErrors { try args.labels("labels").expandLabels(distance: distance) })
        },
        Builtin("count", topic: "instance", parameters: [Parameter("objects", .oneOf([.labels, .mask, .table]))],
                summary: "The number of objects: ids in a label map, connected components of a mask, rows of a table.",
                examples: ["count(cells)", "count(fg)"]) { _, args in
            switch args["objects"] {
            case .host(let h as LabelsValue): return .number(Double(h.labels.labels.count))
            case .host(let h as any TabularValue): return .number(Double(h.rowCount))
            default: return .number(Double(try args.mask("objects").connectedComponents(connectivity: 2).count))
            }
        },
    ]
}
