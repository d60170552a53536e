/// A measurement of ``LabelMap/regionprops(properties:)``: one or more columns of a
/// ``RegionTable``, with the definition and column names of `skimage.measure.regionprops_table`.
///
/// Coordinates follow scikit-image: axis 0 is the row (`y`), axis 1 the column (`x`), so
/// `centroid-0` is the mean row. The raw value is the scikit-image property name.
///
/// ```swift
/// let table = try labels.regionprops(properties: [.area, .centroid, .eccentricity])
/// table.columnNames // ["label", "area", "centroid-0", "centroid-1", "eccentricity"]
/// ```
public enum RegionProperty: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Pixels in the region (`area`).
    case area
    /// Boundary length, scikit-image's default estimator (`perimeter`, Benkrid & Crookes):
    /// the region's inner boundary pixels (those with a 4-neighbour outside the region or
    /// the image) are weighted by how they touch other boundary pixels of the region —
    /// 1 for a straight run, √2 for a diagonal step, (1+√2)/2 for a corner, 0 for an
    /// isolated pixel or a line end — and summed.
    case perimeter
    /// Boundary length by the Crofton formula over 4 directions on the 2x2 pixel
    /// configurations of the region (`perimeter_crofton`).
    case perimeterCrofton = "perimeter_crofton"
    /// Mean row and mean column: columns `centroid-0` (row) and `centroid-1` (column).
    case centroid
    /// Bounding box as `bbox-0` min row, `bbox-1` min column, `bbox-2` max row + 1,
    /// `bbox-3` max column + 1 (end-exclusive, as scikit-image).
    case bbox
    /// Pixels in the bounding box (`area_bbox`).
    case areaBbox = "area_bbox"
    /// Pixels of the convex hull image (`area_convex`): pixel centres inside or on the
    /// convex hull of the midpoints of the region's pixel edges, as
    /// `skimage.morphology.convex_hull_image`.
    case areaConvex = "area_convex"
    /// Diameter of the disk with the same area, `sqrt(4 * area / π)` (`equivalent_diameter_area`).
    case equivalentDiameterArea = "equivalent_diameter_area"
    /// `4 * sqrt(λ1)`, λ1 the larger eigenvalue of the inertia tensor (`axis_major_length`).
    case axisMajorLength = "axis_major_length"
    /// `4 * sqrt(λ2)`, λ2 the smaller eigenvalue of the inertia tensor (`axis_minor_length`).
    case axisMinorLength = "axis_minor_length"
    /// `sqrt(1 - λ2 / λ1)`, 0 for a single pixel (`eccentricity`).
    case eccentricity
    /// Angle in radians, -π/2...π/2, between axis 0 (rows) and the major axis (`orientation`).
    case orientation
    /// `area / area_convex` (`solidity`).
    case solidity
    /// `area / area_bbox` (`extent`).
    case extent
    /// Mean intensity over the region; one column per channel (`intensity_mean`, or
    /// `intensity_mean-0`, `-1`, … for a multichannel image). Needs an intensity image.
    case intensityMean = "intensity_mean"
    /// Minimum intensity (`intensity_min`, per channel as ``intensityMean``).
    case intensityMin = "intensity_min"
    /// Maximum intensity (`intensity_max`, per channel as ``intensityMean``).
    case intensityMax = "intensity_max"

    /// The scikit-image property name.
    public var description: String { rawValue }

    /// True for the properties that need an intensity image.
    public var needsIntensity: Bool {
        switch self {
        case .intensityMean, .intensityMin, .intensityMax: true
        default: false
        }
    }

    /// Every property that does not need an intensity image, in table order.
    public static let shape: [RegionProperty] = allCases.filter { !$0.needsIntensity }

    /// The column names this property produces for an intensity image of `channels` channels.
    public func columnNames(channels: Int = 1) -> [String] {
        switch self {
        case .centroid: ["centroid-0", "centroid-1"]
        case .bbox: ["bbox-0", "bbox-1", "bbox-2", "bbox-3"]
        case .intensityMean, .intensityMin, .intensityMax:
            channels == 1 ? [rawValue] : (0..<channels).map { "\(rawValue)-\($0)" }
        default: [rawValue]
        }
    }
}
