"""PNG codec cases (issue 2): decode and encode of the RGB input, beside Pillow and OpenCV.
Pillow's default compression level is 6, like segsh's."""
import io

import cv2
import numpy as np
from PIL import Image


def pillow_decode(inputs):
    img = Image.open(io.BytesIO(inputs["rgb_png_bytes"]))
    img.load()
    return np.asarray(img)


def pillow_encode(inputs):
    out = io.BytesIO()
    Image.fromarray(inputs["rgb8"]).save(out, format="PNG")
    return out.getvalue()


CASES = [
    ("png_decode_rgb8", {
        "Pillow": pillow_decode,
        "OpenCV": lambda i: cv2.imdecode(np.frombuffer(i["rgb_png_bytes"], np.uint8), cv2.IMREAD_UNCHANGED),
    }),
    ("png_encode_rgb8", {
        "Pillow": pillow_encode,
        "OpenCV": lambda i: cv2.imencode(".png", i["rgb8"], [cv2.IMWRITE_PNG_COMPRESSION, 6])[1],
    }),
]
