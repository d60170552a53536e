import Foundation
import PixelEngine

/// The inputs every benchmark case draws from, all of one size. `Scripts/bench-compare`
/// writes them as PNGs so that segsh and OpenCV/scikit-image time the same pixels;
/// standalone runs synthesise equivalent ones.
struct BenchInputs: Sendable {
    let size: Int
    /// Smooth gray texture with noise, 8-bit.
    let gray8: Image<UInt8>
    /// Colour version of the same texture, 8-bit RGB.
    let rgb8: Image<UInt8>
    /// Blobs: `gray8 > 128`.
    let mask: Mask
    /// The PNG encoding of `rgb8` (for decode timings).
    let rgbPNG: Data

    init(size: Int, directory: String?) throws {
        self.size = size
        if let directory {
            func load(_ name: String) throws -> Image<UInt8> {
                guard case .uint8(let image) = try PNG.readImage(path: "\(directory)/\(name)_\(size).png") else {
                    throw PixelEngineError("segsh-bench", "\(name)_\(size).png is not 8-bit")
                }
                return image
            }
            gray8 = try load("gray8")
            rgb8 = try load("rgb8")
            rgbPNG = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/rgb8_\(size).png"))
        } else {
            gray8 = Self.texture(size: size, channels: 1)
            rgb8 = Self.texture(size: size, channels: 3)
            rgbPNG = try PNG.encode(rgb8)
        }
        mask = Mask(nonzero: gray8.map { $0 > 128 ? 1 : 0 })
    }

    /// A deterministic smooth texture with fine noise, like a micrograph.
    static func texture(size: Int, channels: Int) -> Image<UInt8> {
        Image<UInt8>.generate(width: size, height: size, channels: channels) { rows, out in
            for y in rows {
                for x in 0..<size {
                    for c in 0..<channels {
                        let fx = Double(x) / 37, fy = Double(y) / 29 + Double(c)
                        let smooth = 128 + 60 * sin(fx) * cos(fy) + 40 * sin((fx + fy) / 3)
                        var h = UInt64(truncatingIfNeeded: (y &* size &+ x) &* 3 &+ c) &* 0x9E37_79B9_7F4A_7C15
                        h ^= h >> 29
                        let noise = Double(h % 31) - 15
                        out[(y * size + x) * channels + c] = UInt8(clamping: Int(smooth + noise))
                    }
                }
            }
        }
    }
}

/// One timed operation. `run` returns its result so the work cannot be optimised away.
struct BenchCase: Sendable {
    let name: String
    /// The fewest timed runs after the warm-up (slow cases ask for more than the default 3).
    let minimumRuns: Int
    let run: @Sendable (BenchInputs) throws -> Any

    init(name: String, minimumRuns: Int = 3, run: @escaping @Sendable (BenchInputs) throws -> Any) {
        self.name = name
        self.minimumRuns = minimumRuns
        self.run = run
    }
}

/// Times `body`: one warm-up, then runs until 0.4 s or 25 runs have passed (at least
/// `minimumRuns`). Returns the median in milliseconds.
func medianMilliseconds(minimumRuns: Int = 3, _ body: () throws -> Any) rethrows -> Double {
    var sink: [Any] = []
    sink.append(try body())
    var times: [Double] = []
    let budget = ContinuousClock.now.advanced(by: .milliseconds(400))
    while times.count < minimumRuns || (times.count < 25 && ContinuousClock.now < budget) {
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = ContinuousClock.now - start
        sink.append(result)
        if sink.count > 2 { sink.removeFirst() }
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    times.sort()
    return times[times.count / 2]
}
