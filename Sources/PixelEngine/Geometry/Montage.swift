/// Several images, masks or label maps laid out side by side, or in a grid, on one RGB
/// canvas (like `skimage.util.montage`, but tiles keep their own sizes).
///
/// Every tile is shown as 8-bit RGB (``RGBDisplayable/displayRGB()``: images scaled from
/// their nominal range, gray repeated into RGB, masks white on black, label maps in their
/// ``LabelPalette`` colours, class maps in their class colours). Tiles are placed row by
/// row, `columns` per row, each at the top-left of its cell; a column is as wide as its
/// widest tile, a row as tall as its tallest; `gap` pixels of `background` separate cells
/// (none around the outside).
///
/// - Parameters:
///   - tiles: at least one tile.
///   - columns: tiles per row; default all in one row.
///   - gap: pixels between cells, >= 0.
///   - background: the colour of gaps and of cell space a smaller tile leaves free.
/// - Returns: an RGB uint8 image.
/// - Throws: ``PixelEngineError`` (`montage`) for no tiles, `columns` < 1, a negative gap,
///   or an empty or huge result.
///
/// ```swift
/// let sideBySide = try montage([img, semantic, instances], gap: 8)
/// ```
public func montage(_ tiles: [any RGBDisplayable], columns: Int? = nil, gap: Int = 4,
                    background: RGB8 = RGB8(255, 255, 255)) throws(PixelEngineError) -> Image<UInt8> {
    guard !tiles.isEmpty else { throw PixelEngineError("montage", "needs at least one tile") }
    let perRow = columns ?? tiles.count
    try Validate.inRange(perRow, 1...Int(Int32.max), "columns", "montage")
    try Validate.inRange(gap, 0...(1 << 20), "gap", "montage")
    let pictures = tiles.map { $0.displayRGB() }
    let columnCount = min(perRow, pictures.count)
    let rowCount = (pictures.count + perRow - 1) / perRow
    var columnWidths = [Int](repeating: 0, count: columnCount)
    var rowHeights = [Int](repeating: 0, count: rowCount)
    for (i, p) in pictures.enumerated() {
        columnWidths[i % perRow] = max(columnWidths[i % perRow], p.width)
        rowHeights[i / perRow] = max(rowHeights[i / perRow], p.height)
    }
    let totalWidth = columnWidths.reduce(0, +) + gap * (columnCount - 1)
    let totalHeight = rowHeights.reduce(0, +) + gap * (rowCount - 1)
    try GeometryCheck.outputSize(width: totalWidth, height: totalHeight, "montage")
    var canvas = Image<UInt8>(width: totalWidth, height: totalHeight, channels: 3)
    let columnStarts = columnWidths.indices.map { c in columnWidths[..<c].reduce(0, +) + gap * c }
    let rowStarts = rowHeights.indices.map { r in rowHeights[..<r].reduce(0, +) + gap * r }
    canvas.withUnsafeMutableSamples { out in
        for i in 0..<(totalWidth * totalHeight) {
            out[3 * i] = background.r; out[3 * i + 1] = background.g; out[3 * i + 2] = background.b
        }
        for (i, p) in pictures.enumerated() where !p.isEmpty {
            let x0 = columnStarts[i % perRow], y0 = rowStarts[i / perRow]
            p.withUnsafeSamples { src in
                for y in 0..<p.height {
                    let dst = out.baseAddress! + ((y0 + y) * totalWidth + x0) * 3
                    dst.update(from: src.baseAddress! + y * p.width * 3, count: p.width * 3)
                }
            }
        }
    }
    return canvas
}
