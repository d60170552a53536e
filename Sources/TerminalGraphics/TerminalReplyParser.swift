/// A width and height in pixels.
public struct PixelSize: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// `"800x600"`.
    public var description: String { "\(width)x\(height)" }
}

/// What a terminal said in reply to the capability queries of ``TerminalProbe``.
///
/// Every field is `nil` until the matching reply arrives; a terminal that does not know a
/// query simply does not answer it (or answers with an error status, which also leaves the
/// field `nil`).
public struct TerminalReplies: Sendable, Equatable {
    /// The attribute list of the primary device attributes reply (DA1,
    /// `CSI ? 63 ; 1 ; 2 ; 4 c`): the first number is the conformance level, the rest are
    /// features; `4` means sixel graphics.
    public var primaryAttributes: [Int]?
    /// Sixel colour registers, from XTSMGRAPHICS (`CSI ? 1 ; 0 ; 256 S`).
    public var colorRegisters: Int?
    /// Sixel graphics geometry, from XTSMGRAPHICS (`CSI ? 2 ; 0 ; width ; height S`).
    public var sixelGeometry: PixelSize?
    /// Size of one character cell, from `CSI 16 t` (`CSI 6 ; height ; width t`).
    public var cellSize: PixelSize?
    /// Size of the text area, from `CSI 14 t` (`CSI 4 ; height ; width t`).
    public var windowSize: PixelSize?
    /// Complete escape sequences that were none of the above (skipped).
    public var unknownSequences: Int = 0

    public init(primaryAttributes: [Int]? = nil, colorRegisters: Int? = nil, sixelGeometry: PixelSize? = nil,
                cellSize: PixelSize? = nil, windowSize: PixelSize? = nil, unknownSequences: Int = 0) {
        self.primaryAttributes = primaryAttributes
        self.colorRegisters = colorRegisters
        self.sixelGeometry = sixelGeometry
        self.cellSize = cellSize
        self.windowSize = windowSize
        self.unknownSequences = unknownSequences
    }

    /// Whether DA1 lists attribute `4` (sixel graphics). False when there was no DA1 reply.
    public var supportsSixel: Bool { primaryAttributes?.dropFirst().contains(4) ?? false }
}

/// Extracts terminal replies from raw input bytes; no I/O.
///
/// Feed it bytes as they arrive (``consume(_:)``); a reply split across reads is completed
/// by the next call. Recognises DA1 (`CSI ? … c`), XTSMGRAPHICS (`CSI ? Pi ; Ps ; Pv S`),
/// `CSI 6 ; h ; w t` and `CSI 4 ; h ; w t`; other escape sequences (CSI, DCS, OSC, SS3…)
/// are skipped whole, and bytes outside escape sequences (keys typed meanwhile) are
/// dropped. Both 7-bit (`ESC [`) and 8-bit (`0x9B`) introducers are accepted.
///
/// ```swift
/// var parser = TerminalReplyParser()
/// parser.consume(Array("\u{1B}[?63;1;4c".utf8))
/// parser.replies.supportsSixel   // true
/// parser.sawPrimaryAttributes    // true: the probe can stop reading
/// ```
public struct TerminalReplyParser: Sendable {
    /// Everything recognised so far.
    public private(set) var replies = TerminalReplies()
    /// Bytes dropped outside escape sequences (or in sequences abandoned as malformed).
    public private(set) var strayBytes = 0

    private enum State: Sendable {
        case ground
        /// After ESC.
        case escape
        /// Inside a CSI: parameter and intermediate bytes so far.
        case csi
        /// Inside a DCS/OSC/SOS/PM/APC string, until ST (`ESC \`) or BEL.
        case string
        /// ESC seen inside a string: `\` ends it.
        case stringEscape
        /// After `ESC O` or `ESC N` (SS3/SS2): one more byte.
        case singleShift
    }

    private var state = State.ground
    private var sequence: [UInt8] = []
    /// Longest CSI accepted; longer ones are garbage, not replies.
    private static let maxSequenceLength = 256

    public init() {}

    /// True once the DA1 reply has been read: every reply to queries sent before DA1 has
    /// arrived by then (terminals answer in order).
    public var sawPrimaryAttributes: Bool { replies.primaryAttributes != nil }

    /// True when input ended inside an escape sequence (a partial reply).
    public var isInsideSequence: Bool { state != .ground }

