"""Evaluation cases (issue 8): StarDist's matching() method on the same 4096² inputs as
segsh-bench's match_instances_4096 (built here identically): the overlap table with numpy
(sequential relabelling + bincount), IoU, and scipy.optimize.linear_sum_assignment on the
dense 2025 × 2025 cost matrix at each of the 10 thresholds, plus Cellpose's AJI
assignment. Reported in the "scikit-image" column (it is the numpy/scipy stack
StarDist and Cellpose use)."""
import functools

import numpy as np
from scipy.optimize import linear_sum_assignment

THRESHOLDS = [(50 + 5 * k) / 100 for k in range(10)]


@functools.lru_cache(maxsize=1)
def match_inputs():
    size, n, side = 4096, 45, 88
    t = np.zeros((size, size), np.uint32)
    p = np.zeros((size, size), np.uint32)
    for j in range(n):
        for i in range(n):
            k = j * n + i
            ox, oy = i * size // n + 3, j * size // n + 3
            dx, dy = (i * 7 + j * 3) % 13 - 6, (i * 5 + j * 11) % 13 - 6
            t[max(0, oy):oy + side, max(0, ox):ox + side] = k + 1
            p[max(0, oy + dy):max(0, oy + dy + side), max(0, ox + dx):max(0, ox + dx + side)] = (k * 7919) % (n * n) + 1
    return t, p


def stardist_matching(_inputs):
    y_true, y_pred = match_inputs()
    t_ids, t = np.unique(y_true, return_inverse=True)
    p_ids, p = np.unique(y_pred, return_inverse=True)
    overlap = np.bincount(t.ravel() * len(p_ids) + p.ravel(), minlength=len(t_ids) * len(p_ids))
    overlap = overlap.reshape(len(t_ids), len(p_ids))
    n_pred = overlap.sum(axis=0, keepdims=True)
    n_true = overlap.sum(axis=1, keepdims=True)
    scores = (overlap / (n_pred + n_true - overlap))[1:, 1:]
    n = min(scores.shape)
    results = []
    for thr in THRESHOLDS + [0.5]:  # the last one: Cellpose's AJI assignment
        costs = -(scores >= thr).astype(float) - scores / (2 * n)
        ti, pi = linear_sum_assignment(costs)
        results.append(np.count_nonzero(scores[ti, pi] >= thr))
    return results


CASES = [
    ("match_instances_4096", {"scikit-image": stardist_matching}),
]
