import Segmentation
import Testing
import TestSupport

/// Feature-bank selection, the spec syntax, names, counts and errors.
@Suite("ClassifierFeatureBank")
struct ClassifierFeatureBankTests {
    @Test func defaultBank() throws {
        let bank = FeatureBank.default
        #expect(bank.featureCount(channels: 1) == 49)
        #expect(bank.featureCount(channels: 3) == 147)
        #expect(bank.features == PixelFeature.allCases)
        #expect(bank.sigmas == FeatureBank.standardSigmas)
        #expect(bank.sigmas(for: .gaussian) == [0.3, 0.7, 1.0, 1.6, 3.5, 5.0, 10.0])
        #expect(bank.sigmas(for: .hessianEigenvalues) == [0.7, 1.0, 1.6, 3.5, 5.0, 10.0])
        #expect(bank.description == "default")
        #expect(try FeatureBank.parse("default") == bank)
        #expect(try FeatureBank.parse(" ALL ") == bank)
        #expect(try FeatureBank(features: PixelFeature.allCases, sigmas: FeatureBank.standardSigmas) == bank)
        let names = bank.featureNames(channels: 1)
        #expect(names.count == 49 && Set(names).count == 49)
        #expect(names.first == "gaussian σ=0.3 c0")
        #expect(names.contains("hessian σ=1.6 λ1 c0"))
        #expect(names.contains("laplacian σ=0.7 c0") && !names.contains("laplacian σ=0.3 c0"))
        #expect(names.last == "hessian σ=10 λ2 c0")
    }

