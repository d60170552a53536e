import Foundation
import SegScript
import Segmentation

/// `astype` and `where`: the numeric model's conversions (``PixelArithmetic``).
enum ArithmeticBuiltins {
    static let all: [Builtin] = [astype, select]

    static let astype = Builtin(
        "astype", topic: "filters",
        parameters: [Parameter("x", .oneOf([.image, .mask, .labels]), help: "an image, a mask (0 and 1) or a label map (its ids)"),
                     Parameter("dtype", .string, help: "\"uint8\", \"uint16\" or \"float\"")],
        summary: "The values as another sample type, kept as they are (numpy astype): a uint8 200 becomes float 200.0.",
        help: """
            Unlike float(img), which rescales to 0…1, astype keeps the numbers: astype(mask, "uint8") \\
            is 0 and 1, astype(cells, "float") holds the ids. To an integer type, values are rounded \\
            (half to even); values outside its range are clipped, with a note saying how many.
            """,
        examples: ["astype(img, \"float\") - 10", "astype(img > 100, \"uint8\") * 2 + astype(img > 200, \"uint8\")",
                   "astype(cells, \"uint16\")"]) { context, args in
        let name = try args.choice("dtype", ["uint8", "uint16", "float", "float32"])
        let type: SampleType = switch name {
        case "uint8": .uint8
        case "uint16": .uint16
        default: .float32
        }
        let (image, clipped) = try PixelArithmetic.astype(args["x"], type)
        if clipped > 0 {
            context.write("note: astype: \(clipped) of \(image.width * image.height * image.channels) samples were outside \(name)'s range and were clipped")
        }
        return .image(image)
    }

    static let select = Builtin(
        "where", topic: "filters",
        parameters: [Parameter("mask", .mask, help: "where to take `a`"),
                     Parameter("a", .oneOf([.image, .mask, .labels, .number]), help: "the value inside the mask"),
                     Parameter("b", .oneOf([.image, .mask, .labels, .number]), help: "the value outside it")],
        summary: "An image that is `a` where the mask is set and `b` elsewhere (numpy where).",
        help: """
            a and b are images, masks (0 and 1), label maps (ids) or numbers. The result is uint8 or \\
            uint16 when both fit that type (whole numbers ≥ 0), else float. A one-channel mask or \\
            operand applies to every channel of a colour image.
            """,
        examples: ["where(img > 100, img, 0)", "where(img > 200, 2, where(img < 30, 1, 0))"]) { _, args in
        .image(try pixelErrors { try PixelArithmetic.select(try args.mask("mask"), args["a"], args["b"]) })
    }
}
