"""Geometry and drawing cases: the same operations as segsh-bench's GeometryBenchmarks.swift.

resize: half size (2048 -> 1024); OpenCV INTER_LINEAR at exactly 2x is its 2x2 mean, like
ours; scikit-image resize(order=1, anti_aliasing=False) / downscale_local_mean for area.
rotate: 30 degrees about ((w-1)/2, (h-1)/2), bilinear, constant 0 border, same size.
Labels: the mask's pixels numbered by 32x32 cell, as GridLabels in the Swift file.
"""
import cv2
import numpy as np
from skimage.color import label2rgb
from skimage.transform import downscale_local_mean, resize, rotate

_labels = {}


def grid_labels(inputs):
    size = inputs["size"]
    if size not in _labels:
        y, x = np.mgrid[0:size, 0:size]
        ids = (y // 32) * (size // 32) + x // 32 + 1
        _labels[size] = np.where(inputs["mask"], ids, 0).astype(np.int32)
    return _labels[size]


_palette = np.random.default_rng(0).integers(64, 256, size=(4096, 3)).astype(np.uint8)
_palette[0] = 0


def opencv_overlay(inputs):
    """Blend a palette colour into the labelled pixels with addWeighted; keep background."""
    labels = grid_labels(inputs)
    colours = _palette[labels % 4096]
    blended = cv2.addWeighted(inputs["rgb8"], 0.5, colours, 0.5, 0)
    return np.where((labels != 0)[:, :, None], blended, inputs["rgb8"])


def opencv_rotate(inputs):
    g = inputs["gray8"]
    h, w = g.shape
    m = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), 30, 1)
    return cv2.warpAffine(g, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def half(inputs):
    return (inputs["size"] // 2, inputs["size"] // 2)


CASES = [
    ("resize_half_bilinear_gray8", {
        "OpenCV": lambda i: cv2.resize(i["gray8"], half(i), interpolation=cv2.INTER_LINEAR),
        "scikit-image": lambda i: resize(i["gray8"], half(i), order=1, anti_aliasing=False, preserve_range=True),
    }),
    ("resize_half_area_gray8", {
        "OpenCV": lambda i: cv2.resize(i["gray8"], half(i), interpolation=cv2.INTER_AREA),
        "scikit-image": lambda i: downscale_local_mean(i["gray8"], (2, 2)),
    }),
    ("rotate30_gray8", {
        "OpenCV": opencv_rotate,
        "scikit-image": lambda i: rotate(i["gray8"], 30, order=1, mode="constant", preserve_range=True),
    }),
    ("flip_h_rgb8", {
        "OpenCV": lambda i: cv2.flip(i["rgb8"], 1),
    }),
    ("color_labels", {
        "scikit-image": lambda i: label2rgb(grid_labels(i), bg_label=0),
    }),
    ("overlay_labels_rgb8", {
        "OpenCV": opencv_overlay,
        "scikit-image": lambda i: label2rgb(grid_labels(i), image=i["rgb8"], alpha=0.5, bg_label=0, kind="overlay"),
    }),
]
