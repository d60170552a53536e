import Testing
@testable import TerminalGraphics

/// Escape sequences written readably: `^[` is ESC.
private func bytes(_ text: String) -> [UInt8] {
    Array(text.replacingOccurrences(of: "^[", with: "\u{1B}").utf8)
}

private func parse(_ chunks: [String]) -> TerminalReplyParser {
    var parser = TerminalReplyParser()
    for chunk in chunks { parser.consume(bytes(chunk)) }
    return parser
}

@Suite("TerminalReplyParser")
struct TerminalReplyParserTests {
    struct DA1Case: Sendable, CustomTestStringConvertible {
        let reply: String
        let attributes: [Int]
        let sixel: Bool
        var testDescription: String { reply.replacingOccurrences(of: "^[", with: "ESC") }
    }

    @Test(arguments: [
        // xterm -ti vt340 (4 tokens after the level would be too few to be real; these are).
        DA1Case(reply: "^[[?63;1;2;4;6;9;15;16;22;28c", attributes: [63, 1, 2, 4, 6, 9, 15, 16, 22, 28], sixel: true),
        // xterm's default VT420 identity: no 4.
        DA1Case(reply: "^[[?64;1;2;6;9;15;18;21;22c", attributes: [64, 1, 2, 6, 9, 15, 18, 21, 22], sixel: false),
        // Token 14 and 24 are not 4 (digit-wise matching would be wrong).
        DA1Case(reply: "^[[?62;14;24c", attributes: [62, 14, 24], sixel: false),
        DA1Case(reply: "^[[?62;14;4;24c", attributes: [62, 14, 4, 24], sixel: true),
        DA1Case(reply: "^[[?65;1;9;4c", attributes: [65, 1, 9, 4], sixel: true),
        // The level alone is 4? No: the first number is the level, not a feature.
        DA1Case(reply: "^[[?4c", attributes: [4], sixel: false),
        DA1Case(reply: "^[[?1;2c", attributes: [1, 2], sixel: false),
        DA1Case(reply: "^[[?6c", attributes: [6], sixel: false),
    ])
    func primaryAttributes(_ c: DA1Case) {
        let parser = parse([c.reply])
        #expect(parser.replies.primaryAttributes == c.attributes)
        #expect(parser.replies.supportsSixel == c.sixel)
        #expect(parser.sawPrimaryAttributes)
        #expect(!parser.isInsideSequence)
    }

    static let fullReply = "^[[?1;0;256S^[[?2;0;1100;1160S^[[6;20;10t^[[4;1160;1100t^[[?63;1;2;4;6;9;15;16;22;28c"
    static let fullReplies = TerminalReplies(primaryAttributes: [63, 1, 2, 4, 6, 9, 15, 16, 22, 28], colorRegisters: 256,
                                             sixelGeometry: PixelSize(width: 1100, height: 1160),
                                             cellSize: PixelSize(width: 10, height: 20),
                                             windowSize: PixelSize(width: 1100, height: 1160))

    @Test func allRepliesInOneRead() {
        #expect(parse([Self.fullReply]).replies == Self.fullReplies)
    }

    @Test func repliesSplitAtEveryByte() {
        let parser = parse(Self.fullReply.replacingOccurrences(of: "^[", with: "\u{1B}").map { String($0) })
        #expect(parser.replies == Self.fullReplies)
        #expect(parser.strayBytes == 0)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 11, 13])
    func repliesSplitIntoChunks(of size: Int) {
        let all = bytes(Self.fullReply)
        var parser = TerminalReplyParser()
        var start = 0
        while start < all.count {
            parser.consume(all[start..<min(all.count, start + size)])
            start += size
        }
        #expect(parser.replies == Self.fullReplies)
    }

    @Test func interleavedUnknownSequencesAndTypeahead() {
        // Keys typed during the probe, an OSC colour reply, a DCS status string, an SS3 key,
        // an unrelated CSI, and a cursor position report between the replies we want.
        let parser = parse([
            "ls^[]11;rgb:ffff/ffff/ffff^[\\^[[?1;0;16S",
            "^[P1$r0m^[\\^[OA^[[?2;0;800;480S^[[12;40R",
            "x^[[6;15;7t^[]0;title\u{07}^[[?62;4c",
        ])
        #expect(parser.replies.colorRegisters == 16)
        #expect(parser.replies.sixelGeometry == PixelSize(width: 800, height: 480))
        #expect(parser.replies.cellSize == PixelSize(width: 7, height: 15))
        #expect(parser.replies.windowSize == nil)
        #expect(parser.replies.primaryAttributes == [62, 4])
        #expect(parser.replies.unknownSequences == 5)
        #expect(parser.strayBytes == 3)  // "l", "s", "x"
    }

    @Test func eightBitIntroducer() {
        var parser = TerminalReplyParser()
        parser.consume([0x9B] + Array("?63;4c".utf8))
        #expect(parser.replies.primaryAttributes == [63, 4])
    }

    @Test func noReplyAtAll() {
        let parser = parse([])
        #expect(parser.replies == TerminalReplies())
        #expect(!parser.sawPrimaryAttributes)
        #expect(!parser.replies.supportsSixel)
    }

    @Test func partialReplyAtTheEndIsNotTaken() {
        let parser = parse(["^[[?1;0;256S^[[?63;1;2;4"])
        #expect(parser.replies.colorRegisters == 256)
        #expect(parser.replies.primaryAttributes == nil)
        #expect(parser.isInsideSequence)
    }

    @Test func interruptedReplyIsDroppedAndTheNextOneParsed() {
        // A reply cut short by a new ESC, then garbage control bytes inside a CSI.
        let parser = parse(["^[[6;20^[[4;100;200t", "^[[?2;0\n;5;5S^[[?64;4c"])
        #expect(parser.replies.cellSize == nil)
        #expect(parser.replies.windowSize == PixelSize(width: 200, height: 100))
        #expect(parser.replies.sixelGeometry == nil)
        #expect(parser.replies.primaryAttributes == [64, 4])
        #expect(parser.strayBytes > 0)
    }

    @Test func errorStatusesLeaveValuesUnset() {
        // XTSMGRAPHICS status 1–3 (error); a window op with a zero size.
        let parser = parse(["^[[?1;3;0S^[[?2;1;0S^[[4;0;0t^[[?63;4c"])
        #expect(parser.replies.colorRegisters == nil)
        #expect(parser.replies.sixelGeometry == nil)
        #expect(parser.replies.windowSize == nil)
        #expect(parser.replies.unknownSequences == 3)
    }

    @Test func overlongSequenceIsAbandoned() {
        let long = "^[[?" + String(repeating: "1;", count: 200) + "c^[[?62;4c"
        let parser = parse([long])
        #expect(parser.replies.primaryAttributes == [62, 4])
    }

    @Test func hugeNumbersSaturate() {
        let parser = parse(["^[[?1;0;99999999999999999999999S"])
        #expect(parser.replies.colorRegisters == 1 << 30)
    }

    @Test func queriesEndWithDA1() {
        let text = String(decoding: TerminalProbe.queries, as: UTF8.self)
        #expect(text == "\u{1B}[?1;1;0S\u{1B}[?2;1;0S\u{1B}[16t\u{1B}[14t\u{1B}[c")
    }
}
