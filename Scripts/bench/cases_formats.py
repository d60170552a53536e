"""JPEG and TIFF codec cases (issue 16): decode and encode of the RGB input beside Pillow and
tifffile. JPEG at quality 90 (segsh-bench encodes its decode input the same way); TIFF
uncompressed and Deflate (tifffile's zlib, with segsh's horizontal predictor)."""
import io

import numpy as np
import tifffile
from PIL import Image


def _encoded(inputs, key, make):
    if key not in inputs:
        inputs[key] = make(inputs["rgb8"])
    return inputs[key]


def _jpeg(rgb):
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="JPEG", quality=90)
    return out.getvalue()


def _tiff(rgb, **kw):
    out = io.BytesIO()
    tifffile.imwrite(out, rgb, photometric="rgb", **kw)
    return out.getvalue()


def pillow_jpeg_decode(inputs):
    img = Image.open(io.BytesIO(_encoded(inputs, "rgb_jpeg", _jpeg)))
    img.load()
    return np.asarray(img)


CASES = [
    ("jpeg_decode_rgb8", {"Pillow": pillow_jpeg_decode}),
    ("jpeg_encode_rgb8", {"Pillow": lambda i: _jpeg(i["rgb8"])}),
    ("tiff_read_rgb8", {"tifffile": lambda i: tifffile.imread(io.BytesIO(_encoded(i, "rgb_tiff", _tiff)))}),
    ("tiff_write_rgb8", {"tifffile": lambda i: _tiff(i["rgb8"])}),
    ("tiff_read_rgb8_deflate", {"tifffile": lambda i: tifffile.imread(io.BytesIO(
        _encoded(i, "rgb_tiff_deflate", lambda rgb: _tiff(rgb, compression="zlib", predictor=True))))}),
    ("tiff_write_rgb8_deflate", {"tifffile": lambda i: _tiff(i["rgb8"], compression="zlib", predictor=True)}),
]
