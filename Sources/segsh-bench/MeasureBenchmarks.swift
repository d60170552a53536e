import PixelEngine
import Segmentation

extension BenchRegistry {
    /// Measure: connected components of the mask, then the full region table (every
    /// property, intensity from gray8) — scikit-image's label + regionprops_table.
    static let measure: [BenchCase] = [
        BenchCase(name: "regionprops_cc_mask") { inputs in
            try inputs.mask.connectedComponents(connectivity: 2).regionprops(intensity: inputs.gray8)
        },
    ]
}
