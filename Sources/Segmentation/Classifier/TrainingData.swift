/// Labelled pixels of one training image, as a user marks them: a stroke of class `k` is
/// drawn with value `k + 1`, and 0 means "not labelled".
///
/// Ways to make them:
/// - a palette PNG: the palette index is the value (index 0 = unlabelled), the palette
///   colour becomes the class colour (``decode(_:source:)``);
/// - a gray PNG or image: the gray value is the index (0 = unlabelled);
/// - RGB(A) pictures: every distinct non-black colour is a class (black, and pixels with
///   alpha 0, are unlabelled). Classes are ordered **by colour** — ascending `0xRRGGBB`
///   over all pictures given together — so several scribble pictures drawn with the same
///   colours agree on the classes whatever the stroke order (``fromColors(_:)``);
/// - a label map: the label id is the value (ids up to 255).
///
/// ```swift
/// let strokes = try Scribbles(indices: Image<UInt8>(width: 3, height: 1, pixels: [0, 1, 2]))
/// strokes.labelledCount   // 2: one pixel of class 0, one of class 1
/// ```
public struct Scribbles: Sendable, Equatable {
    /// One channel: 0 = unlabelled, `k + 1` = class `k`.
    public let indices: Image<UInt8>
    /// The colour of each class, when the scribbles define one (`colors[k]` for class `k`);
    /// may be shorter than the number of classes, or empty.
    public let colors: [RGB8]

    /// Scribbles from an index image (0 = unlabelled, `k + 1` = class `k`).
    ///
    /// - Throws: ``PixelEngineError`` (`scribbles`) when the image has more than one channel.
    public init(indices: Image<UInt8>, colors: [RGB8] = []) throws(PixelEngineError) {
        guard indices.channels == 1 else {
            throw PixelEngineError("scribbles", "scribble indices need 1 channel, got \(indices.channels); colour scribbles go through Scribbles.fromColors")
        }
        self.indices = indices
        self.colors = colors
    }

    /// Scribbles from a label map: id `k + 1` marks class `k`, 0 is unlabelled.
    ///
    /// - Throws: ``PixelEngineError`` (`scribbles`) for an id above 255.
    ///
    /// ```swift
    /// let strokes = try Scribbles(labels: try LabelMap.readPNG(path: "strokes.png"))
    /// ```
    public init(labels: LabelMap) throws(PixelEngineError) {
        let highest = labels.ids.withUnsafeSamples { $0.max() ?? 0 }
        guard highest <= 255 else {
            throw PixelEngineError("scribbles", "label id \(highest) is above 255; scribbles use ids 1…255 for classes (0 = unlabelled)")
        }
        self.indices = labels.ids.map { UInt8(truncatingIfNeeded: $0) }
        self.colors = []
    }

    /// The number of labelled pixels.
    public var labelledCount: Int { indices.withUnsafeSamples { $0.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } } }

    /// The highest scribble value present (0 if nothing is labelled): the scribbles use
    /// classes `0..<highestValue`.
    public var highestValue: Int { Int(indices.withUnsafeSamples { $0.max() ?? 0 }) }

    /// Scribbles from a decoded PNG: palette files by index (colours from the palette), gray
    /// files by value, RGB(A) files by colour (as ``fromColors(_:)`` with one picture).
    ///
    /// - Parameters:
    ///   - decoded: the file, read with `PNG.ReadOptions(keepPaletteIndices: true)`.
    ///   - source: the file name, for messages.
    /// - Throws: ``PixelEngineError`` (`scribbles`) for 16-bit values above 255, gray+alpha
    ///   files, or more than 255 colours.
    ///
    /// ```swift
    /// let file = try PNG.read(path: "strokes.png", options: .init(keepPaletteIndices: true))
    /// let strokes = try Scribbles.decode(file, source: "strokes.png")
    /// ```
    public static func decode(_ decoded: PNG.Decoded, source: String) throws(PixelEngineError) -> Scribbles {
        switch decoded.image {
        case .uint8(let image) where image.channels == 1:
            // A palette index's colour is its class's colour; index 0 (unlabelled) has none.
            let colors = decoded.colorType == .palette ? Array(decoded.palette.dropFirst()) : []
            return try Scribbles(indices: image, colors: colors)
        case .uint16(let image) where image.channels == 1:
            let highest = image.withUnsafeSamples { $0.max() ?? 0 }
            guard highest <= 255 else {
                throw PixelEngineError("scribbles", "'\(source)' has value \(highest); gray scribbles use 1…255 for classes (0 = unlabelled)")
            }
            return try Scribbles(indices: image.map { UInt8(truncatingIfNeeded: $0) })
        case .uint8(let image) where image.channels >= 3:
            return try fromColors([image]).scribbles[0]
        case .uint16(let image) where image.channels >= 3:
            return try fromColors([image.map { UInt8(truncatingIfNeeded: $0 >> 8) }]).scribbles[0]
        default:
            throw PixelEngineError("scribbles", "'\(source)' is \(decoded.image); scribbles must be a palette, gray, RGB or RGBA PNG")
        }
    }

    /// Scribbles from RGB or RGBA pictures: every distinct colour other than black is a
    /// class; black and fully transparent pixels are unlabelled. The classes are the union
    /// of the pictures' colours sorted by `0xRRGGBB`, so class `k` is the same colour in
    /// every picture.
    ///
    /// - Returns: one ``Scribbles`` per picture (each with the shared colours) and the
    ///   colours, class by class.
    /// - Throws: ``PixelEngineError`` (`scribbles`) for fewer than 3 channels or more than
    ///   255 colours (usually an anti-aliased brush: draw with a hard-edged pencil).
    ///
    /// ```swift
    /// let (strokes, colors) = try Scribbles.fromColors([rgbStrokes])
    /// ```
    public static func fromColors(_ pictures: [Image<UInt8>]) throws(PixelEngineError) -> (scribbles: [Scribbles], colors: [RGB8]) {
        var seen = Set<UInt32>()
        for picture in pictures {
            guard picture.channels >= 3 else {
                throw PixelEngineError("scribbles", "colour scribbles need RGB or RGBA pictures, got \(ImageLayout.channelName(picture.channels))")
            }
            let c = picture.channels
            picture.withUnsafeSamples { p in
                for i in 0..<picture.pixelCount {
                    let o = i &* c
                    if c == 4 && p[o &+ 3] == 0 { continue }
                    let key = UInt32(p[o]) << 16 | UInt32(p[o &+ 1]) << 8 | UInt32(p[o &+ 2])
                    if key != 0 { seen.insert(key) }
                }
            }
            if seen.count > 255 {
                throw PixelEngineError("scribbles", "the scribbles hold more than 255 colours; draw them with a hard-edged pencil (no anti-aliasing) in one colour per class")
            }
        }
        let keys = seen.sorted()
        var index = [UInt32: UInt8]()
        for (k, key) in keys.enumerated() { index[key] = UInt8(truncatingIfNeeded: k + 1) }
        let colors = keys.map { RGB8(UInt8($0 >> 16), UInt8(($0 >> 8) & 0xFF), UInt8($0 & 0xFF)) }
        var result: [Scribbles] = []
        for picture in pictures {
            let c = picture.channels
            var out = [UInt8](repeating: 0, count: picture.pixelCount)
            picture.withUnsafeSamples { p in
                for i in 0..<picture.pixelCount {
                    let o = i &* c
                    if c == 4 && p[o &+ 3] == 0 { continue }
                    let key = UInt32(p[o]) << 16 | UInt32(p[o &+ 1]) << 8 | UInt32(p[o &+ 2])
                    if key != 0 { out[i] = index[key] ?? 0 }
                }
            }
            result.append(try Scribbles(indices: Image(width: picture.width, height: picture.height, channels: 1, pixels: out),
                                        colors: colors))
        }
        return (result, colors)
    }
}

