"""Measure cases: connected components of the mask, then a full region table with
intensity from gray8 (area, perimeter, perimeter_crofton, centroid, bbox, area_bbox,
area_convex, equivalent_diameter_area, axis lengths, eccentricity, orientation,
solidity, extent, intensity mean/min/max).

scikit-image: label + regionprops_table with the same properties (exact equivalent).
OpenCV: connectedComponentsWithStats (area, bbox, centroid) plus, per component in its
bounding box, cv2.moments (axes, eccentricity, orientation), findContours/arcLength
(perimeter: a different estimator), convexHull/contourArea (polygon hull, not the
pixel count of scikit-image) and mean/minMaxLoc with the component as mask: the usual
OpenCV way to the same table, approximately, without the Crofton perimeter.
"""
import math
import warnings

import cv2
import numpy as np
from skimage import measure

warnings.filterwarnings("ignore", category=FutureWarning)

PROPS = ("label", "area", "perimeter", "perimeter_crofton", "centroid", "bbox", "area_bbox",
         "area_convex", "equivalent_diameter_area", "axis_major_length", "axis_minor_length",
         "eccentricity", "orientation", "solidity", "extent",
         "intensity_mean", "intensity_min", "intensity_max")


def sk_regionprops(inputs):
    labels = measure.label(inputs["mask"], connectivity=2)
    return measure.regionprops_table(labels, inputs["gray8"], properties=PROPS)


def cv_regionprops(inputs):
    gray = inputs["gray8"]
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(inputs["mask"].view(np.uint8), connectivity=8)
    rows = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        roi = (labels[y:y + h, x:x + w] == i).astype(np.uint8)
        m = cv2.moments(roi, binaryImage=True)
        a, b, c = m["mu20"] / area, m["mu11"] / area, m["mu02"] / area
        root = math.sqrt(((a - c) / 2) ** 2 + b * b)
        l1, l2 = (a + c) / 2 + root, max(0.0, (a + c) / 2 - root)
        contours, _ = cv2.findContours(roi, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        perimeter = sum(cv2.arcLength(ct, True) for ct in contours)
        hull = cv2.convexHull(np.vstack(contours))
        hull_area = max(cv2.contourArea(hull), 1.0)
        patch = gray[y:y + h, x:x + w]
        lo, hi, _, _ = cv2.minMaxLoc(patch, roi)
        mean = cv2.mean(patch, roi)[0]
        rows.append((i, area, perimeter, centroids[i][1], centroids[i][0], y, x, y + h, x + w, w * h,
                     hull_area, math.sqrt(4 * area / math.pi), 4 * math.sqrt(l1), 4 * math.sqrt(l2),
                     math.sqrt(1 - l2 / l1) if l1 > 0 else 0.0, 0.5 * math.atan2(2 * b, a - c),
                     area / hull_area, area / (w * h), mean, lo, hi))
    return rows


CASES = [
    ("regionprops_cc_mask", {
        "OpenCV": cv_regionprops,
        "scikit-image": sk_regionprops,
    }),
]
