import Foundation

/// COCO instance annotations (the JSON of `pycocotools`), out of and into label maps.
///
/// Out: one annotation per object of a ``LabelMap``: `segmentation` as compressed RLE
/// (`{"counts": "…", "size": [h, w]}`, byte for byte what `pycocotools.mask.encode`
/// gives), `bbox` `[x, y, w, h]` and `area` as pycocotools computes them, `id` = the
/// object's id, `iscrowd` 0, the `category_id` given. The file is byte-stable: keys sorted,
/// integers only, one annotation per line.
///
/// In: the annotations of one image, rasterised as pycocotools' `annToMask` does
/// (polygons, uncompressed and compressed RLE), painted in file order: **where
/// annotations overlap, the later one wins** (``Instances/overlappingPixels`` says how
/// many pixels that decided). Each annotation becomes the label equal to its `id` when
/// all of the image's annotation ids are distinct integers in 1…2³²−1, else the labels
/// are 1, 2, … in file order. So a segsh → COCO → segsh round trip is exact.
///
/// ```swift
/// let json = try COCO.encode(labels, fileName: "cells.png")
/// let back = try COCO.decode(json)
/// back.labels == labels   // true
/// ```
public enum COCO {
    /// A COCO category.
    public struct Category: Sendable, Hashable {
        public var id: Int
        public var name: String
        public var supercategory: String

        public init(id: Int, name: String, supercategory: String = "") {
            self.id = id
            self.name = name
            self.supercategory = supercategory
        }
    }

    /// A COCO image entry.
    public struct ImageInfo: Sendable, Hashable {
        public var id: Int
        public var width: Int
        public var height: Int
        public var fileName: String

        public init(id: Int, width: Int, height: Int, fileName: String) {
            self.id = id
            self.width = width
            self.height = height
            self.fileName = fileName
        }
    }

    /// The annotations of one image as a label map.
    public struct Instances: Sendable, Equatable {
        /// The image the annotations belong to.
        public let image: ImageInfo
        /// One label per annotation (see ``COCO`` for how labels are chosen).
        public let labels: LabelMap
        /// The file's categories, in file order.
        public let categories: [Category]
        /// The `category_id` of each label.
        public let categoryOfLabel: [UInt32: Int]
        /// Pixels claimed by more than one annotation (the later annotation won them).
        public let overlappingPixels: Int
    }

    // MARK: Export

