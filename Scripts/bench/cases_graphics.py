"""Terminal graphics cases (issue 6), beside GraphicsBenchmarks.swift.

show_rgb_1280x960: the top-left 1280x960 of the RGB input shown in an 800-px-wide sixel
terminal: area resize to 800x600, then a 256-colour palette and the sixel encoding
(libsixel). No reference library writes sixel, so the references time the nearest work:
Pillow resize (BOX) + 256-colour median-cut quantisation, and OpenCV INTER_AREA resize alone.
"""
import cv2
from PIL import Image


def _picture(inputs):
    return inputs["rgb8"][:960, :1280]


def pillow_show(inputs):
    img = Image.fromarray(_picture(inputs)).resize((800, 600), Image.BOX)
    return img.quantize(256, method=Image.Quantize.MEDIANCUT)


CASES = [
    ("show_rgb_1280x960", {
        "Pillow": pillow_show,
        "OpenCV": lambda i: cv2.resize(_picture(i), (800, 600), interpolation=cv2.INTER_AREA),
    }),
]