/// The labels of one training image: scribbles, or a ground-truth class map of which a
/// seeded fraction of pixels is used.
public enum TrainingLabels: Sendable, Equatable {
    /// Marked pixels (see ``Scribbles``).
    case scribbles(Scribbles)
    /// Every pixel's true class; `fraction` (in (0, 1]) of the pixels are used, chosen
    /// **stratified**: each class present contributes `max(1, round(fraction × its
    /// pixel count))` of its pixels, drawn uniformly without replacement from a generator
    /// seeded by the training seed and the image's position in the list. Stratifying
    /// keeps small classes represented, as a person scribbling would.
    case groundTruth(ClassMap, fraction: Double)

    var width: Int {
        switch self {
        case .scribbles(let s): s.indices.width
        case .groundTruth(let m, _): m.width
        }
    }

    var height: Int {
        switch self {
        case .scribbles(let s): s.indices.height
        case .groundTruth(let m, _): m.height
        }
    }
}

/// One training image with its labels.
///
/// ```swift
/// let (picture, truth) = try Samples.shapes()
/// let example = TrainingExample(image: AnyImage(picture), labels: .groundTruth(truth, fraction: 0.01))
/// ```
public struct TrainingExample: Sendable, Equatable {
    /// The picture (any sample type; every example of a training needs the same channel count).
    public var image: AnyImage
    /// Its labelled pixels; the same size as `image`.
    public var labels: TrainingLabels

    /// An example; see the type's documentation.
    public init(image: AnyImage, labels: TrainingLabels) {
        self.image = image
        self.labels = labels
    }

    /// The pixels training uses and their classes: for scribbles every marked pixel in
    /// raster order; for ground truth the stratified sample (class by class, each class's
    /// pixels in raster order), drawn with `seed` and `position` (the example's index in
    /// the training list) as ``PixelClassifier/train(_:classes:bank:parameters:progress:cancel:)`` does.
    ///
    /// - Returns: raster pixel indices (`y · width + x`) and the class of each.
    ///
    /// ```swift
    /// let (pixels, classes) = example.labelledPixels(seed: 1)
    /// ```
    public func labelledPixels(seed: UInt64, position: Int = 0) -> (pixels: [Int], classes: [UInt8]) {
        switch labels {
        case .scribbles(let s):
            var pixels: [Int] = [], classes: [UInt8] = []
            s.indices.withUnsafeSamples { p in
                for i in 0..<p.count where p[i] != 0 {
                    pixels.append(i)
                    classes.append(p[i] &- 1)
                }
            }
            return (pixels, classes)
        case .groundTruth(let map, let fraction):
            var byClass = [[Int]](repeating: [], count: map.classes.count)
            map.indices.withUnsafeSamples { p in
                for i in 0..<p.count { byClass[Int(p[i])].append(i) }
            }
            var rng = TreeBuilder.generator(seed: seed ^ 0x5EED_0F_6A_0001, tree: position)
            var pixels: [Int] = [], classes: [UInt8] = []
            for (k, var members) in byClass.enumerated() where !members.isEmpty {
                let take = min(members.count, max(1, Int((fraction * Double(members.count)).rounded())))
                for j in 0..<take {
                    members.swapAt(j, j + rng.index(below: members.count - j))
                }
                pixels += members[0..<take].sorted()
                classes += [UInt8](repeating: UInt8(k), count: take)
            }
            return (pixels, classes)
        }
    }
}
