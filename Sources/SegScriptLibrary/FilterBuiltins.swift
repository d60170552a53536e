import Foundation
import SegScript
import Segmentation

private struct Gaussian: ImageOperation {
    let sigma: Double, mode: BorderMode
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { try i.gaussian(sigma: sigma, mode: mode) }
}
private struct Median: ImageOperation {
    let radius: Int, mode: BorderMode
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { try i.median(radius: radius, mode: mode) }
}
private struct Gray: ImageOperation {
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { i.channels == 1 ? i : i.grayscale() }
}
private struct Channel: ImageOperation {
    let index: Int
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { try i.channel(index) }
}
private struct Invert: ImageOperation {
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { i.inverted() }
}
private struct Rescale: ImageOperation {
    let inRange: ClosedRange<Double>?, outRange: ClosedRange<Double>?
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { try i.rescaleIntensity(inRange: inRange, outRange: outRange) }
}
private struct Resize: ImageOperation {
    let width: Int, height: Int
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { try i.resize(width: width, height: height) }
}
private struct Crop: ImageOperation {
    let x: Int, y: Int, width: Int, height: Int
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { try i.crop(x: x, y: y, width: width, height: height) }
}
private struct Rotate: ImageOperation {
    let angle: Double, resize: Bool
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<S> { try i.rotate(angle: angle, resize: resize) }
}

extension Arguments {
    func borderMode(_ name: String) throws -> BorderMode {
        let s = try choice(name, ["reflect", "mirror", "nearest", "constant", "wrap"])
        return BorderMode(name: s) ?? .nearest
    }

    func range(_ name: String) throws -> ClosedRange<Double>? {
        guard let v = optional(name) else { return nil }
        guard case .list(let l) = v, l.count == 2, let lo = l[0].number, let hi = l[1].number, lo <= hi else {
            throw ScriptError("\(name) must be a list [low, high] with low <= high", argument: name)
        }
        return lo...hi
    }
}

/// The value's pixel type, transformed geometrically: images, masks, label maps, class maps.
private func geometric(_ args: Arguments, image: (AnyImage) throws -> AnyImage, mask: (Mask) throws -> Mask,
                       labels: (LabelMap) throws -> LabelMap, classes: (ClassMap) throws -> ClassMap) throws -> Value {
    switch args["image"] {
    case .host(let h as ImageValue): .image(try image(h.image))
    case .host(let h as MaskValue): .mask(try mask(h.mask))
    case .host(let h as LabelsValue): .labels(try labels(h.labels))
    case .host(let h as ClassesValue): .classes(try classes(h.classes))
    default: throw ScriptError("'image' must be an image, mask, labels or classes, got \(args["image"].typeName)", argument: "image")
    }
}

private let anyPicture = ValueType.oneOf([.image, .mask, .labels, .classes])

