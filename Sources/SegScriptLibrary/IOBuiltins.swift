import Foundation
import SegScript
import Segmentation

/// Topic "io": `load`, `save`, `sample`, `glob`.
enum IOBuiltins {
    static let all: [Builtin] = [
        Builtin("load", topic: "io",
                parameters: [Parameter("path", .string, help: "a PNG file, or a COCO .json file (as labels)"),
                             Parameter("as", .string, default: .string("image"), help: "image, labels, classes or mask"),
                             Parameter("names", .list, default: Value.none, help: "class names (as: \"classes\")")],
                summary: "Reads a PNG image, or ground truth as labels, classes or a mask; COCO JSON as labels.",
                help: """
                    as: "image" (default) gives the pixels (gray, gray+alpha, RGB, RGBA; 8 or 16 bits; palette \
                    images expanded to RGB). as: "labels" reads an 8/16-bit label PNG (0 = background) or COCO \
                    JSON; "classes" reads a palette or gray PNG of class indices, named by `names`; "mask" reads \
                    a binary PNG (nonzero = set). Use sample(name) for the built-in images.
                    """,
                examples: ["save(sample(\"cells\", width: 64, height: 64), \"/tmp/segsh-example.png\", overwrite: true); img = load(\"/tmp/segsh-example.png\")",
                           "save(truth, \"/tmp/segsh-truth.png\", overwrite: true); t = load(\"/tmp/segsh-truth.png\", as: \"labels\")"]) { context, args in
            let path = try args.string("path")
            let kind = try args.choice("as", ["image", "labels", "classes", "mask"])
            context.ledger.recordRead(path)
            do {
                switch kind {
                case "labels" where (path as NSString).pathExtension.lowercased() == "json":
                    return .labels(try COCO.read(path: path).labels)
                case "labels": return .labels(try LabelMap.readPNG(path: path))
                case "classes":
                    let names = try args.optional("names").map { _ in try args.list("names").map { v -> String in
                        guard case .string(let s) = v else { throw ScriptError("class names must be strings, got \(v.typeName)", argument: "names") }
                        return s
                    } }
                    return .classes(try ClassMap.readPNG(path: path, names: names))
                case "mask": return .mask(try Mask.readPNG(path: path))
                default: return .image(try PNG.readImage(path: path))
                }
            } catch let e as PNGError {
                throw ScriptError(e.description, argument: "path")
            } catch let e as PixelEngineError {
                throw ScriptError(e.message, argument: "path")
            }
        },
        Builtin("save", topic: "io",
                parameters: [Parameter("value", .oneOf([.image, .mask, .labels, .classes, .table])),
                             Parameter("path", .string, help: "ends in .png (pictures), .csv (tables) or .json (labels as COCO)"),
                             Parameter("overwrite", .bool, default: .bool(false), help: "replace an existing file")],
                summary: "Writes an image, mask, label map or class map as PNG, a table as CSV, labels as COCO JSON.",
                help: """
                    The file is written atomically. An existing file is replaced only with overwrite: true, \
                    and never a file this run has read (so a script cannot destroy its own input). Masks are \
                    written as 0/255 gray, label maps as 16-bit gray (ids up to 65535), class maps as \
                    palette PNGs with the class colours.
                    """,
                examples: ["save(img, \"/tmp/segsh-cells.png\", overwrite: true)",
                           "save(measure(cells), \"/tmp/segsh-cells.csv\", overwrite: true)"]) { context, args in
            let path = try args.string("path")
            let ext = (path as NSString).pathExtension.lowercased()
            let value = args["value"]
            // What to write is settled first, so a wrong type or extension is reported as
            // such even when the file exists.
            let write: () throws -> Void
            switch (ext, value) {
            case ("png", .host(let h as ImageValue)): write = { try PNG.write(h.image, to: path) }
            case ("png", .host(let h as MaskValue)): write = { try PNG.write(h.mask, to: path) }
            case ("png", .host(let h as LabelsValue)): write = { try PNG.write(h.labels, to: path) }
            case ("png", .host(let h as ClassesValue)): write = { try PNG.write(h.classes, to: path) }
            case ("csv", .host(let h as TableValue)):
                write = {
                    do {
                        try AtomicFile.write(Data(h.table.csv().utf8), to: path)
                    } catch let e as AtomicFile.Failure {
                        throw ScriptError("cannot write '\(path)': \(e.reason)", argument: "path")
                    }
                }
            case ("json", .host(let h as LabelsValue)):
                write = { try COCO.write(h.labels, to: path, fileName: (path as NSString).lastPathComponent) }
            case ("json", _): throw ScriptError("only label maps are saved as COCO .json, got \(value.typeName)", argument: "path")
            case ("csv", _): throw ScriptError("only tables are saved as .csv; save a \(value.typeName) as .png", argument: "path")
            case ("png", _): throw ScriptError("a table is saved as .csv, not .png", argument: "path")
            default: throw ScriptError("the path must end in .png, .csv or .json, got '\(path)'", argument: "path")
            }
            try checkOutput(path, overwrite: try args.bool("overwrite"), context: context)
            do {
                try write()
            } catch let e as PNGError {
                throw ScriptError(e.description, argument: "path")
            } catch let e as PixelEngineError {
                throw ScriptError(e.message, argument: "path")
            }
            context.ledger.recordWrite(path)
            return .none
        },
        Builtin("sample", topic: "io",
                parameters: [Parameter("name", .string, help: "cells, shapes or blobs"),
                             Parameter("truth", .bool, default: .bool(false), help: "return the ground truth instead of the picture"),
                             Parameter("width", .integer, default: .number(256)),
                             Parameter("height", .integer, default: .number(256)),
                             Parameter("seed", .integer, default: .number(0))],
                summary: "A built-in sample image, or with truth: true its ground truth.",
                help: """
                    "cells": fluorescent nuclei (gray uint8); truth: a label map, one id per nucleus.
                    "shapes": disks, squares, triangles (RGB uint8); truth: a class map.
                    "blobs": random binary blobs (a mask; truth gives the same mask).
                    The same name, size and seed always give the same pixels, so the picture and its truth match.
                    The examples of the other builtins run after:
                      img = sample("cells", width: 64, height: 64); truth = sample("cells", truth: true, width: 64, height: 64)
                      fg = img > otsu(img); cells = instances(fg); rgb = sample("shapes", width: 64, height: 64)
                    """,
                examples: ["img = sample(\"cells\", width: 64, height: 64)  # an image",
                           "truth = sample(\"cells\", truth: true, width: 64, height: 64)  # a label map"]) { _, args in
            let name = try args.choice("name", Samples.names.map(\.name))
            let width = try args.integer("width", in: 8...8192), height = try args.integer("height", in: 8...8192)
            let seed = UInt64(try args.integer("seed", in: 0...Int.max))
            let truth = try args.bool("truth")
            switch name {
            case "cells":
                let s = try Samples.cells(width: width, height: height, count: max(1, min(30, width * height / 1000)), seed: seed)
                return truth ? .labels(s.truth) : .image(s.image)
            case "shapes":
                let s = try Samples.shapes(width: width, height: height, count: max(1, min(9, width * height / 1600)), seed: seed)
                return truth ? .classes(s.truth) : .image(s.image)
            default:
                return .mask(try Samples.blobs(width: width, height: height, seed: seed))
            }
        },
        GlobPattern.builtin,
    ]
}

/// The output-safety rule of every builtin that writes a file: never a file this run read,
/// and an existing file only with `overwrite: true`. Errors point at the `path` argument.
func checkOutput(_ path: String, overwrite: Bool, context: CallContext) throws {
    if let input = context.ledger.readSpelling(of: path) {
        let spelled = input == path ? "" : " (as '\(input)')"
        throw ScriptError("refusing to overwrite '\(path)': this run read it\(spelled); save to another path",
                          argument: "path")
    }
    if !overwrite, FileManager.default.fileExists(atPath: path) {
        throw ScriptError("'\(path)' already exists; pass overwrite: true to replace it, or save to another path",
                          argument: "path")
    }
}
