import Foundation
import PixelEngine

/// How a network's background / interior / boundary probabilities become objects: the
/// "U-Net + watershed" recipe of the 2018 Data Science Bowl winners.
///
/// 1. Foreground: pixels where `1 − p(background) > foreground`.
/// 2. Seeds: the interior probability, smoothed by a Gaussian of `sigma` (0: not), above
///    `seed` inside the foreground. With `seeds: "components"` every connected seed region
///    of at least `min_seed_size` pixels is one object; with `seeds: "distance"` the seed
///    regions' distance transform gives one seed per local maximum at least `min_distance`
///    apart (for objects whose interiors touch).
/// 3. Watershed of `1 − p(interior)` from the seeds, inside the foreground (8-connected).
/// 4. Objects smaller than `min_size` pixels removed; ids renumbered `1…n`.
///
/// A model card states it as a JSON record under `segsh.instances`, for example
/// `{"method": "interior_boundary_watershed", "foreground": 0.5, "seed": 0.7, "min_size": 20}`;
/// keys left out keep the defaults below.
///
/// ```swift
/// let objects = try InstanceRecipe(seed: 0.6).labels(probabilities: p, classes: ["background", "interior", "boundary"])
/// ```
public struct InstanceRecipe: Sendable, Equatable, CustomStringConvertible {
    /// How seeds are taken from the interior probability.
    public enum Seeds: String, Sendable, Equatable, CaseIterable {
        /// One seed per connected region above `seed`.
        case components
        /// One seed per distance-transform maximum of those regions.
        case distance
    }

    /// The recipe's name in model cards.
    public static let method = "interior_boundary_watershed"

    /// Threshold on `1 − p(background)` for the foreground, in (0, 1).
    public var foreground: Double
    /// Threshold on the (smoothed) interior probability for seeds, in (0, 1).
    public var seed: Double
    /// Objects with fewer pixels are removed.
    public var minSize: Int
    /// Seed regions with fewer pixels are dropped (`components` seeds).
    public var minSeedSize: Int
    /// How seeds are found.
    public var seeds: Seeds
    /// Closest two seeds may be, in pixels (`distance` seeds).
    public var minDistance: Int
    /// Gaussian smoothing of the interior probability before seeding; 0: none.
    public var sigma: Double
    /// Keys of the model card's record this build does not know (ignored, listed in summaries).
    public var ignored: [String]

    /// A recipe; the defaults are what a model card that names no value gets.
    public init(foreground: Double = 0.5, seed: Double = 0.5, minSize: Int = 0, minSeedSize: Int = 0,
                seeds: Seeds = .components, minDistance: Int = 3, sigma: Double = 0) {
        self.foreground = foreground
        self.seed = seed
        self.minSize = minSize
        self.minSeedSize = minSeedSize
        self.seeds = seeds
        self.minDistance = minDistance
        self.sigma = sigma
        ignored = []
    }