/// Topic "filters": smoothing, edges, intensity and geometry.
enum FilterBuiltins {
    static let all: [Builtin] = [
        Builtin("gray", topic: "filters", parameters: [Parameter("image", .image)],
                summary: "The image in one gray channel (luminance of RGB; alpha dropped).",
                examples: ["gray(sample(\"shapes\", width: 64, height: 64))"]) { _, args in
            .image(try args.image("image").map(Gray()))
        },
        Builtin("channel", topic: "filters",
                parameters: [Parameter("image", .image), Parameter("index", .integer, help: "0 = red (or gray), 1 = green, 2 = blue, 3 = alpha")],
                summary: "One channel of an image as a gray image.",
                examples: ["channel(overlay(img, img > 100), 1)"]) { _, args in
            let image = try args.image("image")
            let index = try args.integer("index")
            guard (0..<image.channels).contains(index) else {
                let n = image.channels
                throw ScriptError("index must be in 0...\(n - 1) (the image has \(n) channel\(n == 1 ? "" : "s")), got \(index)", argument: "index")
            }
            return .image(try image.map(Channel(index: index)))
        },
        Builtin("float", topic: "filters", parameters: [Parameter("image", .oneOf([.image, .mask]))],
                summary: "The image with float samples in 0…1 (uint8 / 255, uint16 / 65535; a mask 0 and 1).",
                help: "To keep the values as they are (200 stays 200.0), use astype(img, \"float\").",
                examples: ["float(img) * 2", "float(img > 100)"]) { _, args in
            if let m = args["image"].host(as: MaskValue.self) { return .image(PixelArithmetic.floats(m.mask.bits)) }
            return .image(try args.image("image").converted(to: .float32))
        },
        Builtin("blur", topic: "filters",
                parameters: [Parameter("image", .image),
                             Parameter("sigma", .number, default: .number(1), help: "standard deviation in pixels, > 0"),
                             Parameter("mode", .string, default: .string("nearest"), help: "border: reflect, mirror, nearest, constant, wrap")],
                summary: "Gaussian blur (skimage.filters.gaussian).",
                examples: ["blur(img, sigma: 2)", "img |> blur(sigma: 2) > 40"]) { _, args in
            let sigma = try args.positive("sigma")
            return .image(try args.image("image").map(Gaussian(sigma: sigma, mode: try args.borderMode("mode"))))
        },
        Builtin("median", topic: "filters",
                parameters: [Parameter("image", .image), Parameter("radius", .integer, default: .number(1), help: "disk radius, >= 1"),
                             Parameter("mode", .string, default: .string("nearest"))],
                summary: "Median filter over a square of side 2·radius+1 (skimage.filters.median).",
                examples: ["median(img, radius: 2)"]) { _, args in
            let radius = try args.integer("radius", in: 1...1000)
            return .image(try args.image("image").map(Median(radius: radius, mode: try args.borderMode("mode"))))
        },
        Builtin("sobel", topic: "filters", parameters: [Parameter("image", .image)],
                summary: "Edge magnitude (skimage.filters.sobel), a float image.",
                examples: ["sobel(img)"]) { _, args in
            .image(try args.image("image").floatImage.sobel())
        },
        Builtin("invert", topic: "filters", parameters: [Parameter("image", .oneOf([.image, .mask]))],
                summary: "The negative: max − value (uint8: 255 − v; float: 1 − v); a mask's complement.",
                examples: ["invert(img)"]) { _, args in
            if let m = args["image"].host(as: MaskValue.self) { return .mask(m.mask.not()) }
            return .image(try args.image("image").map(Invert()))
        },
        Builtin("rescale", topic: "filters",
                parameters: [Parameter("image", .image),
                             Parameter("in_range", .list, default: Value.none, help: "[low, high]; default: the image's min and max"),
                             Parameter("out_range", .list, default: Value.none, help: "[low, high]; default: the sample type's range")],
                summary: "Stretches intensities linearly (skimage.exposure.rescale_intensity).",
                examples: ["rescale(img)", "rescale(img, in_range: [10, 200])"]) { _, args in
            .image(try args.image("image").map(Rescale(inRange: try args.range("in_range"), outRange: try args.range("out_range"))))
        },
        Builtin("equalize", topic: "filters", parameters: [Parameter("image", .image), Parameter("nbins", .integer, default: .number(256))],
                summary: "Histogram equalization (skimage.exposure.equalize_hist), a float image in 0…1.",
                examples: ["equalize(img)"]) { _, args in
            let nbins = try args.integer("nbins", in: 1...65536)
            return switch try args.image("image") {
            case .uint8(let i): .image(try i.equalizeHist(nbins: nbins))
            case .uint16(let i): .image(try i.equalizeHist(nbins: nbins))
            case .float32(let i): .image(try i.equalizeHist(nbins: nbins))
            }
        },
        Builtin("clahe", topic: "filters",
                parameters: [Parameter("image", .image),
                             Parameter("clip_limit", .number, default: .number(0.01), help: "contrast limit in 0…1; higher = more contrast"),
                             Parameter("kernel_size", .integer, default: Value.none, help: "tile side in pixels; default 1/8 of the image"),
                             Parameter("nbins", .integer, default: .number(256))],
                summary: "Contrast-limited adaptive histogram equalization (skimage.exposure.equalize_adapthist), a float image in 0…1.",
                help: "Evens out uneven illumination before a global threshold: each tile's histogram is equalized, clipped at clip_limit, and the tiles blended.",
                examples: ["clahe(img)", "clahe(img, clip_limit: 0.03) > 0.5"]) { _, args in
            let clip = try args.number("clip_limit")
            guard clip >= 0, clip.isFinite else { throw ScriptError("clip_limit must be >= 0, got \(clip)", argument: "clip_limit") }
            let kernel = try args.optional("kernel_size").map { _ in try args.integer("kernel_size", in: 1...65536) }
            let nbins = try args.integer("nbins", in: 2...65536)
            let size = kernel.map { (height: $0, width: $0) }
            return try pixelErrors {
                switch try args.image("image") {
                case .uint8(let i): .image(try i.equalizeAdapthist(kernelSize: size, clipLimit: clip, nbins: nbins))
                case .uint16(let i): .image(try i.equalizeAdapthist(kernelSize: size, clipLimit: clip, nbins: nbins))
                case .float32(let i): .image(try i.equalizeAdapthist(kernelSize: size, clipLimit: clip, nbins: nbins))
                }
            }
        },
        Builtin("resize", topic: "filters",
                parameters: [Parameter("image", anyPicture), Parameter("width", .integer), Parameter("height", .integer)],
                summary: "Resamples to width x height (bilinear for images, nearest for masks and maps).",
                examples: ["resize(img, 32, 32)", "resize(cells, 128, 128)"]) { _, args in
            let w = try args.integer("width", in: 1...65536), h = try args.integer("height", in: 1...65536)
            return try geometric(args, image: { try $0.map(Resize(width: w, height: h)) },
                                 mask: { try $0.resize(width: w, height: h) }, labels: { try $0.resize(width: w, height: h) },
                                 classes: { try $0.resize(width: w, height: h) })
        },
        Builtin("crop", topic: "filters",
                parameters: [Parameter("image", anyPicture), Parameter("x", .integer), Parameter("y", .integer),
                             Parameter("width", .integer), Parameter("height", .integer)],
                summary: "The rectangle at (x, y) of the given size; it must lie inside the image.",
                examples: ["crop(img, 8, 8, 32, 16)"]) { _, args in
            let x = try args.integer("x"), y = try args.integer("y")
            let w = try args.integer("width"), h = try args.integer("height")
            return try geometric(args, image: { try $0.map(Crop(x: x, y: y, width: w, height: h)) },
                                 mask: { try $0.crop(x: x, y: y, width: w, height: h) },
                                 labels: { try $0.crop(x: x, y: y, width: w, height: h) },
                                 classes: { try $0.crop(x: x, y: y, width: w, height: h) })
        },
        Builtin("rotate", topic: "filters",
                parameters: [Parameter("image", anyPicture), Parameter("angle", .number, help: "degrees, counter-clockwise"),
                             Parameter("resize", .bool, default: .bool(false), help: "grow the output to hold the whole rotated image")],
                summary: "Rotates about the centre (skimage.transform.rotate); outside pixels are 0.",
                examples: ["rotate(img, 30)", "rotate(fg, 90, resize: true)"]) { _, args in
            let angle = try args.number("angle"), resize = try args.bool("resize")
            guard angle.isFinite else { throw ScriptError("angle must be finite", argument: "angle") }
            return try geometric(args, image: { try $0.map(Rotate(angle: angle, resize: resize)) },
                                 mask: { try $0.rotate(angle: angle, resize: resize) },
                                 labels: { try $0.rotate(angle: angle, resize: resize) },
                                 classes: { try $0.rotate(angle: angle, resize: resize) })
        },
    ]
}
