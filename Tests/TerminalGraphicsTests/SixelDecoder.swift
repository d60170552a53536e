import PixelEngine

/// A small, independent sixel decoder for the tests (it does not use libsixel): parses
/// the DCS envelope, raster attributes, RGB colour definitions (percentages), colour
/// selection, repeats, `$` and `-`.
struct DecodedSixel {
    /// Colour definitions in order of appearance, as 0…255 (rounded from percentages).
    var palette: [Int: RGB8] = [:]
    /// Declared size from the raster attributes (`" Pan ; Pad ; Ph ; Pv`).
    var declaredWidth = 0, declaredHeight = 0
    /// Register number per pixel (-1 where nothing was drawn).
    var registers: [[Int]] = []

    var height: Int { registers.count }
    var width: Int { registers.map(\.count).max() ?? 0 }

    /// The colour drawn at (x, y), or nil.
    func color(x: Int, y: Int) -> RGB8? {
        guard y < registers.count, x < registers[y].count, registers[y][x] >= 0 else { return nil }
        return palette[registers[y][x]]
    }

    enum Failure: Error { case envelope(String), syntax(String) }

    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 4, bytes[0] == 0x1B, bytes[1] == UInt8(ascii: "P") else {
            throw Failure.envelope("does not start with ESC P")
        }
        guard bytes[bytes.count - 2] == 0x1B, bytes[bytes.count - 1] == UInt8(ascii: "\\") else {
            throw Failure.envelope("does not end with ESC \\")
        }
        guard let q = bytes.firstIndex(of: UInt8(ascii: "q")) else { throw Failure.envelope("no q") }
        var i = q + 1
        let end = bytes.count - 2
        func number() -> Int {
            var n = 0
            while i < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
                n = n * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            return n
        }
        func numbers() -> [Int] {
            var list = [number()]
            while i < end, bytes[i] == UInt8(ascii: ";") {
                i += 1
                list.append(number())
            }
            return list
        }
        var x = 0, band = 0, current = 0
        func plot(_ bits: UInt8, count: Int) {
            for dy in 0..<6 where bits & (1 << dy) != 0 {
                let y = band * 6 + dy
                while registers.count <= y { registers.append([]) }
                while registers[y].count < x + count { registers[y].append(-1) }
                for k in 0..<count { registers[y][x + k] = current }
            }
            x += count
        }
        while i < end {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                let p = numbers()
                if p.count >= 4 { (declaredWidth, declaredHeight) = (p[2], p[3]) }
            case UInt8(ascii: "#"):
                i += 1
                let p = numbers()
                if p.count == 5 {
                    guard p[1] == 2 else { throw Failure.syntax("colour space \(p[1]) is not RGB") }
                    func byte(_ percent: Int) -> UInt8 { UInt8((percent * 255 + 50) / 100) }
                    palette[p[0]] = RGB8(byte(p[2]), byte(p[3]), byte(p[4]))
                }
                current = p[0]
            case UInt8(ascii: "!"):
                i += 1
                let count = number()
                guard i < end else { throw Failure.syntax("repeat at the end") }
                plot(bytes[i] &- 0x3F, count: count)
                i += 1
            case UInt8(ascii: "$"):
                x = 0
                i += 1
            case UInt8(ascii: "-"):
                x = 0
                band += 1
                i += 1
            case 0x3F...0x7E:
                plot(c - 0x3F, count: 1)
                i += 1
            default:
                throw Failure.syntax("unexpected byte \(c) at \(i)")
            }
        }
    }
}
