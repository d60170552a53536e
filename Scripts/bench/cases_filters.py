"""Filters cases: the same work as segsh-bench's filters cases, on the 8-bit gray input.

- gaussian_s2_gray8: segsh gaussian(sigma: 2) = skimage gaussian(sigma=2, truncate=4,
  mode='nearest') rounded to uint8. OpenCV GaussianBlur((0,0), 2) uses a 13-tap kernel
  (3 sigma) and its 8-bit fixed point; segsh uses scikit-image's 17 taps.
- box15_gray8: mean over 15x15, mirror border (OpenCV's BORDER_DEFAULT, scipy 'mirror').
- median{3,5,7}_gray8: 3x3 / 5x5 / 7x7 median, border replicated (skimage 'nearest').
- sobel_gray8: gradient magnitude, float output (skimage sobel; OpenCV: two 32F Sobels and
  magnitude).
- log_s2_gray8: Laplacian of Gaussian, sigma 2, float output (scipy gaussian_laplace on
  img_as_float; OpenCV: GaussianBlur 17 taps on float then Laplacian).
"""
import cv2
import numpy as np
import scipy.ndimage as ndi
import skimage.filters as skf
from skimage.util import img_as_float


def cv_sobel(i):
    g = i["gray8"]
    dx = cv2.Sobel(g, cv2.CV_32F, 1, 0)
    dy = cv2.Sobel(g, cv2.CV_32F, 0, 1)
    return cv2.magnitude(dx, dy)


def cv_log(i):
    f = i["gray8"].astype(np.float32) / 255
    return cv2.Laplacian(cv2.GaussianBlur(f, (17, 17), 2), cv2.CV_32F)


CASES = [
    ("gaussian_s2_gray8", {
        "OpenCV": lambda i: cv2.GaussianBlur(i["gray8"], (0, 0), 2),
        "scikit-image": lambda i: skf.gaussian(i["gray8"], sigma=2, preserve_range=True),
    }),
    ("box15_gray8", {
        "OpenCV": lambda i: cv2.blur(i["gray8"], (15, 15)),
        "scikit-image": lambda i: ndi.uniform_filter(i["gray8"], 15, mode="mirror"),
    }),
    ("median3_gray8", {
        "OpenCV": lambda i: cv2.medianBlur(i["gray8"], 3),
        "scikit-image": lambda i: skf.median(i["gray8"], np.ones((3, 3), bool)),
    }),
    ("median5_gray8", {
        "OpenCV": lambda i: cv2.medianBlur(i["gray8"], 5),
        "scikit-image": lambda i: skf.median(i["gray8"], np.ones((5, 5), bool)),
    }),
    ("median7_gray8", {
        "OpenCV": lambda i: cv2.medianBlur(i["gray8"], 7),
        "scikit-image": lambda i: skf.median(i["gray8"], np.ones((7, 7), bool)),
    }),
    ("sobel_gray8", {
        "OpenCV": cv_sobel,
        "scikit-image": lambda i: skf.sobel(i["gray8"]),
    }),
    ("log_s2_gray8", {
        "OpenCV": cv_log,
        "scikit-image": lambda i: ndi.gaussian_laplace(img_as_float(i["gray8"]), 2),
    }),
]
