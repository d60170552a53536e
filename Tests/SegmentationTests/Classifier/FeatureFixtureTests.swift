import Foundation
import Segmentation
import Testing
import TestSupport

/// The filter bank against scikit-image/scipy (Scripts/fixtures/classifier.py): every kind at
/// every standard σ, mode 'reflect', uint8 inputs read as img_as_float.
@Suite("ClassifierFeatureFixtures")
struct ClassifierFeatureFixtureTests {
    /// Absolute tolerance on [0, 1] data, as issue 9 asks.
    static let tolerance = 1e-4

    static func names(_ name: String) throws -> [String] {
        String(decoding: try Fixtures.data("classifier/\(name).txt"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }

    /// The largest error per kind token, for the report.
    static func compare(_ input: String, _ reference: String, spec: String) throws -> [String: Double] {
        let image = try Fixtures.npy("classifier/in_\(input).npy").image(UInt8.self)
        let bank = try FeatureBank.parse(spec)
        let stack = try bank.compute(image)
        let expectedNames = try names(reference)
        #expect(stack.names == expectedNames)
        #expect(bank.featureNames(channels: image.channels) == expectedNames)
        let expected = try Fixtures.npy("classifier/\(reference).npy")
        #expect(expected.shape == [stack.featureCount, image.height, image.width])
        var worst: [String: Double] = [:]
        let values = expected.doubles, planeSize = image.width * image.height
        for (index, plane) in stack.planes.enumerated() where index < expected.shape[0] {
            let reference = values[(index * planeSize)..<((index + 1) * planeSize)]
            let error = zip(plane.pixels, reference).map { abs(Double($0) - $1) }.max() ?? 0
            let kind = String(stack.names[index].split(separator: " ")[0])
            worst[kind] = max(worst[kind] ?? 0, error)
            #expect(error <= tolerance, "\(input) \(stack.names[index]): error \(error)")
        }
        return worst
    }

    @Test func grayDefaultBank() throws {
        let worst = try Self.compare("gray", "gray_default", spec: "default")
        #expect(worst.count == 6)
        print("classifier fixture max errors (gray 48x40, default bank):",
              worst.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    @Test func rgbSelectedScales() throws {
        let spec = "gaussian@0.3,1,3.5;laplacian@1;gradient@1.6;dog@0.7;structure@1,3.5;hessian@0.7,5"
        let worst = try Self.compare("rgb", "rgb_small", spec: spec)
        #expect(worst.count == 6)
    }

    @Test(arguments: ["row", "column", "single"])
    func oddSizes(_ name: String) throws {
        _ = try Self.compare(name, "\(name)_default", spec: "default")
    }

    /// `multiscale_basic_features(edges=False, sigma_min=1, sigma_max=1)`: intensity and the
    /// two Hessian eigenvalues at σ = 1. scikit-image smooths with mode 'nearest' there, the
    /// bank with 'reflect', so they agree where neither border is read: 4 pixels (the
    /// Gaussian's radius) plus 2 (numpy.gradient twice) from the edge.
    @Test func multiscaleBasicFeaturesInterior() throws {
        let image = try Fixtures.npy("classifier/in_gray.npy").image(UInt8.self)
        let mbf = try Fixtures.npy("classifier/mbf_gray.npy").image(Float.self)
        let stack = try FeatureBank.parse("gaussian,hessian@1").compute(image)
        #expect(stack.names == ["gaussian σ=1 c0", "hessian σ=1 λ1 c0", "hessian σ=1 λ2 c0"])
        let margin = 6
        var worst = 0.0
        var borderDiffers = false
        for (k, plane) in stack.planes.enumerated() {
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let d = abs(Double(plane[x, y] - mbf[x, y, k]))
                    let inside = (margin..<(image.width - margin)).contains(x) && (margin..<(image.height - margin)).contains(y)
                    if inside { worst = max(worst, d) } else if d > 1e-3 { borderDiffers = true }
                }
            }
        }
        #expect(worst <= Self.tolerance, "interior error \(worst)")
        #expect(borderDiffers, "the border modes differ, so some border pixel should")
    }
}
