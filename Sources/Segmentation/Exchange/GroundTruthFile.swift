import Foundation

extension LabelMap {
    /// Reads instance ground truth from an image file of any format segsh reads, by content:
    /// a PNG as ``readPNG(path:)`` does; a TIFF page of one channel of unsigned (or
    /// non-negative signed) integers up to 32 bits, the value being the id, exactly (palette
    /// pages give their indices). JPEG is refused: it is lossy, so ids would not survive.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - page: the TIFF page, from 0 (PNG files have only page 0).
    /// - Throws: ``PixelEngineError`` (`read label map`) naming the file and what is wrong.
    ///
    /// ```swift
    /// let truth = try LabelMap.read(path: "gt/cells_labels.tif")   // 32-bit ids stay exact
    /// ```
    public static func read(path: String, page: Int = 0) throws(PixelEngineError) -> LabelMap {
        let operation = "read label map"
        switch try GroundTruthFile.format(path, page: page, operation) {
        case .png: return try readPNG(path: path)
        case .jpeg: throw GroundTruthFile.lossy(path, "label map", operation)
        case .tiff:
            let tiffPage = try GroundTruthFile.tiffPage(path, page: page, operation)
            do {
                return LabelMap(ids: try tiffPage.ids())
            } catch {
                throw PixelEngineError(operation, "'\(path)': \(error.message)")
            }
        }
    }
}

extension ClassMap {
    /// Reads semantic ground truth from an image file of any format segsh reads, by
    /// content: a PNG as ``readPNG(path:names:)`` does; a TIFF page of one channel of
    /// integer class indices (< 256), coloured by its colour map when it is a palette page.
    /// JPEG is refused (lossy).
    ///
    /// - Throws: ``PixelEngineError`` (`read class map`) naming the file and what is wrong.
    ///
    /// ```swift
    /// let truth = try ClassMap.read(path: "gt/tissue.tif", names: ["background", "tumour"])
    /// ```
    public static func read(path: String, names: [String]? = nil, page: Int = 0) throws(PixelEngineError) -> ClassMap {
        let operation = "read class map"
        switch try GroundTruthFile.format(path, page: page, operation) {
        case .png: return try readPNG(path: path, names: names)
        case .jpeg: throw GroundTruthFile.lossy(path, "class map", operation)
        case .tiff:
            let tiffPage = try GroundTruthFile.tiffPage(path, page: page, operation)
            let ids: Image<UInt32>
            do {
                ids = try tiffPage.ids()
            } catch {
                throw PixelEngineError(operation, "'\(path)': \(error.message.replacingOccurrences(of: "object ids", with: "class indices"))")
            }
            let highest = ids.withUnsafeSamples { $0.max() ?? 0 }
            guard highest < 256 else {
                throw PixelEngineError(operation, "'\(path)' has class index \(highest); at most 256 classes (0…255) are supported")
            }
            return try classMap(indices: ids.map { UInt8(truncatingIfNeeded: $0) }, palette: tiffPage.palette,
                                names: names, path: path, operation)
        }
    }
}

extension Mask {
    /// Reads a binary ground-truth mask from an image file of any format segsh reads, by
    /// content: set where any colour channel is nonzero (alpha ignored), as
    /// ``readPNG(path:)``. JPEG is refused (lossy: edges would not be binary).
    ///
    /// - Throws: ``PixelEngineError`` (`read mask`) naming the file and what is wrong.
    ///
    /// ```swift
    /// let truth = try Mask.read(path: "gt/nuclei_mask.tif")
    /// ```
    public static func read(path: String, page: Int = 0) throws(PixelEngineError) -> Mask {
        let operation = "read mask"
        switch try GroundTruthFile.format(path, page: page, operation) {
        case .png: return try readPNG(path: path)
        case .jpeg: throw GroundTruthFile.lossy(path, "mask", operation)
        case .tiff:
            let picture = try GroundTruthFile.tiffPage(path, page: page, operation).picture()
            guard picture.images.count == 1 else {
                throw PixelEngineError(operation, "'\(path)' has \(picture.images.count) channels; a mask has one (or RGB)")
            }
            switch picture.images[0] {
            case .uint8(let image): return GroundTruthPNG.nonzero(image)
            case .uint16(let image): return GroundTruthPNG.nonzero(image)
            case .float32(let image): return GroundTruthPNG.nonzero(image)
            }
        }
    }
}

enum GroundTruthFile {
    static func format(_ path: String, page: Int, _ operation: String) throws(PixelEngineError) -> ImageFormat {
        let format: ImageFormat
        do {
            format = try ImageFile.format(ofFileAt: path)
        } catch {
            throw PixelEngineError(operation, error.description)
        }
        if format != .tiff, page != 0 {
            throw PixelEngineError(operation, "'\(path)' is a \(format) file, which has one page (0), not page \(page)")
        }
        return format
    }

    static func lossy(_ path: String, _ what: String, _ operation: String) -> PixelEngineError {
        PixelEngineError(operation, "'\(path)' is a JPEG, which is lossy: a \(what) cannot be read from it exactly; use the PNG or TIFF it was made from")
    }

    static func tiffPage(_ path: String, page: Int, _ operation: String) throws(PixelEngineError) -> TIFF.Page {
        do {
            return try TIFF.read(path: path, page: page).pages[0]
        } catch {
            throw PixelEngineError(operation, error.description)
        }
    }
}