    /// The COCO JSON of a label map's objects.
    ///
    /// - Parameters:
    ///   - labels: the objects; ids become annotation ids.
    ///   - imageID: the image's `id` (default 1).
    ///   - fileName: the image's `file_name`.
    ///   - categories: the categories to list (default one, `1: "object"`).
    ///   - categoryOfLabel: the category id per object id; objects not listed get the first
    ///     category's id.
    /// - Returns: UTF-8 JSON, byte-stable for the same input.
    /// - Throws: ``PixelEngineError`` (`coco`) when the map is empty (0 pixels), there are no
    ///   categories, or a category id given for an object is not among `categories`.
    ///
    /// ```swift
    /// let data = try COCO.encode(labels, fileName: "cells.png")
    /// ```
    public static func encode(_ labels: LabelMap, imageID: Int = 1, fileName: String = "",
                              categories: [Category] = [Category(id: 1, name: "object")],
                              categoryOfLabel: [UInt32: Int] = [:]) throws(PixelEngineError) -> Data {
        try Validate.nonEmpty(labels.ids, "coco")
        guard let defaultCategory = categories.first?.id else {
            throw PixelEngineError("coco", "no categories given; pass at least one")
        }
        let known = Set(categories.map(\.id))
        for (label, category) in categoryOfLabel.sorted(by: { $0.key < $1.key }) where !known.contains(category) {
            throw PixelEngineError("coco", "object \(label) has category \(category), which is not among the categories \(known.sorted())")
        }
        let h = labels.height, w = labels.width
        var lines: [String] = []
        for (id, rle) in objectRLEs(labels) {
            let box = rle.boundingBox
            let fields: [(String, String)] = [
                ("area", String(rle.area)),
                ("bbox", "[" + box.map(String.init).joined(separator: ", ") + "]"),
                ("category_id", String(categoryOfLabel[id] ?? defaultCategory)),
                ("id", String(id)),
                ("image_id", String(imageID)),
                ("iscrowd", "0"),
                ("segmentation", "{\"counts\": \(JSONText.string(rle.compressed)), \"size\": [\(h), \(w)]}"),
            ]
            lines.append(JSONText.object(fields))
        }
        let categoryLines = categories.map { c in
            JSONText.object([("id", String(c.id)), ("name", JSONText.string(c.name)),
                             ("supercategory", JSONText.string(c.supercategory))])
        }
        let image = JSONText.object([("file_name", JSONText.string(fileName)), ("height", String(h)),
                                     ("id", String(imageID)), ("width", String(w))])
        func list(_ items: [String]) -> String {
            items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n]"
        }
        let text = "{\n\"annotations\": \(list(lines)),\n\"categories\": \(list(categoryLines)),\n\"images\": \(list([image]))\n}\n"
        return Data(text.utf8)
    }

    /// Writes ``encode(_:imageID:fileName:categories:categoryOfLabel:)`` to `path` atomically.
    ///
    /// - Throws: ``PixelEngineError`` (`coco`) as `encode`, or when the file cannot be written.
    ///
    /// ```swift
    /// try COCO.write(labels, to: "cells.json", fileName: "cells.png")
    /// ```
    public static func write(_ labels: LabelMap, to path: String, imageID: Int = 1, fileName: String = "",
                             categories: [Category] = [Category(id: 1, name: "object")],
                             categoryOfLabel: [UInt32: Int] = [:]) throws(PixelEngineError) {
        let data = try encode(labels, imageID: imageID, fileName: fileName, categories: categories,
                              categoryOfLabel: categoryOfLabel)
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw PixelEngineError("coco", "cannot write '\(path)': \(error.reason)")
        }
    }

    /// The RLE of every object, by ascending id, in one column-major pass.
    static func objectRLEs(_ labels: LabelMap) -> [(UInt32, RLE)] {
        let h = labels.height, w = labels.width
        let ids = labels.labels
        var index = [UInt32: Int](minimumCapacity: ids.count)
        for (k, id) in ids.enumerated() { index[id] = k }
        var counts = [[UInt32]](repeating: [], count: ids.count)
        var end = [Int](repeating: 0, count: ids.count)       // one past the last set pixel
        var runStart = [Int](repeating: -1, count: ids.count) // start of the open run of 1s
        labels.ids.withUnsafeSamples { p in
            var lastID: UInt32 = 0, lastK = -1
            for x in 0..<w {
                for y in 0..<h {
                    let id = p[y &* w &+ x]
                    if id == 0 { continue }
                    let i = x &* h &+ y
                    if id != lastID { lastID = id; lastK = index[id]! }
                    let k = lastK
                    if runStart[k] >= 0 && end[k] == i {
                        end[k] = i + 1
                        continue
                    }
                    if runStart[k] >= 0 {
                        counts[k].append(UInt32(end[k] - runStart[k]))
                    }
                    counts[k].append(UInt32(i - end[k]))
                    runStart[k] = i
                    end[k] = i + 1
                }
            }
        }
        return ids.indices.map { k in
            var c = counts[k]
            c.append(UInt32(end[k] - runStart[k]))
            // pycocotools ends with the last run: no empty run of zeros after it.
            if end[k] < h * w { c.append(UInt32(h * w - end[k])) }
            return (ids[k], RLE(uncheckedHeight: h, width: w, counts: c))
        }
    }

    // MARK: Import

    /// Reads the annotations of one image from COCO JSON.
    ///
    /// - Parameters:
    ///   - data: the JSON.
    ///   - imageID: which image; may be omitted when the file lists exactly one.
    /// - Returns: the label map and categories (see ``COCO`` for labels and overlaps).
    /// - Throws: ``PixelEngineError`` (`coco`) on malformed JSON, a missing image, an RLE
    ///   whose size differs from the image's, or a segmentation pycocotools would refuse.
    ///
    /// ```swift
    /// let instances = try COCO.decode(Data(contentsOf: url), imageID: 7)
    /// ```
    public static func decode(_ data: Data, imageID: Int? = nil) throws(PixelEngineError) -> Instances {
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw PixelEngineError("coco", "the JSON is not an object with \"images\", \"annotations\" and \"categories\"")
            }
            root = object
        } catch let error as PixelEngineError {
            throw error
        } catch {
            throw PixelEngineError("coco", "not valid JSON: \(error.localizedDescription)")
        }
        let images = try (root["images"] as? [Any] ?? []).map { (entry: Any) throws(PixelEngineError) -> ImageInfo in
            guard let e = entry as? [String: Any], let id = JSONValue.int(e["id"]),
                  let w = JSONValue.int(e["width"]), let h = JSONValue.int(e["height"]), w >= 0, h >= 0 else {
                throw PixelEngineError("coco", "an image entry lacks an integer id, width or height")
            }
            return ImageInfo(id: id, width: w, height: h, fileName: e["file_name"] as? String ?? "")
        }
        let image: ImageInfo
        if let imageID {
            guard let found = images.first(where: { $0.id == imageID }) else {
                throw PixelEngineError("coco", "no image with id \(imageID); the file has \(images.map(\.id))")
            }
            image = found
        } else {
            guard images.count == 1 else {
                throw PixelEngineError("coco", "the file has \(images.count) images (ids \(images.map(\.id))); say which with imageID")
            }
            image = images[0]
        }
        guard image.width > 0 && image.height > 0 else {
            throw PixelEngineError("coco", "image \(image.id) is \(image.width)x\(image.height)")
        }
        let categories = try (root["categories"] as? [Any] ?? []).map { (entry: Any) throws(PixelEngineError) -> Category in
            guard let e = entry as? [String: Any], let id = JSONValue.int(e["id"]) else {
                throw PixelEngineError("coco", "a category lacks an integer id")
            }
            return Category(id: id, name: e["name"] as? String ?? "", supercategory: e["supercategory"] as? String ?? "")
        }
        let annotations = (root["annotations"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
            .filter { JSONValue.int($0["image_id"]) == image.id }

        // Labels: the annotation ids when they are distinct and fit, else 1, 2, ….
        let ids = annotations.map { JSONValue.int($0["id"]) }
        let usable = ids.allSatisfy { $0 != nil && $0! >= 1 && $0! <= Int(UInt32.max) }
            && Set(ids.compactMap { $0 }).count == ids.count
        let h = image.height, w = image.width
        var pixels = [UInt32](repeating: 0, count: h * w)
        var overlapping = 0
        var categoryOfLabel: [UInt32: Int] = [:]
        for (n, annotation) in annotations.enumerated() {
            let label = UInt32(usable ? ids[n]! : n + 1)
            let mask = try annotationMask(annotation["segmentation"], height: h, width: w, number: n)
            if let category = JSONValue.int(annotation["category_id"]) { categoryOfLabel[label] = category }
            mask.bits.withUnsafeSamples { bits in
                for i in 0..<(h * w) where bits[i] != 0 {
                    if pixels[i] != 0 { overlapping += 1 }
                    pixels[i] = label
                }
            }
        }
        return Instances(image: image, labels: LabelMap(ids: Image(width: w, height: h, pixels: pixels)),
                         categories: categories, categoryOfLabel: categoryOfLabel, overlappingPixels: overlapping)
    }

    /// Reads a COCO JSON file; see ``decode(_:imageID:)``.
    ///
    /// ```swift
    /// let instances = try COCO.read(path: "annotations.json")
    /// ```
    public static func read(path: String, imageID: Int? = nil) throws(PixelEngineError) -> Instances {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PixelEngineError("coco", "cannot read '\(path)': \(error.localizedDescription)")
        }
        return try decode(data, imageID: imageID)
    }

    /// One annotation's mask, as pycocotools `annToMask`.
    static func annotationMask(_ segmentation: Any?, height h: Int, width w: Int, number: Int) throws(PixelEngineError) -> Mask {
        if let polygons = segmentation as? [Any] {
            let values = try polygons.map { (p: Any) throws(PixelEngineError) -> [Double] in
                guard let list = p as? [Any] else {
                    throw PixelEngineError("coco", "annotation \(number + 1): a polygon is not a list of numbers")
                }
                return try list.map { (v: Any) throws(PixelEngineError) -> Double in
                    guard let d = JSONValue.double(v) else {
                        throw PixelEngineError("coco", "annotation \(number + 1): a polygon coordinate is not a number")
                    }
                    return d
                }
            }
            return try rasterize(polygons: values, height: h, width: w)
        }
        guard let rle = segmentation as? [String: Any] else {
            throw PixelEngineError("coco", "annotation \(number + 1) has no segmentation (polygons or RLE)")
        }
        guard let size = rle["size"] as? [Any], size.count == 2,
              let rh = JSONValue.int(size[0]), let rw = JSONValue.int(size[1]) else {
            throw PixelEngineError("coco", "annotation \(number + 1): RLE without a [height, width] size")
        }
        guard rh == h && rw == w else {
            throw PixelEngineError("coco", "annotation \(number + 1): RLE size \(rh)x\(rw) differs from the image's \(h)x\(w)")
        }
        if let string = rle["counts"] as? String {
            return try RLE(compressed: string, height: h, width: w).mask()
        }
        guard let list = rle["counts"] as? [Any] else {
            throw PixelEngineError("coco", "annotation \(number + 1): RLE without counts")
        }
        let counts = try list.map { (v: Any) throws(PixelEngineError) -> UInt32 in
            guard let c = JSONValue.int(v), c >= 0, c <= Int(UInt32.max) else {
                throw PixelEngineError("coco", "annotation \(number + 1): an RLE count is not a non-negative integer")
            }
            return UInt32(c)
        }
        return try RLE(height: h, width: w, counts: counts).mask()
    }
}

/// Numbers out of JSONSerialization's `Any`.
enum JSONValue {
    static func double(_ value: Any?) -> Double? {
        // As in Python, where pycocotools reads the file, a JSON true is the number 1.
        guard let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    static func int(_ value: Any?) -> Int? {
        guard let d = double(value), d.isFinite, d.rounded() == d, abs(d) < 9e15 else { return nil }
        return Int(d)
    }
}

/// Byte-stable JSON text: the caller orders keys; strings escaped minimally (quote,
/// backslash, control characters and DEL).
public enum JSONText {
    /// `s` as a JSON string literal, quotes included.
    ///
    ///     JSONText.string("a\"b")  // "\"a\\\"b\""
    public static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}
