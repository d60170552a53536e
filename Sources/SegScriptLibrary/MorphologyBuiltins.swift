import Foundation
import SegScript
import Segmentation

private struct Morph: ImageOperation {
    let name: String, footprint: Footprint
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> {
        switch name {
        case "erode": try i.erode(footprint: footprint)
        case "dilate": try i.dilate(footprint: footprint)
        case "open": try i.open(footprint: footprint)
        default: try i.close(footprint: footprint)
        }
    }
}

private func morphology(_ name: String, _ summary: String, _ example: String) -> Builtin {
    Builtin(name, topic: "morphology",
            parameters: [Parameter("image", .oneOf([.image, .mask])),
                         Parameter("footprint", .oneOf([.number, .string]), default: .number(1),
                                   help: "a disk radius, or \"disk:R\", \"square:N\", \"diamond:R\"")],
            summary: summary, examples: [example]) { _, args in
        let footprint = try args.footprint("footprint")
        if let m = args["image"].host(as: MaskValue.self) {
            return .mask(try {
                switch name {
                case "erode": try m.mask.erode(footprint: footprint)
                case "dilate": try m.mask.dilate(footprint: footprint)
                case "open": try m.mask.open(footprint: footprint)
                default: try m.mask.close(footprint: footprint)
                }
            }())
        }
        return .image(try args.image("image").map(Morph(name: name, footprint: footprint)))
    }
}

/// Topic "morphology": erosion and friends on masks and gray images, mask clean-up.
enum MorphologyBuiltins {
    static let all: [Builtin] = [
        morphology("erode", "Minimum over the footprint: shrinks masks and bright regions.", "erode(fg, footprint: 2)"),
        morphology("dilate", "Maximum over the footprint: grows masks and bright regions.", "dilate(fg, footprint: \"square:3\")"),
        morphology("open", "Erosion then dilation: removes specks smaller than the footprint.", "open(fg, footprint: 2)"),
        morphology("close", "Dilation then erosion: fills gaps smaller than the footprint.", "close(fg)"),
        Builtin("fill_holes", topic: "morphology",
                parameters: [Parameter("mask", .mask), Parameter("connectivity", .integer, default: .number(1))],
                summary: "Sets every background region not connected to the border (scipy binary_fill_holes).",
                examples: ["fill_holes(fg)"]) { _, args in
            .mask(try args.mask("mask").fillHoles(connectivity: try args.integer("connectivity", in: 1...2)))
        },
        Builtin("skeletonize", topic: "morphology", parameters: [Parameter("mask", .mask)],
                summary: "Thins every object to a one-pixel-wide line through its middle (skimage skeletonize).",
                examples: ["skeletonize(fg)", "count(skeletonize(fg))"]) { _, args in
            .mask(try pixelErrors { try args.mask("mask").skeletonize() })
        },
        Builtin("remove_small", topic: "morphology",
                parameters: [Parameter("mask", .oneOf([.mask, .labels])), Parameter("min_size", .integer, default: .number(64)),
                             Parameter("connectivity", .integer, default: .number(1))],
                summary: "Removes objects smaller than min_size pixels (skimage remove_small_objects).",
                examples: ["remove_small(fg, min_size: 20)", "remove_small(cells, min_size: 20)"]) { _, args in
            let minSize = try args.integer("min_size", in: 0...Int.max)
            let connectivity = try args.integer("connectivity", in: 1...2)
            if let l = args["mask"].host(as: LabelsValue.self) {
                let table = try l.labels.regionprops(properties: [.area])
                return .labels(l.labels.filter(by: table) { row in (row["area"] ?? 0) >= Double(minSize) })
            }
            return .mask(try args.mask("mask").removeSmallObjects(minSize: minSize, connectivity: connectivity))
        },
        Builtin("clear_border", topic: "morphology",
                parameters: [Parameter("mask", .oneOf([.mask, .labels])), Parameter("buffer_size", .integer, default: .number(0))],
                summary: "Removes the objects touching the image border (skimage clear_border).",
                examples: ["clear_border(cells)", "clear_border(fg, buffer_size: 2)"]) { _, args in
            let buffer = try args.integer("buffer_size", in: 0...Int.max)
            if let l = args["mask"].host(as: LabelsValue.self) { return .labels(try l.labels.clearBorder(bufferSize: buffer)) }
            return .mask(try args.mask("mask").clearBorder(bufferSize: buffer))
        },
    ]
}
