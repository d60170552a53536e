"""Morphology cases: erosion/dilation (OpenCV's default border for erode/dilate ignores
outside pixels, like segsh and scikit-image's mode="ignore"), binary opening, connected
components with stats, fill holes and skeletonize, beside OpenCV and scikit-image/scipy."""
import warnings

import cv2
import numpy as np
from scipy import ndimage as ndi
from skimage import measure, morphology

warnings.filterwarnings("ignore", category=FutureWarning)

SQUARE3 = np.ones((3, 3), np.uint8)
SQUARE15 = np.ones((15, 15), np.uint8)
DISK7 = morphology.disk(7).astype(np.uint8)
DISK5 = morphology.disk(5).astype(np.uint8)


def cv_fill_holes(inputs):
    """The usual OpenCV idiom: flood the background from outside, holes are what is left."""
    m = inputs["mask"].astype(np.uint8)
    padded = np.pad(m, 1)
    flood = padded.copy()
    cv2.floodFill(flood, np.zeros((flood.shape[0] + 2, flood.shape[1] + 2), np.uint8), (0, 0), 1)
    return (m | (1 - flood[1:-1, 1:-1])).astype(bool)


def sk_cc_stats(inputs):
    labels = measure.label(inputs["mask"], connectivity=2)
    return measure.regionprops_table(labels, properties=("area", "bbox", "centroid"))


CASES = [
    ("erode3_gray8", {
        "OpenCV": lambda i: cv2.erode(i["gray8"], SQUARE3),
        "scikit-image": lambda i: morphology.erosion(i["gray8"], SQUARE3),
    }),
    ("erode15_gray8", {
        "OpenCV": lambda i: cv2.erode(i["gray8"], SQUARE15),
        "scikit-image": lambda i: morphology.erosion(i["gray8"], SQUARE15),
    }),
    ("dilate_disk7_gray8", {
        "OpenCV": lambda i: cv2.dilate(i["gray8"], DISK7),
        "scikit-image": lambda i: morphology.dilation(i["gray8"], DISK7),
    }),
    ("open_disk5_mask", {
        "OpenCV": lambda i: cv2.morphologyEx(i["mask"].view(np.uint8), cv2.MORPH_OPEN, DISK5),
        "scikit-image": lambda i: morphology.binary_opening(i["mask"], DISK5),
    }),
    ("cc8_stats_mask", {
        "OpenCV": lambda i: cv2.connectedComponentsWithStats(i["mask"].view(np.uint8), connectivity=8),
        "scikit-image": sk_cc_stats,
    }),
    ("fill_holes_mask", {
        "OpenCV": cv_fill_holes,
        "scikit-image": lambda i: ndi.binary_fill_holes(i["mask"]),
    }),
    ("skeletonize_mask", {
        "scikit-image": lambda i: morphology.skeletonize(i["mask"]),
    }),
]
