"""Superpixel cases: SLIC with 1000 segments (compactness 10, CIELAB, connectivity
enforced; channel_axis=-1 marks the image as RGB) and Felzenszwalb graph segmentation
(scale 100, sigma 0.8, min_size 50), in scikit-image; OpenCV's ximgproc (contrib) is not
in opencv-python-headless, so there is no OpenCV column."""
from skimage.segmentation import felzenszwalb, slic

CASES = [
    ("slic1000_rgb8", {
        "scikit-image": lambda i: slic(i["rgb8"], n_segments=1000, compactness=10, channel_axis=-1),
    }),
    ("felzenszwalb_rgb8", {
        "scikit-image": lambda i: felzenszwalb(i["rgb8"], scale=100, sigma=0.8, min_size=50),
    }),
]
