import Foundation
import SegScript
import Segmentation

/// Topic "io": `load`, `save`, `sample`, `glob`.
enum IOBuiltins {
    static let all: [Builtin] = [
        Builtin("load", topic: "io",
                parameters: [Parameter("path", .string, help: "a PNG, JPEG or TIFF file (recognised by content), or a COCO .json file (as labels)"),
                             Parameter("as", .string, default: .string("image"), help: "image, labels, classes or mask"),
                             Parameter("names", .list, default: Value.none, help: "class names (as: \"classes\")"),
                             Parameter("page", .integer, default: .number(0), help: "the TIFF page (stack plane), from 0"),
                             Parameter("orientation", .bool, default: .bool(true), help: "turn JPEG photos upright by their EXIF orientation")],
                summary: "Reads a PNG, JPEG or TIFF image, or ground truth as labels, classes or a mask; COCO JSON as labels.",
                help: """
                    The format is recognised by the file's content, not its name. as: "image" (default) gives \
                    the pixels: PNG gray, gray+alpha, RGB, RGBA in 8 or 16 bits (palettes expanded to RGB); JPEG \
                    8-bit gray or RGB (CMYK converted), turned upright by its EXIF orientation unless \
                    orientation: false; TIFF 1- to 64-bit integer or float samples, where uint8, uint16 and \
                    float32 stay as they are, 1/2/4-bit is scaled to 0…255, signed, 32/64-bit integer and \
                    64-bit float samples become float32 (a note is printed when values change), and a page \
                    of more than 4 channels comes as a list of one image per channel. page: k picks a page \
                    of a multi-page, ImageJ or OME TIFF (load_stack reads them all). A TIFF's pixel size is \
                    kept as img.pixel_size. as: "labels" reads an 8/16-bit label PNG, a 16/32-bit label TIFF \
                    (0 = background) or COCO JSON; "classes" reads a palette or gray PNG/TIFF of class \
                    indices, named by `names`; "mask" reads a binary PNG or TIFF (nonzero = set). Ground \
                    truth is never read from JPEG, which is lossy. Use sample(name) for the built-in images.
                    """,
                examples: ["save(sample(\"cells\", width: 64, height: 64), \"/tmp/segsh-example.png\", overwrite: true); img = load(\"/tmp/segsh-example.png\")",
                           "save(truth, \"/tmp/segsh-truth.tif\", overwrite: true); t = load(\"/tmp/segsh-truth.tif\", as: \"labels\")"]) { context, args in
            let path = try args.string("path")
            let kind = try args.choice("as", ["image", "labels", "classes", "mask"])
            let page = try args.integer("page", in: 0...Int(Int32.max))
            let orientation = try args.bool("orientation")
            context.ledger.recordRead(path)
            do {
                switch kind {
                case "labels" where (path as NSString).pathExtension.lowercased() == "json":
                    return .labels(try COCO.read(path: path).labels)
                case "labels": return .labels(try LabelMap.read(path: path, page: page))
                case "classes":
                    let names = try args.optional("names").map { _ in try args.list("names").map { v -> String in
                        guard case .string(let s) = v else { throw ScriptError("class names must be strings, got \(v.typeName)", argument: "names") }
                        return s
                    } }
                    return .classes(try ClassMap.read(path: path, names: names, page: page))
                case "mask": return .mask(try Mask.read(path: path, page: page))
                default:
                    let picture = try ImageFile.read(path: path, page: page, options: .init(applyOrientation: orientation))
                    return loaded(picture, path: path, context: context)
                }
            } catch let e as ImageFileError {
                throw ScriptError(e.description, argument: e.kind == .noSuchPage ? "page" : "path")
            } catch let e as PixelEngineError {
                throw ScriptError(e.message, argument: "path")
            }
        },
        Builtin("load_stack", topic: "io",
                parameters: [Parameter("path", .string, help: "a multi-page, ImageJ or OME TIFF (or any image file)"),
                             Parameter("orientation", .bool, default: .bool(true), help: "turn JPEG photos upright")],
                summary: "Reads every page of a TIFF stack as a list of images (a PNG or JPEG gives a list of one).",
                help: """
                    Pages are converted as load converts one; a page of more than 4 channels becomes a list of \
                    one image per channel. The whole stack must fit the limits (10 000 pages, 2^30 pixels); \
                    otherwise read it a page at a time with load(path, page: k).
                    """,
                examples: ["save([sample(\"cells\", width: 64, height: 64, seed: 1), sample(\"cells\", width: 64, height: 64, seed: 2)], \"/tmp/segsh-stack.tif\", overwrite: true); len(load_stack(\"/tmp/segsh-stack.tif\"))  # 2"]) { context, args in
            let path = try args.string("path")
            let orientation = try args.bool("orientation")
            context.ledger.recordRead(path)
            do {
                let pages = try ImageFile.readStack(path: path, options: .init(applyOrientation: orientation))
                return .list(pages.map { loaded($0, path: path, context: context) })
            } catch let e as ImageFileError {
                throw ScriptError(e.description, argument: "path")
            }
        },
        Builtin("save", topic: "io",
                parameters: [Parameter("value", .oneOf([.image, .mask, .labels, .classes, .table, .list])),
                             Parameter("path", .string, help: "ends in .png, .jpg/.jpeg or .tif/.tiff (pictures), .csv (tables) or .json (labels as COCO)"),
                             Parameter("overwrite", .bool, default: .bool(false), help: "replace an existing file"),
                             Parameter("quality", .integer, default: Value.none, help: "JPEG quality 1…100 (default 90)"),
                             Parameter("compression", .string, default: Value.none, help: "TIFF: deflate (default), lzw, packbits or none")],
                summary: "Writes an image, mask, label map or class map as PNG, JPEG or TIFF (a list as a TIFF stack), a table as CSV, labels as COCO JSON.",
                help: """
                    The format follows the extension. The file is written atomically. An existing file is \
                    replaced only with overwrite: true, and never a file this run has read (so a script cannot \
                    destroy its own input). PNG: masks as 0/255 gray, label maps as 16-bit gray (ids up to \
                    65535), class maps as palette PNGs with the class colours. JPEG (lossy): 8-bit gray or RGB \
                    images only, at `quality`. TIFF: 8/16-bit and float images exactly, masks as 0/255, label \
                    maps as 16-bit gray or 32-bit beyond 65535 ids, class maps as palette TIFFs, an image's \
                    pixel size as resolution tags; a list of images, masks or label maps becomes a multi-page \
                    TIFF.
                    """,
                examples: ["save(img, \"/tmp/segsh-cells.png\", overwrite: true)",
                           "save(img, \"/tmp/segsh-cells.jpg\", overwrite: true, quality: 85)",
                           "save(measure(cells), \"/tmp/segsh-cells.csv\", overwrite: true)"]) { context, args in
            let path = try args.string("path")
            let ext = (path as NSString).pathExtension.lowercased()
            let value = args["value"]
            let format = ImageFormat(pathExtensionOf: path)
            let quality = try args.optional("quality").map { _ in try args.integer("quality", in: 1...100) }
            if quality != nil, format != .jpeg {
                throw ScriptError("quality applies to JPEG files (.jpg, .jpeg), not '\(path)'", argument: "quality")
            }
            var options = ImageFile.WriteOptions(quality: quality ?? JPEG.defaultQuality)
            if args.optional("compression") != nil {
                guard format == .tiff else {
                    throw ScriptError("compression applies to TIFF files (.tif, .tiff), not '\(path)'", argument: "compression")
                }
                options.compression = TIFF.Compression(rawValue: try args.choice("compression", TIFF.Compression.allCases.map(\.rawValue)))!
            }
            // What to write is settled first, so a wrong type or extension is reported as
            // such even when the file exists.
            let write: () throws -> Void
            switch (ext, value) {
            case ("csv", .host(let h as any CSVTable)):
                write = {
                    do {
                        try AtomicFile.write(Data(h.csv.utf8), to: path)
                    } catch let e as AtomicFile.Failure {
                        throw ScriptError("cannot write '\(path)': \(e.reason)", argument: "path")
                    }
                }
            case ("json", .host(let h as LabelsValue)):
                write = { try COCO.write(h.labels, to: path, fileName: (path as NSString).lastPathComponent) }
            case ("json", _): throw ScriptError("only label maps are saved as COCO .json, got \(value.typeName)", argument: "path")
            case ("csv", _): throw ScriptError("only tables are saved as .csv; save a \(value.typeName) as .png or .tif", argument: "path")
            case (_, .list(let items)) where format != nil:
                guard format == .tiff else {
                    throw ScriptError("a list is saved as a multi-page TIFF (.tif, .tiff), not as \(format!)", argument: "path")
                }
                guard !items.isEmpty else { throw ScriptError("the list is empty: there are no pages to save", argument: "value") }
                let pages = try items.enumerated().map { k, item -> TIFF.Content in
                    guard let content = fileContent(item) else {
                        throw ScriptError("page \(k) is a \(item.typeName); a stack holds images, masks, label maps or class maps", argument: "value")
                    }
                    return content
                }
                if case .host(let first as ImageValue) = items[0] { options.pixelSize = first.pixelSize }
                write = { try ImageFile.writeStack(pages, to: path, options: options) }
            case (_, .host(let h)) where format != nil:
                guard let content = fileContent(value) else {
                    throw ScriptError("a \(h.typeName) is saved as .csv, not .\(ext)", argument: "path")
                }
                if let image = h as? ImageValue { options.pixelSize = image.pixelSize }
                write = { try ImageFile.write(content, to: path, options: options) }
            default:
                throw ScriptError("the path must end in \(ImageFormat.knownExtensions), .csv or .json, got '\(path)'", argument: "path")
            }
            try checkOutput(path, overwrite: try args.bool("overwrite"), context: context)
            do {
                try write()
            } catch let e as ImageFileError {
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
                guard width * height >= 100 else {
                    throw ScriptError("a cells sample needs at least 100 pixels (10x10) to hold a cell, got \(width)x\(height)",
                                      argument: "width")
                }
                let s = try Samples.cells(width: width, height: height, count: max(1, min(30, width * height / 1000)), seed: seed)
                return truth ? .labels(s.truth) : .image(s.image)
            case "shapes":
                guard width * height >= 400 else {
                    throw ScriptError("a shapes sample needs at least 400 pixels (20x20) to hold a shape, got \(width)x\(height)",
                                      argument: "width")
                }
                let s = try Samples.shapes(width: width, height: height, count: max(1, min(9, width * height / 1600)), seed: seed)
                return truth ? .classes(s.truth) : .image(s.image)
            default:
                return .mask(try Samples.blobs(width: width, height: height, seed: seed))
            }
        },
        GlobPattern.builtin,
    ]
}

/// A loaded picture as a value: an image (with the file's pixel size), or a list of one
/// image per channel for a page of more than 4 channels. Conversion notes are printed.
private func loaded(_ picture: ImageFile.Picture, path: String, context: CallContext) -> Value {
    for note in picture.notes { context.write("note: '\(path)': \(note)") }
    let images = picture.images.map { Value.host(ImageValue($0, pixelSize: picture.pixelSize)) }
    return picture.isPlanes ? .list(images) : images[0]
}

/// What an image file can hold, from a value (nil for tables and the rest).
private func fileContent(_ value: Value) -> TIFF.Content? {
    switch value {
    case .host(let h as ImageValue): .image(h.image)
    case .host(let h as MaskValue): .mask(h.mask)
    case .host(let h as LabelsValue): .labels(h.labels)
    case .host(let h as ClassesValue): .classes(h.classes)
    default: nil
    }
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

/// A table value that `save(t, "x.csv")` writes: a header line, then one line per row,
/// RFC 4180 quoting, CRLF line ends.
protocol CSVTable: HostValue {
    var csv: String { get }
}

extension TableValue: CSVTable {
    var csv: String { table.csv() }
}
