"""Pixel-classifier filter bank cases (issue 9), on the 8-bit gray input.

- features_default_gray8: the default bank (49 planes): Gaussian at 0.3, 0.7, 1, 1.6, 3.5,
  5, 10; LoG, Gaussian gradient magnitude, DoG (G(s) - G(0.66 s)), structure-tensor and
  Hessian eigenvalues at the six scales from 0.7. scikit-image/scipy: the functions the
  segsh fixtures compare against (Scripts/fixtures/classifier.py), on img_as_float32, mode
  'reflect', serial (one call after another, as they run).
- features_mbf_gray8: skimage.feature.multiscale_basic_features(edges=False) (Gaussian and
  Hessian eigenvalues at 0.5, 1, 2, 4, 8, 16; its thread pool on all cores) against segsh's
  "gaussian,hessian@0.5,1,2,4,8,16". scikit-image smooths with mode 'nearest', segsh with
  'reflect': the same work.
"""
import numpy as np
import scipy.ndimage as ndi
import skimage.feature as skfeat
import skimage.filters as skf
from skimage.util import img_as_float32

STANDARD = [0.3, 0.7, 1.0, 1.6, 3.5, 5.0, 10.0]
MODE = "reflect"


def default_bank(inputs):
    img = img_as_float32(inputs["gray8"])
    out = []
    for s in STANDARD:
        out.append(skf.gaussian(img, s, mode=MODE))
    for s in STANDARD[1:]:
        out.append(ndi.gaussian_laplace(img, s, mode=MODE))
    for s in STANDARD[1:]:
        out.append(ndi.gaussian_gradient_magnitude(img, s, mode=MODE))
    for s in STANDARD[1:]:
        out.append(-skf.difference_of_gaussians(img, 0.66 * s, s, mode=MODE))
    for s in STANDARD[1:]:
        g = skf.gaussian(img, s, mode=MODE)
        out.extend(skfeat.structure_tensor_eigenvalues(skfeat.structure_tensor(g, sigma=0.5 * s, mode=MODE)))
    for s in STANDARD[1:]:
        h = skfeat.hessian_matrix(img, s, mode=MODE, use_gaussian_derivatives=False)
        out.extend(skfeat.hessian_matrix_eigvals(h))
    assert len(out) == 49
    return out


CASES = [
    ("features_default_gray8", {
        "scikit-image": default_bank,
    }),
    ("features_mbf_gray8", {
        "scikit-image": lambda i: skfeat.multiscale_basic_features(i["gray8"], edges=False),
    }),
]