    @Test func crossProductSkipsSmallScalesForDerivatives() throws {
        let bank = try FeatureBank(features: [.hessianEigenvalues, .gaussian, .gaussian], sigmas: [3.5, 0.3, 1, 1])
        #expect(bank.features == [.gaussian, .hessianEigenvalues])
        #expect(bank.sigmas(for: .gaussian) == [0.3, 1, 3.5])
        #expect(bank.sigmas(for: .hessianEigenvalues) == [1, 3.5])
        #expect(bank.sigmas(for: .gradientMagnitude).isEmpty)
        #expect(bank.sigmas == [0.3, 1, 3.5])
        #expect(bank.featureNames(channels: 2) == [
            "gaussian σ=0.3 c0", "gaussian σ=0.3 c1", "gaussian σ=1 c0", "gaussian σ=1 c1",
            "gaussian σ=3.5 c0", "gaussian σ=3.5 c1",
            "hessian σ=1 λ1 c0", "hessian σ=1 λ1 c1", "hessian σ=1 λ2 c0", "hessian σ=1 λ2 c1",
            "hessian σ=3.5 λ1 c0", "hessian σ=3.5 λ1 c1", "hessian σ=3.5 λ2 c0", "hessian σ=3.5 λ2 c1",
        ])
        #expect(bank.featureCount(channels: 2) == 14)
        #expect(bank.description == "gaussian@0.3,1,3.5;hessian@1,3.5")
    }

    static let specs: [(spec: String, canonical: String)] = [
        ("gaussian", "gaussian"),
        ("Hessian , gaussian", "gaussian,hessian"),
        ("gaussian@1,3.5;gradient@1.6", "gaussian@1,3.5;gradient@1.6"),
        ("hessian@3.5,1; gaussian", "gaussian;hessian@1,3.5"),
        ("LoG@2;laplacianOfGaussian@1,2", "laplacian@1,2"),
        ("dog,structure@0.3,0.7", "dog,structure@0.7"),
        ("gaussian,hessian@0.3,1", "gaussian@0.3,1;hessian@1"),
        ("gaussian@0.1,0.2,0.30000000000000004", "gaussian@0.1,0.2,0.30000000000000004"),
        ("structureTensorEigenvalues;hessianEigenvalues;gradientMagnitude;differenceOfGaussians",
         "gradient,dog,structure,hessian"),
        ("gaussian,laplacian,gradient,dog,structure,hessian", "default"),
        ("gaussian@256;", "gaussian@256"),
    ]

    @Test(arguments: specs)
    func specRoundTrip(_ spec: String, _ canonical: String) throws {
        let bank = try FeatureBank.parse(spec)
        #expect(bank.description == canonical)
        #expect(try FeatureBank.parse(bank.description) == bank)
        #expect(bank.featureNames(channels: 1).count == bank.featureCount(channels: 1))
    }

    static let badSpecs: [(spec: String, mentions: [String])] = [
        ("", ["empty", "default"]),
        (" ; ", ["empty"]),
        ("gaussian,foo", ["'foo'", "gaussian, laplacian (log), gradient, dog, structure, hessian"]),
        ("gaussian,,hessian", ["missing feature name"]),
        ("gaussian@1,hessian", ["'hessian'", "';'"]),
        ("gaussian@abc", ["'abc'", "number"]),
        ("gaussian@", ["''"]),
        ("gaussian@0", ["sigma must be > 0, got 0"]),
        ("gaussian@-1", ["sigma must be > 0, got -1"]),
        ("gaussian@nan", ["sigma must be > 0"]),
        ("gaussian@1000", ["too large", "256"]),
        ("hessian@0.3", ["hessian", "0.5", "gaussian only"]),
        ("default;gaussian", ["'default'", "whole spec"]),
    ]

    @Test(arguments: badSpecs)
    func badSpecsThrow(_ spec: String, _ mentions: [String]) {
        do {
            let bank = try FeatureBank.parse(spec)
            Issue.record("'\(spec)' parsed as \(bank)")
        } catch {
            #expect(error.operation == "features")
            for text in mentions {
                #expect(error.message.contains(text), "'\(spec)': \(error.message) lacks \(text)")
            }
        }
    }

    @Test func badInitialisersThrow() {
        expectError("features") { try FeatureBank(features: [], sigmas: [1]) }
        expectError("features") { try FeatureBank(features: [.gaussian], sigmas: []) }
        expectError("features") { try FeatureBank(features: [.gaussian], sigmas: [0]) }
        expectError("features") { try FeatureBank(features: [.gaussian], sigmas: [-2]) }
        expectError("features") { try FeatureBank(features: [.gaussian], sigmas: [.infinity]) }
        expectError("features") { try FeatureBank(features: [.gaussian], sigmas: [.nan]) }
        expectError("features") { try FeatureBank(features: [.structureTensorEigenvalues], sigmas: [0.3]) }
        expectError("features") { try FeatureBank(selection: [:]) }
        expectError("features") { try FeatureBank(selection: [.gaussian: [1], .hessianEigenvalues: []]) }
    }

    @Test func kindNames() {
        for kind in PixelFeature.allCases {
            #expect(PixelFeature(name: kind.token) == kind)
            #expect(PixelFeature(name: kind.rawValue.uppercased()) == kind)
        }
        #expect(PixelFeature(name: "log") == .laplacianOfGaussian)
        #expect(PixelFeature(name: "sobel") == nil)
        #expect(PixelFeature.allCases.map(\.outputCount) == [1, 1, 1, 1, 2, 2])
    }

    @Test func estimatedBytes() throws {
        let bank = FeatureBank.default
        let plane = 2048 * 2048 * 4
        let gray = bank.estimatedBytes(width: 2048, height: 2048, channels: 1)
        #expect(gray >= 50 * plane && gray <= 60 * plane)
        let rgb = bank.estimatedBytes(width: 2048, height: 2048, channels: 3)
        #expect(rgb >= 148 * plane && rgb < gray * 3)
        let small = try FeatureBank.parse("gaussian@1")
        #expect(small.estimatedBytes(width: 10, height: 10, channels: 1) >= 2 * 400)
        #expect(bank.estimatedBytes(width: 0, height: 100, channels: 1) == 0)
        #expect(bank.estimatedBytes(width: Int.max / 2, height: Int.max / 2, channels: 4) == Int.max)
    }
}
