"""Threshold and k-means cases: the same work as segsh-bench's threshold cases.

- otsu_gray8: threshold value + mask (image > t). OpenCV THRESH_OTSU does both in one call.
- multiotsu3_gray8: 3-class multi-Otsu thresholds + np.digitize class map (no OpenCV).
- li_gray8: Li's threshold value only (no OpenCV).
- sauvola25_gray8: Sauvola threshold (window 25, k 0.2, r 127.5) + mask (no OpenCV in the
  headless build; ximgproc's niBlackThreshold is contrib-only).
- local_gaussian35_gray8: threshold_local(35, 'gaussian', mode 'reflect') + mask; OpenCV
  adaptiveThreshold(GAUSSIAN_C, 35, C=0) uses an 8-bit 35-tap kernel with sigma
  0.3·(17 − 1) + 0.8 = 5.6 (segsh and scikit-image: sigma 34/6 = 5.67, 47 taps) and
  BORDER_REPLICATE|ISOLATED.
- kmeans3_rgb8: k = 3 on RGB values. segsh fits on a 65 536-pixel sample then assigns every
  pixel; OpenCV cv2.kmeans (k-means++ init, 1 attempt, up to 300 iterations / eps 1e-4)
  fits on all pixels. scikit-image has no k-means: the "scikit-image" column is
  scipy.cluster.vq.kmeans2 (k-means++, 300 iterations) on all pixels.
"""
import cv2
import numpy as np
from scipy.cluster.vq import kmeans2
from skimage import filters


def cv_kmeans(i):
    data = i["rgb8"].reshape(-1, 3).astype(np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 300, 1e-4)
    return cv2.kmeans(data, 3, None, criteria, 1, cv2.KMEANS_PP_CENTERS)


def sp_kmeans(i):
    data = i["rgb8"].reshape(-1, 3).astype(np.float32)
    return kmeans2(data, 3, iter=300, minit="++", seed=0)


CASES = [
    ("otsu_gray8", {
        "OpenCV": lambda i: cv2.threshold(i["gray8"], 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU),
        "scikit-image": lambda i: i["gray8"] > filters.threshold_otsu(i["gray8"]),
    }),
    ("multiotsu3_gray8", {
        "scikit-image": lambda i: np.digitize(i["gray8"], filters.threshold_multiotsu(i["gray8"], classes=3)),
    }),
    ("li_gray8", {
        "scikit-image": lambda i: filters.threshold_li(i["gray8"]),
    }),
    ("sauvola25_gray8", {
        "scikit-image": lambda i: i["gray8"] > filters.threshold_sauvola(i["gray8"], window_size=25),
    }),
    ("local_gaussian35_gray8", {
        "OpenCV": lambda i: cv2.adaptiveThreshold(i["gray8"], 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                                  cv2.THRESH_BINARY, 35, 0),
        "scikit-image": lambda i: i["gray8"] > filters.threshold_local(i["gray8"], 35, method="gaussian"),
    }),
    ("kmeans3_rgb8", {
        "OpenCV": cv_kmeans,
        "scikit-image": sp_kmeans,
    }),
]