    /// Parses `bytes`, continuing any sequence left open by the previous call.
    public mutating func consume<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        for byte in bytes { step(byte) }
    }

    private mutating func step(_ byte: UInt8) {
        switch state {
        case .ground:
            switch byte {
            case 0x1B: state = .escape
            case 0x9B: beginCSI()
            case 0x90, 0x9D, 0x98, 0x9E, 0x9F: state = .string
            default: strayBytes &+= 1
            }
        case .escape:
            switch byte {
            case UInt8(ascii: "["): beginCSI()
            case UInt8(ascii: "P"), UInt8(ascii: "]"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"):
                state = .string
            case UInt8(ascii: "O"), UInt8(ascii: "N"): state = .singleShift
            case 0x1B: strayBytes &+= 1  // a lone ESC (the Escape key), then a new sequence
            default:
                // A two-byte escape (ESC 7, Alt+key…): complete and uninteresting.
                replies.unknownSequences &+= 1
                state = .ground
            }
        case .singleShift:
            replies.unknownSequences &+= 1
            state = .ground
        case .string:
            if byte == 0x1B { state = .stringEscape }
            else if byte == 0x07 || byte == 0x9C { endString() }
        case .stringEscape:
            if byte == UInt8(ascii: "\\") { endString() }
            else if byte == 0x1B { state = .stringEscape }
            else { state = .string }
        case .csi:
            switch byte {
            case 0x20...0x3F:
                if sequence.count >= Self.maxSequenceLength {
                    abandon()
                } else {
                    sequence.append(byte)
                }
            case 0x40...0x7E:
                finishCSI(final: byte)
                state = .ground
            case 0x1B:
                // A new sequence interrupts this one: the partial reply is garbage.
                abandon()
                state = .escape
            default:
                abandon()
            }
        }
    }

    private mutating func beginCSI() {
        sequence.removeAll(keepingCapacity: true)
        state = .csi
    }

    private mutating func abandon() {
        strayBytes &+= sequence.count &+ 1
        sequence.removeAll(keepingCapacity: true)
        state = .ground
    }

    private mutating func endString() {
        replies.unknownSequences &+= 1
        state = .ground
    }

    private mutating func finishCSI(final: UInt8) {
        defer { sequence.removeAll(keepingCapacity: true) }
        var body = sequence[...]
        var marker: UInt8?
        if let first = body.first, (0x3C...0x3F).contains(first) {
            marker = first
            body = body.dropFirst()
        }
        guard let numbers = Self.parameters(body) else {
            replies.unknownSequences &+= 1
            return
        }
        switch (marker, final) {
        case (UInt8(ascii: "?"), UInt8(ascii: "c")) where !numbers.isEmpty:
            replies.primaryAttributes = numbers
        case (UInt8(ascii: "?"), UInt8(ascii: "S")) where numbers.count >= 3:
            // Status 0 is success; 1–3 are errors and carry no usable value.
            guard numbers[1] == 0 else {
                replies.unknownSequences &+= 1
                break
            }
            if numbers[0] == 1, numbers[2] > 0 {
                replies.colorRegisters = numbers[2]
            } else if numbers[0] == 2, numbers.count >= 4, numbers[2] > 0, numbers[3] > 0 {
                replies.sixelGeometry = PixelSize(width: numbers[2], height: numbers[3])
            } else {
                replies.unknownSequences &+= 1
            }
        case (nil, UInt8(ascii: "t")) where numbers.count == 3 && numbers[1] > 0 && numbers[2] > 0:
            let size = PixelSize(width: numbers[2], height: numbers[1])
            switch numbers[0] {
            case 6: replies.cellSize = size
            case 4: replies.windowSize = size
            default: replies.unknownSequences &+= 1
            }
        default:
            replies.unknownSequences &+= 1
        }
    }

    /// Semicolon-separated decimal parameters (an empty one is 0); nil if the sequence has
    /// intermediate bytes or other markers, which no reply we ask for has.
    private static func parameters(_ body: ArraySlice<UInt8>) -> [Int]? {
        if body.isEmpty { return [] }
        var numbers: [Int] = []
        var current = 0
        for byte in body {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                // Saturate: a reply never needs more than a few digits.
                current = min(current &* 10 &+ Int(byte &- UInt8(ascii: "0")), 1 << 30)
            case UInt8(ascii: ";"):
                numbers.append(current)
                current = 0
            default:
                return nil
            }
        }
        numbers.append(current)
        return numbers
    }
}