    /// The recipe of a model card's `segsh.instances` record.
    ///
    /// - Throws: ``NetworkError`` (`.modelCard`) for another method or a value out of range.
    init(record: [String: Any], source: String) throws(NetworkError) {
        self.init()
        func bad(_ key: String, _ expected: String) -> NetworkError {
            NetworkError(.modelCard, "\(source): metadata segsh.instances has \(key) = \(record[key].map { "\($0)" } ?? "nothing"); expected \(expected)")
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws(NetworkError) -> Double? {
            guard let v = record[key] else { return nil }
            guard let n = (v as? NSNumber)?.doubleValue, range.contains(n) else {
                throw bad(key, "a number in [\(networkNumber(range.lowerBound)), \(networkNumber(range.upperBound))]")
            }
            return n
        }
        if let m = record["method"] {
            guard let name = m as? String, name == Self.method else { throw bad("method", "\"\(Self.method)\"") }
        }
        foreground = try number("foreground", 0...1) ?? foreground
        seed = try number("seed", 0...1) ?? seed
        minSize = Int(try number("min_size", 0...1e9) ?? Double(minSize))
        minSeedSize = Int(try number("min_seed_size", 0...1e9) ?? Double(minSeedSize))
        minDistance = Int(try number("min_distance", 1...1e4) ?? Double(minDistance))
        sigma = try number("sigma", 0...100) ?? sigma
        if let s = record["seeds"] {
            guard let text = s as? String, let v = Seeds(rawValue: text) else { throw bad("seeds", "\"components\" or \"distance\"") }
            seeds = v
        }
        let known: Set = ["method", "foreground", "seed", "min_size", "min_seed_size", "min_distance", "sigma", "seeds"]
        ignored = record.keys.filter { !known.contains($0) }.sorted()
    }

    /// Throws unless the classes hold an interior (and a background) channel this recipe can use.
    func check(classes: [String], source: String) throws(NetworkError) {
        if channels(classes) == nil {
            throw NetworkError(.task, "\(source): an instance model's classes must be background, interior and boundary (or background and foreground); this one has \(classes.joined(separator: ", "))")
        }
    }

    /// The background, interior and (if any) boundary channels: by name, else by position.
    func channels(_ classes: [String]) -> (background: Int, interior: Int, boundary: Int?)? {
        let lower = classes.map { $0.lowercased() }
        if let i = lower.firstIndex(of: "interior") {
            let b = lower.firstIndex(of: "background") ?? (i == 0 ? nil : 0)
            guard let b else { return nil }
            return (b, i, lower.firstIndex(of: "boundary"))
        }
        switch classes.count {
        case 2: return (0, 1, nil)
        case 3: return (0, 1, 2)
        default: return nil
        }
    }

    /// Objects from per-class probability images (one per class, in class order).
    ///
    /// - Returns: a label map of the images' size, ids `1…n` in raster order of the seeds'
    ///   first pixels after renumbering, 0 on background.
    /// - Throws: ``NetworkError`` (`.task`) when the classes have no interior channel.
    public func labels(probabilities p: [Image<Float>], classes: [String]) throws(NetworkError) -> LabelMap {
        guard let (bg, interior, _) = channels(classes), p.count == classes.count, let first = p.first else {
            throw NetworkError(.task, "instances need background and interior probabilities; the classes are \(classes.joined(separator: ", "))")
        }
        let width = first.width, height = first.height
        do {
            let foregroundMask = try p[bg].compare(.less, 1 - foreground)
            let smooth = sigma > 0 ? try p[interior].gaussian(sigma: sigma, mode: .nearest) : p[interior]
            let seedMask = try smooth.compare(.greater, seed).and(foregroundMask)
            var markers: LabelMap
            switch seeds {
            case .components:
                markers = try LabelMap.fromMarkers(seedMask, connectivity: 1)
                if minSeedSize > 0 { markers = try markers.filterBySize(minSize: minSeedSize) }
            case .distance:
                let edt = try seedMask.distanceTransform()
                let regions = try seedMask.connectedComponents(connectivity: 1).labels
                markers = try edt.peakLocalMax(minDistance: minDistance, excludeBorder: 0, labels: regions).markers
            }
            if markers.maxLabel == 0 { return LabelMap(width: width, height: height) }
            let landscape = smooth.map { 1 - $0 }
            let regions = try landscape.watershed(markers: markers, connectivity: 2, mask: foregroundMask)
            return try regions.filterBySize(minSize: minSize).relabelSequential().labels
        } catch {
            throw NetworkError(.task, "instances: \(error.operation): \(error.message)")
        }
    }

    public var description: String {
        var parts = ["foreground \(networkNumber(foreground))", "seed \(networkNumber(seed))"]
        if sigma > 0 { parts.append("sigma \(networkNumber(sigma))") }
        parts.append(seeds == .distance ? "seeds by distance (min_distance \(minDistance))" : "seeds by components")
        if minSeedSize > 0 { parts.append("min_seed_size \(minSeedSize)") }
        parts.append("min_size \(minSize)")
        if !ignored.isEmpty { parts.append("ignored: \(ignored.joined(separator: ", "))") }
        return "\(Self.method) (\(parts.joined(separator: ", ")))"
    }
}
