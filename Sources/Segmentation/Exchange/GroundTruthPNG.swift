import Foundation

extension LabelMap {
    /// Reads instance ground truth from a PNG: each pixel value is an object id, 0 is
    /// background.
    ///
    /// - 8- or 16-bit gray: the value is the id;
    /// - palette: the palette index is the id (the colours are ignored);
    /// - 8-bit RGB: `id = R + 256·G + 65536·B`, the COCO panoptic convention.
    ///
    /// - Parameter path: the PNG file.
    /// - Returns: a label map of the image's size.
    /// - Throws: ``PixelEngineError`` (`read label map`) when the file cannot be read or is
    ///   not one of the layouts above (gray+alpha, RGBA, 16-bit RGB).
    ///
    /// ```swift
    /// let truth = try LabelMap.readPNG(path: "gt/cells_labels.png")
    /// ```
    public static func readPNG(path: String) throws(PixelEngineError) -> LabelMap {
        let decoded = try GroundTruthPNG.decode(path, keepPaletteIndices: true, "read label map")
        do {
            return try LabelMap(groundTruth: decoded.image)
        } catch {
            throw PixelEngineError("read label map", "'\(path)': \(error.message)")
        }
    }

    /// Object ids from an image holding them: 8- or 16-bit gray (the value is the id), or
    /// 8-bit RGB (`id = R + 256·G + 65536·B`, the COCO panoptic convention).
    ///
    /// - Parameter image: the id image, e.g. a decoded label PNG.
    /// - Returns: a label map of the image's size.
    /// - Throws: ``PixelEngineError`` (`label map`) for float images (not ids: threshold
    ///   and label them first) and for gray+alpha, RGBA or 16-bit colour images.
    ///
    /// ```swift
    /// let truth = try LabelMap(groundTruth: PNG.readImage(path: "gt.png"))
    /// ```
    public init(groundTruth image: AnyImage) throws(PixelEngineError) {
        switch image {
        case .uint8(let image) where image.channels == 1:
            self.init(ids: image.map { UInt32($0) })
        case .uint16(let image) where image.channels == 1:
            self.init(ids: image.map { UInt32($0) })
        case .uint8(let image) where image.channels == 3:
            let ids = image.mapRows(outputChannels: 1) { (_, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt32>) in
                for x in 0..<output.count {
                    output[x] = UInt32(input[3 &* x]) | UInt32(input[3 &* x &+ 1]) << 8 | UInt32(input[3 &* x &+ 2]) << 16
                }
            }
            self.init(ids: ids)
        case .float32:
            throw PixelEngineError("label map", "\(image) holds intensities, not object ids; threshold and label it first")
        default:
            throw PixelEngineError("label map", "\(image) is not a label image; ids come as 8/16-bit gray, palette indices or 8-bit RGB (panoptic)")
        }
    }

    /// Writes the label map as a 16-bit gray PNG (ids must be ≤ 65535), atomically.
    ///
    /// - Throws: ``PixelEngineError`` (`write label map`) when an id is over 65535 or the
    ///   file cannot be written.
    ///
    /// ```swift
    /// try labels.writePNG(to: "labels.png")
    /// ```
    public func writePNG(to path: String) throws(PixelEngineError) {
        do {
            try PNG.write(self, to: path)
        } catch {
            throw PixelEngineError("write label map", error.description)
        }
    }
}

extension ClassMap {
    /// Reads semantic ground truth from a PNG: each pixel value is a class index.
    ///
    /// - palette: the index is the class; class colours come from the palette;
    /// - 8- or 16-bit gray: the value is the class (16-bit values must be < 256); colours
    ///   are ``SemanticClass/classPalette``.
    ///
    /// - Parameters:
    ///   - path: the PNG file.
    ///   - names: the class names, index order; default `class 0`, `class 1`, … up to the
    ///     largest index present.
    /// - Returns: a class map with `names.count` classes.
    /// - Throws: ``PixelEngineError`` (`read class map`) when the file cannot be read, is a
    ///   colour image, or holds an index without a name.
    ///
    /// ```swift
    /// let truth = try ClassMap.readPNG(path: "gt/tissue.png", names: ["background", "tumour", "stroma"])
    /// ```
    public static func readPNG(path: String, names: [String]? = nil) throws(PixelEngineError) -> ClassMap {
        let operation = "read class map"
        let decoded = try GroundTruthPNG.decode(path, keepPaletteIndices: true, operation)
        let indices: Image<UInt8>
        switch decoded.image {
        case .uint8(let image) where image.channels == 1:
            indices = image
        case .uint16(let image) where image.channels == 1:
            let highest = image.withUnsafeSamples { $0.max() ?? 0 }
            guard highest < 256 else {
                throw PixelEngineError(operation, "'\(path)' has class index \(highest); at most 256 classes (0…255) are supported")
            }
            indices = image.map { UInt8(truncatingIfNeeded: $0) }
        default:
            throw PixelEngineError(operation, "'\(path)' is \(decoded.image); class images must be gray or palette PNGs holding class indices")
        }
        return try classMap(indices: indices, palette: decoded.palette, names: names, path: path, operation)
    }

