"""Pixel classifier cases, beside scikit-learn's RandomForestClassifier(n_estimators=100,
n_jobs=2) (install it with `.venv-ref/bin/pip install scikit-learn`; without it these
cases are skipped).

The data follow segsh-bench's ForestBenchmarks.swift: 49 features of the gray input (the
default bank: Gaussian at sigma 0.3, 0.7, 1, 1.6, 3.5, 5, 10; Laplacian of Gaussian,
gradient magnitude, difference of Gaussians (sigma, 0.66 sigma), structure-tensor and
Hessian eigenvalues at the six sigmas from 0.7), computed here with scipy/scikit-image on
img_as_float; the 10 000 training pixels are raster indices j*N//10000; the label of a
pixel is the gray value 5 pixels right and 3 down (clamped), in bands <100, <156, rest.

- forest_train_10k: fitting 100 trees on the 10 000 x 49 matrix (features outside the timing).
- forest_classify_gray8: the 49 features of the whole image plus predict with the fitted forest.
"""
import numpy as np
from scipy import ndimage as ndi
from skimage.feature import hessian_matrix, hessian_matrix_eigvals, structure_tensor, structure_tensor_eigenvalues

try:
    from sklearn.ensemble import RandomForestClassifier
except ImportError:  # the cases below need scikit-learn
    RandomForestClassifier = None

SIGMAS = [0.3, 0.7, 1.0, 1.6, 3.5, 5.0, 10.0]


def features(gray):
    img = gray.astype(np.float32) / 255
    planes = [ndi.gaussian_filter(img, s, mode="reflect") for s in SIGMAS]
    for s in SIGMAS[1:]:
        planes.append(ndi.gaussian_laplace(img, s, mode="reflect"))
        planes.append(ndi.gaussian_gradient_magnitude(img, s, mode="reflect"))
        planes.append(ndi.gaussian_filter(img, s, mode="reflect") - ndi.gaussian_filter(img, 0.66 * s, mode="reflect"))
        planes.extend(structure_tensor_eigenvalues(structure_tensor(img, sigma=0.5 * s, mode="reflect")))
        planes.extend(hessian_matrix_eigvals(hessian_matrix(img, sigma=s, mode="reflect", use_gaussian_derivatives=False)))
    return np.stack(planes, axis=-1).astype(np.float32)


_cache = {}


def training(gray):
    key = ("training", gray.shape)
    if key not in _cache:
        h, w = gray.shape
        n = h * w
        pixels = np.arange(10_000, dtype=np.int64) * n // 10_000
        x, y = pixels % w, pixels // w
        shifted = gray[np.minimum(y + 3, h - 1), np.minimum(x + 5, w - 1)]
        labels = np.where(shifted < 100, 0, np.where(shifted < 156, 1, 2)).astype(np.uint8)
        _cache[key] = (features(gray).reshape(n, -1)[pixels], labels)
    return _cache[key]


def fit(gray):
    x, y = training(gray)
    return RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=1).fit(x, y)


def model(gray):
    key = ("model", gray.shape)
    if key not in _cache:
        _cache[key] = fit(gray)
    return _cache[key]


def classify(gray):
    f = features(gray)
    return model(gray).predict(f.reshape(-1, f.shape[-1])).reshape(gray.shape)


CASES = [] if RandomForestClassifier is None else [
    ("forest_train_10k", {"scikit-learn": lambda i: fit(i["gray8"])}),
    ("forest_classify_gray8", {"scikit-learn": lambda i: classify(i["gray8"])}),
]
