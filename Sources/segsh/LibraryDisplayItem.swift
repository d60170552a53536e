import PixelEngine
import SegScript
import SegScriptLibrary
import TerminalGraphics

/// What the terminal draws for a SegScript value: the pixel types become display items,
/// everything else is printed as text.
///
///     try REPL.start(graphics: nil, registry: .library, displayItem: LibraryDisplayItem.item)
enum LibraryDisplayItem {
    /// The display item of `value`, or nil to print it as text.
    static func item(for value: Value) -> DisplayItem? {
        switch value {
        case .host(let h as ImageValue): .image(h.image)
        case .host(let h as MaskValue): .mask(h.mask)
        case .host(let h as LabelsValue): .labels(h.labels)
        case .host(let h as ClassesValue): .classes(h.classes)
        case .list(let items) where !items.isEmpty:
            // A list of pictures shows side by side; any other list prints.
            items.allSatisfy({ item(for: $0) != nil }) ? .montage(items.compactMap { item(for: $0).map { DisplayTile($0) } }) : nil
        default: nil
        }
    }
}
