"""Point operations and colour: the same work as segsh-bench's color cases, in OpenCV and
scikit-image. segsh's outputs are float32 where scikit-image's are float64 (to_float uses
img_as_float32 to match); rgb2gray_rgb8 outputs 8-bit in segsh and OpenCV (BT.601 weights),
float64 in scikit-image; rgb2lab is float in segsh and scikit-image, 8-bit in OpenCV."""
import cv2
import numpy as np
from skimage import color, exposure, filters, util

CASES = [
    ("to_float_gray8", {
        "OpenCV": lambda i: i["gray8"].astype(np.float32) * np.float32(1 / 255),
        "scikit-image": lambda i: util.img_as_float32(i["gray8"]),
    }),
    ("invert_gray8", {
        "OpenCV": lambda i: cv2.bitwise_not(i["gray8"]),
        "scikit-image": lambda i: util.invert(i["gray8"]),
    }),
    ("rgb2gray_rgb8", {
        "OpenCV": lambda i: cv2.cvtColor(i["rgb8"], cv2.COLOR_RGB2GRAY),
        "scikit-image": lambda i: color.rgb2gray(i["rgb8"]),
    }),
    ("rgb2hsv_rgb8", {
        "OpenCV": lambda i: cv2.cvtColor(util.img_as_float32(i["rgb8"]), cv2.COLOR_RGB2HSV),
        "scikit-image": lambda i: color.rgb2hsv(i["rgb8"]),
    }),
    ("rgb2lab_rgb8", {
        "OpenCV": lambda i: cv2.cvtColor(util.img_as_float32(i["rgb8"]), cv2.COLOR_RGB2Lab),
        "scikit-image": lambda i: color.rgb2lab(i["rgb8"]),
    }),
    ("add_gray8", {
        "OpenCV": lambda i: cv2.add(i["gray8"], i["gray8"]),
        "scikit-image": lambda i: np.clip(i["gray8"].astype(np.int16) + i["gray8"], 0, 255).astype(np.uint8),
    }),
    ("histogram_otsu_gray8", {
        "OpenCV": lambda i: cv2.threshold(i["gray8"], 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU),
        "scikit-image": lambda i: filters.threshold_otsu(i["gray8"]),
    }),
    ("equalize_gray8", {
        "OpenCV": lambda i: cv2.equalizeHist(i["gray8"]),
        "scikit-image": lambda i: exposure.equalize_hist(i["gray8"]),
    }),
    ("clahe_gray8", {
        "OpenCV": lambda i: cv2.createCLAHE(clipLimit=2.56, tileGridSize=(8, 8)).apply(i["gray8"]),
        "scikit-image": lambda i: exposure.equalize_adapthist(i["gray8"]),
    }),
]
