import PixelEngine

extension BenchRegistry {
    /// Morphology (compare with OpenCV erode/dilate/morphologyEx/connectedComponentsWithStats
    /// and scikit-image); see Scripts/bench/cases_morphology.py.
    static let morphology: [BenchCase] = [
        BenchCase(name: "erode3_gray8") { try $0.gray8.erode(footprint: .square(3)) },
        BenchCase(name: "erode15_gray8") { try $0.gray8.erode(footprint: .square(15)) },
        BenchCase(name: "dilate_disk7_gray8") { try $0.gray8.dilate(footprint: .disk(radius: 7)) },
        BenchCase(name: "open_disk5_mask") { try $0.mask.open(footprint: .disk(radius: 5)) },
        BenchCase(name: "cc8_stats_mask") { try $0.mask.connectedComponents(connectivity: 2) },
        BenchCase(name: "fill_holes_mask") { try $0.mask.fillHoles() },
        BenchCase(name: "skeletonize_mask") { try $0.mask.skeletonize() },
    ]
}
