import PixelEngine

/// Resize (opsets 10–18) and Upsample (7–9) of float tensors: nearest, linear and cubic
/// interpolation, separable, one axis at a time.
///
/// The output size is `sizes`, or `floor(input × scales)`; the source coordinate of each
/// output index follows `coordinate_transformation_mode` (half_pixel, pytorch_half_pixel,
/// align_corners, asymmetric, tf_half_pixel_for_nn, tf_crop_and_resize with `roi` and
/// `extrapolation_value`, half_pixel_symmetric) exactly as ONNX's reference implementation
/// computes it. Source indices beyond the input repeat its edge. Opset 18's `axes` and
/// `keep_aspect_ratio_policy` are supported; `antialias` is not. Before opset 11 (and in
/// Upsample) coordinates are asymmetric and nearest rounds down when enlarging, up when
/// shrinking, as ONNX Runtime does.
struct Resize: Operator {
    enum Mode: String, Sendable { case nearest, linear, cubic }
    enum NearestMode: String, Sendable { case roundPreferFloor = "round_prefer_floor", roundPreferCeil = "round_prefer_ceil", floor, ceil, simple }
    enum Coordinates: String, Sendable {
        case halfPixel = "half_pixel", pytorchHalfPixel = "pytorch_half_pixel", alignCorners = "align_corners"
        case asymmetric, tfHalfPixelForNN = "tf_half_pixel_for_nn", tfCropAndResize = "tf_crop_and_resize"
        case halfPixelSymmetric = "half_pixel_symmetric"
    }
    enum AspectPolicy: String, Sendable { case stretch, notLarger = "not_larger", notSmaller = "not_smaller" }

    let node: Node
    let upsample: Bool
    let mode: Mode
    let nearestMode: NearestMode
    let coordinates: Coordinates
    let cubicA: Double
    let excludeOutside: Bool
    let extrapolationValue: Double
    let axes: [Int]?
    let aspectPolicy: AspectPolicy
    /// Upsample-7's scales attribute.
    let attributeScales: [Float]?

    init(_ node: Node, upsample: Bool) throws {
        self.node = node
        self.upsample = upsample
        let opset = node.opsetVersion
        let legacy = upsample || opset < 11
        if upsample {
            try node.checkAttributes(opset < 9 ? ["mode", "scales"] : ["mode"])
        } else if legacy {
            try node.checkAttributes(["mode"])
        } else {
            var known: Set<String> = ["mode", "coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside",
                                      "extrapolation_value", "nearest_mode"]
            if opset >= 18 { known.formUnion(["antialias", "axes", "keep_aspect_ratio_policy"]) }
            try node.checkAttributes(known)
        }
        let modeName = try node.string("mode", default: "nearest")
        guard let mode = Mode(rawValue: modeName == "bilinear" ? "linear" : modeName), !(legacy && mode == .cubic) else {
            throw node.error(.unsupportedAttribute, "mode '\(modeName)' is not supported (supported: nearest, linear\(legacy ? "" : ", cubic"))")
        }
        self.mode = mode
        let coordinateName = try node.string("coordinate_transformation_mode", default: legacy ? "asymmetric" : "half_pixel")
        guard let coordinates = Coordinates(rawValue: coordinateName) else {
            throw node.error(.unsupportedAttribute, "coordinate_transformation_mode '\(coordinateName)' is not supported (supported: half_pixel, pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn, tf_crop_and_resize, half_pixel_symmetric)")
        }
        self.coordinates = coordinates
        let nearestName = try node.string("nearest_mode", default: legacy ? "simple" : "round_prefer_floor")
        guard let nearestMode = NearestMode(rawValue: nearestName) else {
            throw node.error(.unsupportedAttribute, "nearest_mode '\(nearestName)' is not supported (supported: round_prefer_floor, round_prefer_ceil, floor, ceil)")
        }
        self.nearestMode = nearestMode
        cubicA = Double(try node.float("cubic_coeff_a", default: -0.75))
        excludeOutside = try node.int("exclude_outside", default: 0) != 0
        extrapolationValue = Double(try node.float("extrapolation_value", default: 0))
        if try node.int("antialias", default: 0) != 0 {
            throw node.error(.unsupportedAttribute, "antialias 1 is not supported (supported: 0)")
        }
        axes = try node.ints("axes")
        let policyName = try node.string("keep_aspect_ratio_policy", default: "stretch")
        guard let policy = AspectPolicy(rawValue: policyName) else {
            throw node.error(.unsupportedAttribute, "keep_aspect_ratio_policy '\(policyName)' is not supported (supported: stretch, not_larger, not_smaller)")
        }
        aspectPolicy = policy
        attributeScales = try node.floats("scales")
    }

    /// The input positions of `scales`, `sizes` and `roi` for this opset (nil: not an input).
    private var positions: (scales: Int?, sizes: Int?, roi: Int?) {
        if upsample { return (node.opsetVersion < 9 ? nil : 1, nil, nil) }
        if node.opsetVersion < 11 { return (1, nil, nil) }
        return (2, 3, 1)
    }

