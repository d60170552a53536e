"""Distance transform, marker watershed, peak_local_max and declumping, beside OpenCV
(distanceTransform with DIST_MASK_PRECISE; watershed, which wants 8-bit BGR and int32
markers) and scipy/scikit-image. Markers (a seed every 32 px, ids in raster order) and the
EDT for peak_local_max are prepared once per size outside the timings, as segsh-bench does.
The declump reference is the same pipeline in scikit-image with segsh's default parameters."""
import cv2
import numpy as np
from scipy import ndimage as ndi
from skimage import feature, measure, segmentation

_cache = {}


def _prepared(inputs):
    size = inputs["size"]
    if size not in _cache:
        markers = np.zeros((size, size), np.int32)
        grid = markers[16::32, 16::32]
        grid[:] = np.arange(1, grid.size + 1).reshape(grid.shape)
        _cache[size] = {
            "markers": markers,
            "bgr": cv2.cvtColor(inputs["gray8"], cv2.COLOR_GRAY2BGR),
            "edt": ndi.distance_transform_edt(inputs["mask"]).astype(np.float32),
        }
    return _cache[size]


def cv_watershed(inputs):
    p = _prepared(inputs)
    return cv2.watershed(p["bgr"], p["markers"].copy())


def sk_declump(inputs):
    """segsh's declump defaults: radius R = median of per-component EDT maxima (components of
    at least 5 pixels), sigma = max(0.5, 0.075 R), min_distance = round(0.3 R), 8-connected
    watershed on -smoothed EDT, objects below round(0.1 pi R^2) pixels dropped."""
    mask = inputs["mask"]
    edt = ndi.distance_transform_edt(mask)
    cc = measure.label(mask, connectivity=2)
    n = cc.max()
    index = np.arange(1, n + 1)
    peaks = ndi.maximum(edt, cc, index=index)
    sizes = ndi.sum(mask, cc, index=index)
    radius = float(np.median(peaks[sizes >= 5] if (sizes >= 5).any() else peaks))
    sigma = max(0.5, 0.075 * radius)
    smooth = ndi.gaussian_filter(edt, sigma, mode="nearest")
    coords = feature.peak_local_max(smooth, min_distance=max(1, round(0.3 * radius)), labels=cc, exclude_border=False)
    markers = np.zeros(mask.shape, np.int32)
    markers[tuple(coords.T)] = np.arange(1, len(coords) + 1)
    labels = segmentation.watershed(-smooth, markers, mask=mask, connectivity=2)
    areas = np.bincount(labels.ravel())
    small = areas < round(0.1 * np.pi * radius * radius)
    small[0] = False
    labels[small[labels]] = 0
    return segmentation.relabel_sequential(labels)[0]


CASES = [
    ("edt_mask", {
        "OpenCV": lambda i: cv2.distanceTransform(i["mask"].view(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE),
        "scikit-image": lambda i: ndi.distance_transform_edt(i["mask"]),
    }),
    ("watershed_markers_gray8", {
        "OpenCV": cv_watershed,
        "scikit-image": lambda i: segmentation.watershed(i["gray8"], _prepared(i)["markers"]),
    }),
    ("peak_local_max_edt", {
        "scikit-image": lambda i: feature.peak_local_max(_prepared(i)["edt"], min_distance=5),
    }),
    ("declump_mask", {
        "scikit-image": sk_declump,
    }),
]
