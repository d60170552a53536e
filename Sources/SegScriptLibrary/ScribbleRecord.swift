import SegScript
import Segmentation

/// Scribbles given as a record of masks, `{background: bg, cell: strokes}`: each field is a
/// class, in the record's order, and its mask marks that class's pixels. This is how a
/// script draws scribbles itself (from masks it computed); painted scribbles come as a PNG.
///
///     let (strokes, names) = try ScribbleRecord.scribbles(record, width: 64, height: 64, which: "'scribbles'")
///     // names == ["background", "cell"]; strokes.indices: 0 unmarked, 1 background, 2 cell
enum ScribbleRecord {
    /// The scribbles and class names of `record`. Class `k` (the `k`-th field) is written as
    /// value `k + 1`, with colour `classPalette[k]` (black for the first class, usually the
    /// background, as in class maps).
    ///
    /// - Parameters:
    ///   - record: one mask per class, each `width` x `height`.
    ///   - which: how messages name the argument (`'scribbles'`, `item 2 of 'scribbles'`).
    /// - Throws: ``ScriptError`` for a field that is not a mask, a mask of another size, a
    ///   pixel marked by two classes, an empty record or more than 255 classes.
    static func scribbles(_ record: Record, width: Int, height: Int, which: String) throws -> (Scribbles, [String]) {
        guard !record.fields.isEmpty else {
            throw ScriptError("\(which) is an empty record; give one mask per class, e.g. {background: bg, cell: strokes}",
                              argument: "scribbles")
        }
        guard record.count <= 255 else {
            throw ScriptError("\(which) has \(record.count) classes; scribbles allow at most 255", argument: "scribbles")
        }
        var indices = Image<UInt8>(width: width, height: height)
        var owner: [String] = []
        for (k, field) in record.fields.enumerated() {
            guard case .host(let h as MaskValue) = field.value else {
                throw ScriptError("field '\(field.name)' of \(which) is \(field.value.typeName); each field must be a mask of that class's pixels",
                                  argument: "scribbles")
            }
            let mask = h.mask
            guard mask.width == width, mask.height == height else {
                throw ScriptError("the mask '\(field.name)' of \(which) is \(mask.width)x\(mask.height) but the image is \(width)x\(height); they must be the same size",
                                  argument: "scribbles")
            }
            let value = UInt8(k + 1)
            var clash: (x: Int, y: Int, index: UInt8)?
            indices.withUnsafeMutableSamples { out in
                mask.bits.withUnsafeSamples { bits in
                    for i in 0..<bits.count where bits[i] != 0 {
                        if out[i] != 0 {
                            if clash == nil { clash = (i % width, i / width, out[i]) }
                        } else {
                            out[i] = value
                        }
                    }
                }
            }
            if let clash {
                throw ScriptError("pixel (\(clash.x), \(clash.y)) is marked as both '\(owner[Int(clash.index) - 1])' and '\(field.name)' in \(which); each pixel may belong to one class",
                                  argument: "scribbles")
            }
            owner.append(field.name)
        }
        let palette = SemanticClass.classPalette
        let colors = owner.indices.map { palette[$0 % palette.count] }
        return (try Scribbles(indices: indices, colors: colors), owner)
    }
}