    /// The per-axis scale and output extent for an input of `shape`.
    private func geometry(_ shape: [Int], scales given: [Double]?, sizes: [Int]?) throws -> (scales: [Double], extents: [Int]) {
        let rank = shape.count
        let axes = try node.axes(self.axes ?? Array(0..<rank), rank: rank)
        if let sizes, !sizes.isEmpty {
            guard sizes.count == axes.count, sizes.allSatisfy({ $0 >= 0 }) else {
                throw node.error(.invalidModel, "sizes \(sizes) must have \(axes.count) non-negative values")
            }
            var scales = [Double](repeating: 1, count: rank), extents = shape
            for (i, axis) in axes.enumerated() {
                extents[axis] = sizes[i]
                scales[axis] = shape[axis] == 0 ? 1 : Double(sizes[i]) / Double(shape[axis])
            }
            if aspectPolicy != .stretch {
                let chosen = axes.map { scales[$0] }
                let scale = (aspectPolicy == .notLarger ? chosen.min() : chosen.max()) ?? 1
                for axis in axes {
                    scales[axis] = scale
                    extents[axis] = Int(scale * Double(shape[axis]) + 0.5)
                }
            }
            return (scales, extents)
        }
        guard let given, !given.isEmpty else {
            throw node.error(.invalidModel, "needs either scales or sizes")
        }
        guard given.count == axes.count, given.allSatisfy({ $0 > 0 }) else {
            throw node.error(.invalidModel, "scales \(given) must have \(axes.count) positive values")
        }
        var scales = [Double](repeating: 1, count: rank), extents = shape
        for (i, axis) in axes.enumerated() {
            scales[axis] = given[i]
            extents[axis] = Int(given[i] * Double(shape[axis]))
        }
        return (scales, extents)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "X")
        try node.check(x.elementType, in: ElementType.floats, "X")
        var scales = attributeScales.map { $0.map(Double.init) }
        let p = positions
        let sizes = try p.sizes.flatMap { try node.constantIntegers(inputs, $0, "sizes") }
        if sizes?.isEmpty ?? true, let i = p.scales, i < inputs.count, let info = inputs[i] {
            guard let constant = info.constant else {
                throw node.error(.invalidModel, "scales must be a constant to know the output shape")
            }
            scales = constant.doubles()
        }
        return [TensorType(x.elementType, try geometry(x.shape, scales: scales, sizes: sizes).extents)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0), out = outputs[0]
        let p = positions
        let scales = p.scales.flatMap { node.optionalTensor(inputs, $0)?.doubles() } ?? attributeScales.map { $0.map(Double.init) }
        let sizes = p.sizes.flatMap { node.integers(inputs, $0) }
        let (scaleFactors, extents) = try geometry(x.shape, scales: scales, sizes: sizes)
        let rank = x.rank
        // The region of interest per axis, [start, end] in normalised coordinates.
        var roi = [(Double, Double)](repeating: (0, 1), count: rank)
        if coordinates == .tfCropAndResize, let i = p.roi, let values = node.optionalTensor(inputs, i)?.doubles(), !values.isEmpty {
            let roiAxes = try node.axes(axes ?? Array(0..<rank), rank: rank)
            guard values.count == 2 * roiAxes.count else {
                throw node.error(.invalidModel, "roi has \(values.count) values; it needs \(2 * roiAxes.count) (starts, then ends)")
            }
            for (k, axis) in roiAxes.enumerated() { roi[axis] = (values[k], values[roiAxes.count + k]) }
        }
        // The innermost axis goes first: its pass gathers along lines, the cheapest while
        // the data is still the input's size, and the later passes combine whole rows.
        var tables: [(axis: Int, table: AxisTable)] = []
        for axis in (0..<rank).reversed() {
            let identity = abs(scaleFactors[axis] - 1) < 1e-9 && extents[axis] == x.shape[axis] && roi[axis] == (0, 1)
            if identity { continue }
            tables.append((axis, table(inputExtent: x.shape[axis], outputExtent: extents[axis], scale: scaleFactors[axis], roi: roi[axis])))
        }
        _ = try visitFloat(x.elementType, Kernel(x: x, out: out, tables: tables, extrapolation: extrapolationValue))
    }

    /// For each output index along one axis: the input indices it reads (edge-clamped), their
    /// weights, and whether it lies outside the crop (tf_crop_and_resize).
    struct AxisTable {
        var taps: Int
        var indices: [Int]
        var weights: [Double]
        var outside: [Bool]
    }

    private func table(inputExtent n: Int, outputExtent m: Int, scale: Double, roi: (Double, Double)) -> AxisTable {
        // Nearest keeps only the chosen one of its two candidates.
        let taps = mode == .cubic ? 4 : 2
        var result = AxisTable(taps: mode == .nearest ? 1 : taps, indices: [], weights: [], outside: [Bool](repeating: false, count: m))
        result.indices.reserveCapacity(m * taps)
        result.weights.reserveCapacity(m * taps)
        let width = scale * Double(n)  // the reference's (fractional) output width
        for j in 0..<m {
            let y = Double(j)
            var x: Double
            switch coordinates {
            case .halfPixel: x = (y + 0.5) / scale - 0.5
            case .pytorchHalfPixel: x = width == 1 ? -0.5 : (y + 0.5) / scale - 0.5
            case .alignCorners: x = width == 1 ? 0 : y * Double(n - 1) / (width - 1)
            case .asymmetric: x = y / scale
            case .tfHalfPixelForNN: x = (y + 0.5) / scale
            case .halfPixelSymmetric:
                let adjustment = Double(m) / width
                let offset = Double(n) / 2 * (1 - adjustment)
                x = offset + (y + 0.5) / scale - 0.5
            case .tfCropAndResize:
                x = width == 1 ? (roi.1 - roi.0) * Double(n - 1) / 2 : y * (roi.1 - roi.0) * Double(n - 1) / (width - 1)
                x += roi.0 * Double(n - 1)
                result.outside[j] = x < 0 || x > Double(n - 1)
            }
            // As the reference: the window starts left of x, and an integral x takes ratio 1.
            let integral = x == x.rounded(.down)
            let base = Int(x.rounded(.down))
            let ratio = integral ? 1 : x - x.rounded(.down)
            let start = integral ? base - taps / 2 : base - taps / 2 + 1
            var coefficients: [Double]
            switch mode {
            case .linear: coefficients = [1 - ratio, ratio]
            case .cubic:
                let a = cubicA, r = ratio, s = 1 - ratio
                coefficients = [((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
                                ((a + 2) * r - (a + 3)) * r * r + 1,
                                ((a + 2) * s - (a + 3)) * s * s + 1,
                                ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a]
            case .nearest:
                let right: Bool
                if integral { right = true } else {
                    switch nearestMode {
                    case .roundPreferFloor: right = ratio > 0.5
                    case .roundPreferCeil: right = ratio >= 0.5
                    case .floor: right = false
                    case .ceil: right = true
                    case .simple: right = scale < 1
                    }
                }
                coefficients = right ? [0, 1] : [1, 0]
            }
            if excludeOutside {
                for t in 0..<taps where start + t < 0 || start + t >= n { coefficients[t] = 0 }
                let sum = coefficients.reduce(0, +)
                if sum != 0 { coefficients = coefficients.map { $0 / sum } }
            }
            for t in 0..<taps where mode != .nearest || coefficients[t] == 1 {
                result.indices.append(min(max(start + t, 0), n - 1))
                result.weights.append(coefficients[t])
            }
        }
        return result
    }

    private struct Kernel: FloatVisitor {
        let x: Tensor, out: Tensor
        let tables: [(axis: Int, table: AxisTable)]
        let extrapolation: Double

        func visit<T: FloatElement>(_: T.Type) {
            guard !tables.isEmpty else { return copyBytes(x, into: out) }
            guard out.count > 0 else { return }
            var current = x
            for (k, entry) in tables.enumerated() {
                var shape = current.shape
                shape[entry.axis] = out.shape[entry.axis]
                let next = k == tables.count - 1 ? out : Tensor(zeros: x.elementType, shape: shape)
                pass(current, into: next, axis: entry.axis, table: entry.table, T.self)
                current = next
            }
        }

        /// Resamples `input` along `axis` into `output`.
        private func pass<T: FloatElement>(_ input: Tensor, into output: Tensor, axis: Int, table: AxisTable, _: T.Type) {
            let n = input.shape[axis], m = output.shape[axis]
            let outer = product(input.shape[..<axis]), inner = product(input.shape[(axis + 1)...])
            guard outer * m * inner > 0 else { return }
            let taps = table.taps
            let weights = table.weights.map { T($0) }, indices = table.indices, outside = table.outside
            let fillValue = T(extrapolation)
            let src = input.pointer(T.self), dst = output.pointer(T.self)
            weights.withUnsafeBufferPointer { w in
                indices.withUnsafeBufferPointer { idx in
                    if inner == 1 {
                        // The last axis: gather along each line.
                        parallelRows(outer, costPerRow: m * taps) { lines in
                            for o in lines {
                                let line = src + o * n, target = dst + o * m
                                for j in 0..<m {
                                    if outside[j] { target[j] = fillValue; continue }
                                    var sum: T = 0
                                    for t in 0..<taps { sum += w[j * taps + t] * line[idx[j * taps + t]] }
                                    target[j] = sum
                                }
                            }
                        }
                    } else {
                        // An outer axis: whole rows of `inner` elements combine, vectorised.
                        parallelRows(outer * m, costPerRow: inner * taps) { rows in
                            for row in rows {
                                let o = row / m, j = row % m
                                let target = dst + row * inner
                                if outside[j] {
                                    target.update(repeating: fillValue, count: inner)
                                    continue
                                }
                                let first = src + (o * n + idx[j * taps]) * inner
                                let w0 = w[j * taps]
                                for i in 0..<inner { target[i] = w0 * first[i] }
                                for t in 1..<taps {
                                    let wt = w[j * taps + t]
                                    if wt == 0 { continue }
                                    let line = src + (o * n + idx[j * taps + t]) * inner
                                    for i in 0..<inner { target[i] += wt * line[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