    /// A class map over class indices, named by `names` (default `class 0`, … up to the
    /// largest index), coloured by `palette` where it has an entry.
    static func classMap(indices: Image<UInt8>, palette: [RGB8], names: [String]?, path: String,
                         _ operation: String) throws(PixelEngineError) -> ClassMap {
        let highest = Int(indices.withUnsafeSamples { $0.max() ?? 0 })
        let classNames = names ?? (0...highest).map { "class \($0)" }
        guard (1...256).contains(classNames.count) else {
            throw PixelEngineError(operation, "needs 1 to 256 class names, got \(classNames.count)")
        }
        guard highest < classNames.count else {
            throw PixelEngineError(operation, "'\(path)' has class index \(highest) but only \(classNames.count) names were given")
        }
        let defaults = SemanticClass.defaults(count: classNames.count)
        let classes = classNames.enumerated().map { k, name in
            SemanticClass(name: name, color: k < palette.count ? palette[k] : defaults[k].color)
        }
        do {
            return try ClassMap(indices: indices, classes: classes)
        } catch {
            throw PixelEngineError(operation, error.message)
        }
    }

    /// Writes the class map as an 8-bit palette PNG whose palette is the class colours,
    /// atomically.
    ///
    /// - Throws: ``PixelEngineError`` (`write class map`) when the file cannot be written.
    ///
    /// ```swift
    /// try classes.writePNG(to: "classes.png")
    /// ```
    public func writePNG(to path: String) throws(PixelEngineError) {
        do {
            try PNG.write(self, to: path)
        } catch {
            throw PixelEngineError("write class map", error.description)
        }
    }
}

extension Mask {
    /// Reads a binary ground-truth mask from a PNG: a pixel is set where its gray value,
    /// or any of its colour channels, is nonzero (alpha is ignored; palette images are
    /// judged by their colours, so a black palette entry is background).
    ///
    /// - Returns: a mask of the image's size.
    /// - Throws: ``PixelEngineError`` (`read mask`) when the file cannot be read.
    ///
    /// ```swift
    /// let truth = try Mask.readPNG(path: "gt/nuclei_mask.png")
    /// ```
    public static func readPNG(path: String) throws(PixelEngineError) -> Mask {
        let decoded = try GroundTruthPNG.decode(path, keepPaletteIndices: false, "read mask")
        switch decoded.image {
        case .uint8(let image): return GroundTruthPNG.nonzero(image)
        case .uint16(let image): return GroundTruthPNG.nonzero(image)
        case .float32(let image): return GroundTruthPNG.nonzero(image)
        }
    }

    /// Writes the mask as 8-bit gray, 0 and 255, atomically.
    ///
    /// - Throws: ``PixelEngineError`` (`write mask`) when the file cannot be written.
    ///
    /// ```swift
    /// try mask.writePNG(to: "mask.png")
    /// ```
    public func writePNG(to path: String) throws(PixelEngineError) {
        do {
            try PNG.write(self, to: path)
        } catch {
            throw PixelEngineError("write mask", error.description)
        }
    }
}

enum GroundTruthPNG {
    static func decode(_ path: String, keepPaletteIndices: Bool, _ operation: String) throws(PixelEngineError) -> PNG.Decoded {
        do {
            return try PNG.read(path: path, options: PNG.ReadOptions(keepPaletteIndices: keepPaletteIndices))
        } catch {
            throw PixelEngineError(operation, error.description)
        }
    }

    /// Set where any non-alpha channel is nonzero.
    static func nonzero<S: PixelSample>(_ image: Image<S>) -> Mask {
        let ch = image.channels
        let colour = ch >= 3 ? 3 : 1
        let bits = image.mapRows(outputChannels: 1) { (_, input: UnsafeBufferPointer<S>, output: UnsafeMutableBufferPointer<UInt8>) in
            for x in 0..<output.count {
                var on = false
                for c in 0..<colour where input[x &* ch &+ c] != S.zero { on = true }
                output[x] = on ? 1 : 0
            }
        }
        return Mask(uncheckedBits: bits)
    }
}
