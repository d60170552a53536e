import PixelEngine
import Testing
import TestSupport

@Suite("General correlate / convolve")
struct CorrelateFilterTests {
    @Test(arguments: ["gray8", "rgb8", "grayf", "odd3x5"])
    func matchesScipy(name: String) throws {
        let kernel = try FilterFixtures.expected("kernel_3x5")
        let image = try FilterFixtures.input(name, Float.self)
        for mode in ["reflect", "constant"] {
            expectRelative(try image.correlate(kernel, mode: FilterFixtures.mode(mode)),
                           try FilterFixtures.expected("correlate_\(name)_\(mode)"))
            expectRelative(try image.convolve(kernel, mode: FilterFixtures.mode(mode)),
                           try FilterFixtures.expected("convolve_\(name)_\(mode)"))
        }
        if name != "grayf" {
            let bytes = try FilterFixtures.input(name, UInt8.self)
            expectRelative(try bytes.correlate(kernel), try FilterFixtures.expected("correlate_\(name)_reflect"))
        }
    }

    @Test func parallelEqualsSerial() throws {
        let image = randomImage(UInt16.self, width: 30, height: 20, channels: 3, seed: 9)
        let kernel = Image<Float>(width: 3, height: 5, pixels: (0..<15).map { Float($0) - 7 })
        let results = try schedules { try image.correlate(kernel, mode: .wrap) }
        #expect(results[0] == results[1] && results[1] == results[2])
        let rows = (0..<5).map { j in (0..<3).map { Double(kernel[$0, j]) } }
        expectRelative(results[0], Naive.correlate(image, rows, .wrap))
    }

    @Test func rejectsBadKernels() {
        let image = Image<UInt8>(width: 4, height: 4)
        for kernel in [Image<Float>(width: 2, height: 3), Image<Float>(width: 3, height: 3, channels: 2),
                       Image<Float>(width: 131, height: 1), Image<Float>(width: 1, height: 1, pixels: [.nan])] {
            #expect { try image.correlate(kernel) } throws: { ($0 as? PixelEngineError)?.operation == "correlate" }
            #expect { try image.convolve(kernel) } throws: { ($0 as? PixelEngineError)?.operation == "convolve" }
        }
        #expect { try Image<UInt8>(width: 0, height: 0).correlate(Image<Float>(width: 1, height: 1)) } throws: {
            ($0 as? PixelEngineError)?.operation == "correlate"
        }
    }
}
