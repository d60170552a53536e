import Foundation
import SegScript
import Segmentation

// Looking at the numbers behind a picture (pixels, stats) and making a picture from a
// formula (ramp): what a first lesson on images needs.

private struct PixelRows: ImageQuery {
    func apply<S: PixelSample>(_ i: Image<S>) throws -> [Value] {
        (0..<i.height).map { y in
            .list((0..<i.width).map { x in
                i.channels == 1 ? .number(i[x, y].doubleValue)
                    : .list((0..<i.channels).map { c in .number(i[x, y, c].doubleValue) })
            })
        }
    }
}

private struct Statistics: ImageQuery {
    let mask: Mask?
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Record {
        guard let mask else { return Self.record(try i.statistics()) }
        var n = 0, lo = Double.infinity, hi = -Double.infinity, sum = 0.0
        var values: [Double] = []
        values.reserveCapacity(mask.count)
        for y in 0..<i.height {
            for x in 0..<i.width where mask[x, y] {
                let v = i[x, y].doubleValue
                n += 1
                lo = min(lo, v)
                hi = max(hi, v)
                sum += v
                values.append(v)
            }
        }
        guard n > 0 else {
            throw ScriptError("the mask selects no pixel; give a mask with at least one pixel set", argument: "mask")
        }
        let mean = sum / Double(n)
        // Two passes: the squared deviations from the exact mean, as numpy's std (ddof = 0).
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        return Self.record(ImageStatistics(count: n, min: lo, max: hi, mean: mean, std: variance.squareRoot()))
    }

    static func record(_ s: ImageStatistics) -> Record {
        Record([("min", .number(s.min)), ("max", .number(s.max)), ("mean", .number(s.mean)),
                ("std", .number(s.std)), ("count", .number(Double(s.count)))])
    }
}

/// Topics "measure" (pixels, stats) and "io" (ramp).
enum InspectBuiltins {
    /// The most pixels `pixels` lists: enough for a 32x32 crop, few enough to read.
    static let pixelLimit = 1024

    static let all: [Builtin] = [
        Builtin("pixels", topic: "measure",
                parameters: [Parameter("image", .oneOf([.image, .mask, .labels, .classes]))],
                summary: "The pixel values as a list of rows (numbers; [r, g, b] lists for colour; bools for a mask).",
                help: """
                    At most \(pixelLimit) pixels: crop a small region first, e.g. pixels(crop(img, 100, 80, 6, 4)).
                    Labels give object ids (0 = background), classes give class indices.
                    """,
                examples: ["print(pixels(crop(img, 20, 20, 4, 3)))", "print(pixels(crop(fg, 20, 20, 4, 3)))"]) { _, args in
            let value = args["image"]
            let (width, height): (Int, Int) = switch value {
            case .host(let h as ImageValue): (h.image.width, h.image.height)
            case .host(let h as MaskValue): (h.mask.width, h.mask.height)
            case .host(let h as LabelsValue): (h.labels.width, h.labels.height)
            case .host(let h as ClassesValue): (h.classes.width, h.classes.height)
            default: (0, 0)
            }
            guard width * height <= pixelLimit else {
                throw ScriptError("\(width)x\(height) is \(width * height) pixels, more than \(pixelLimit) to list; "
                                  + "crop a small region first: pixels(crop(x, 0, 0, 8, 8))", argument: "image")
            }
            switch value {
            case .host(let h as MaskValue):
                let m = h.mask
                return .list((0..<height).map { y in .list((0..<width).map { x in .bool(m[x, y]) }) })
            case .host(let h as LabelsValue):
                let l = h.labels
                return .list((0..<height).map { y in .list((0..<width).map { x in .number(Double(l[x, y])) }) })
            case .host(let h as ClassesValue):
                let c = h.classes
                return .list((0..<height).map { y in .list((0..<width).map { x in .number(Double(c[x, y])) }) })
            default:
                return .list(try args.image("image").query(PixelRows()))
            }
        },
        Builtin("stats", topic: "measure",
                parameters: [Parameter("image", .oneOf([.image, .mask])),
                             Parameter("mask", .oneOf([.mask, .none]), default: Value.none,
                                       help: "only the pixels where the mask is set")],
                summary: "Summary numbers of a gray image: a record {min, max, mean, std, count} (optionally inside a mask).",
                help: "std is the population standard deviation (numpy's default). A mask as the image counts as 0/255.",
                examples: ["s = stats(img); print(s.min, s.max, round(s.mean, 1))", "print(stats(img, mask: fg).mean > stats(img).mean)  # true"]) { _, args in
            let image = try args.grayImage("image")
            var mask: Mask?
            if case .host(let h as MaskValue) = args["mask"] {
                guard h.mask.width == image.width, h.mask.height == image.height else {
                    throw ScriptError("the mask is \(h.mask.width)x\(h.mask.height) but the image is \(image.width)x\(image.height); "
                                      + "resize or crop one to match", argument: "mask")
                }
                mask = h.mask
            }
            return .record(try image.query(Statistics(mask: mask)))
        },
        Builtin("ramp", topic: "io",
                parameters: [Parameter("width", .integer), Parameter("height", .integer),
                             Parameter("angle", .number, default: .number(0),
                                       help: "direction in degrees: 0 left to right, 90 top to bottom"),
                             Parameter("start", .number, default: .number(0), help: "the value at the starting edge"),
                             Parameter("stop", .number, default: .number(1), help: "the value at the opposite edge")],
                summary: "A float image whose values change linearly across the frame (uneven lighting, gradients).",
                help: """
                    Multiply an image by a ramp to light it unevenly:
                      float(img) * ramp(img.width, img.height, start: 0.3, stop: 1.2)
                    """,
                examples: ["r = ramp(64, 32); print(r.dtype, r.width)  # float32 64",
                           "dim = float(img) * ramp(img.width, img.height, angle: 45, start: 0.2, stop: 1)"]) { _, args in
            let width = try args.integer("width", in: 1...8192), height = try args.integer("height", in: 1...8192)
            let angle = try args.number("angle"), start = try args.number("start"), stop = try args.number("stop")
            for (name, v) in [("angle", angle), ("start", start), ("stop", stop)] where !v.isFinite {
                throw ScriptError("\(name) must be a finite number, got \(Value.format(v))", argument: name)
            }
            let radians = angle * Double.pi / 180
            let c = cos(radians), s = sin(radians)
            // The projection of each pixel centre on the direction, rescaled so that the
            // extreme corners get exactly `start` and `stop`.
            let corners = [0.0, Double(width - 1)].flatMap { x in [0.0, Double(height - 1)].map { y in x * c + y * s } }
            let low = corners.min() ?? 0, span = (corners.max() ?? 0) - low
            var pixels = [Float](repeating: 0, count: width * height)
            for y in 0..<height {
                for x in 0..<width {
                    let t = span > 1e-12 ? (Double(x) * c + Double(y) * s - low) / span : 0
                    pixels[y * width + x] = Float(start + (stop - start) * t)
                }
            }
            return .image(Image<Float>(width: width, height: height, pixels: pixels))
        },
    ]
}
