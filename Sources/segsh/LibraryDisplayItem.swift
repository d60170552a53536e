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
        case .host(let h as ShownValue): item(for: h.value)
        case .host(let h as ImageValue) where !h.tiles.isEmpty: montage(h.tiles)
        case .host(let h as ImageValue): .image((try? ImageDisplay.render(h.image).picture) ?? h.image)
        case .host(let h as MaskValue): .mask(h.mask)
        case .host(let h as LabelsValue): .labels(h.labels)
        case .host(let h as ClassesValue): .classes(h.classes)
        case .list(let items) where !items.isEmpty:
            // A list of pictures shows side by side; any other list prints.
            montage(items)
        default: nil
        }
    }

    /// Pictures side by side, each captioned with what it is; nil unless all are pictures.
    private static func montage(_ values: [Value]) -> DisplayItem? {
        var tiles: [DisplayTile] = []
        for value in values {
            guard let item = item(for: value) else { return nil }
            tiles.append(DisplayTile(item, caption: caption(value)))
        }
        return .montage(tiles)
    }

    /// The line under a shown picture: its title and contrast note (`show(img, title:)`).
    static func topCaption(_ value: Value) -> String? {
        value.host(as: ShownValue.self)?.caption ?? LibraryDisplay.note(for: value)
    }

    /// "256x256 gray", "mask 12%", "20 instances", "3 classes".
    static func caption(_ value: Value) -> String? {
        switch value {
        case .host(let h as ShownValue): h.caption ?? caption(h.value)
        case .host(let h as ImageValue):
            "\(h.image.width)x\(h.image.height) \(ImageLayout.channelName(h.image.channels))"
                + (LibraryDisplay.note(for: value).map { " " + $0 } ?? "")
        case .host(let h as MaskValue):
            "mask \(Int((Double(h.mask.count) * 100 / Double(max(1, h.mask.width * h.mask.height))).rounded()))% set"
        case .host(let h as LabelsValue):
            "\(h.labels.labels.count) instance\(h.labels.labels.count == 1 ? "" : "s")"
        case .host(let h as ClassesValue): "\(h.classes.classes.count) classes"
        default: nil
        }
    }
}
