import Foundation
import SegScript
import Segmentation

private struct Watershed: ImageQuery {
    let markers: LabelMap, connectivity: Int, mask: Mask?, compactness: Double, line: Bool
    func apply<S: PixelSample>(_ i: Image<S>) throws -> LabelMap {
        try i.watershed(markers: markers, connectivity: connectivity, mask: mask, compactness: compactness, watershedLine: line)
    }
}
private struct PeakMarkers: ImageQuery {
    let minDistance: Int, thresholdAbs: Double?, thresholdRel: Double?, labels: LabelMap?
    func apply<S: PixelSample>(_ i: Image<S>) throws -> LabelMap {
        try i.peakLocalMax(minDistance: minDistance, thresholdAbs: thresholdAbs, thresholdRel: thresholdRel, labels: labels).markers
    }
}

extension Arguments {
    func optionalNumber(_ name: String) throws -> Double? { optional(name) == nil ? nil : try number(name) }
    func optionalInteger(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        optional(name) == nil ? nil : try integer(name, in: range)
    }
}

/// Topic "instance": distance transform, peaks, watershed, declumping.
enum WatershedBuiltins {
    static let all: [Builtin] = [
        Builtin("distance", topic: "instance", parameters: [Parameter("mask", .mask)],
                summary: "The Euclidean distance of every set pixel to the nearest unset one (scipy distance_transform_edt).",
                examples: ["d = distance(fg); print(d.dtype)  # float32"]) { _, args in
            .image(try args.mask("mask").distanceTransform())
        },
        Builtin("peaks", topic: "instance",
                parameters: [Parameter("image", .image),
                             Parameter("min_distance", .integer, default: .number(1), help: "peaks at least this far apart"),
                             Parameter("threshold_abs", .number, default: Value.none, help: "a peak must exceed this value"),
                             Parameter("threshold_rel", .number, default: Value.none, help: "… and this fraction of the maximum"),
                             Parameter("labels", .labels, default: Value.none, help: "search each object separately")],
                summary: "The local maxima (skimage peak_local_max) as markers: one id per peak, for watershed.",
                examples: ["m = peaks(blur(distance(fg), sigma: 1), min_distance: 3); print(type(m))  # labels"]) { _, args in
            .labels(try args.grayImage("image").query(PeakMarkers(
                minDistance: try args.integer("min_distance", in: 0...Int.max),
                thresholdAbs: try args.optionalNumber("threshold_abs"), thresholdRel: try args.optionalNumber("threshold_rel"),
                labels: args.optional("labels") == nil ? nil : try args.labels("labels"))))
        },
        Builtin("watershed", topic: "instance",
                parameters: [Parameter("image", .image, help: "the relief: regions grow from low to high values"),
                             Parameter("markers", .oneOf([.labels, .mask]), help: "seeds: labels, or a mask (one seed per component)"),
                             Parameter("mask", .mask, default: Value.none, help: "only these pixels are labelled"),
                             Parameter("connectivity", .integer, default: .number(1)),
                             Parameter("compactness", .number, default: .number(0)),
                             Parameter("watershed_line", .bool, default: .bool(false))],
                summary: "Floods the image from the markers (skimage.segmentation.watershed).",
                help: "To split touching objects: watershed(-distance(fg), peaks(distance(fg), min_distance: 5), mask: fg), or simply declump(fg).",
                examples: ["d = distance(fg); w = watershed(-d, peaks(d, min_distance: 3), mask: fg); print(type(w))  # labels"]) { _, args in
            let markers: LabelMap
            if let m = args["markers"].host(as: MaskValue.self) {
                markers = try LabelMap.fromMarkers(m.mask)
            } else {
                markers = try args.labels("markers")
            }
            return .labels(try args.grayImage("image").query(Watershed(
                markers: markers, connectivity: try args.integer("connectivity", in: 1...2),
                mask: args.optional("mask") == nil ? nil : try args.mask("mask"),
                compactness: try args.number("compactness"), line: try args.bool("watershed_line"))))
        },
        Builtin("declump", topic: "instance",
                parameters: [Parameter("mask", .mask),
                             Parameter("min_distance", .integer, default: Value.none, help: "between seeds; default from the typical radius"),
                             Parameter("sigma", .number, default: Value.none, help: "smoothing of the distance map"),
                             Parameter("h", .number, default: Value.none, help: "seed by h-maxima of this height instead of peaks"),
                             Parameter("min_size", .integer, default: Value.none, help: "drop smaller objects"),
                             Parameter("connectivity", .integer, default: .number(2)),
                             Parameter("compactness", .number, default: .number(0))],
                summary: "Splits touching round objects: distance transform, one seed per centre, watershed.",
                help: "Parameters left out are derived from the typical object radius of the mask.",
                examples: ["cells = declump(fg); print(count(cells) >= count(fg))"]) { _, args in
            .labels(try args.mask("mask").declump(
                minDistance: try args.optionalInteger("min_distance", in: 1...Int.max), sigma: try args.optionalNumber("sigma"),
                h: try args.optionalNumber("h"), minSize: try args.optionalInteger("min_size", in: 0...Int.max),
                connectivity: try args.integer("connectivity", in: 1...2), compactness: try args.number("compactness")))
        },
    ]
}
