"""Recovers the removal table of skimage.morphology.skeletonize (2-D, Zhang) from its
output, for PixelEngine's Mask.skeletonize (Sources/PixelEngine/Morphology/Skeletonize.swift).

scikit-image's table is a hand-corrected variant of Zhang-Suen's conditions with no
published rule, so it is fitted here: start from Zhang-Suen's table, simulate the thinning
on 3000 seeded random masks, and change entries one at a time while that lowers the
number of pixels differing from scikit-image (coordinate descent, about 10 minutes).
The fitted table is then checked on 3000 fresh masks of other sizes and printed as the
Swift literal.

Run: .venv-ref/bin/python Scripts/morphology/skeleton_table.py
"""
import numpy as np, time
from scipy import ndimage as ndi
from skimage.morphology import skeletonize
rng = np.random.default_rng(5)
imgs = []
for i in range(3000):
    h, w = rng.integers(5, 14, 2)
    kind = i % 3
    if kind == 0:
        m = rng.random((h, w)) < rng.uniform(0.3, 0.9)
    else:
        f = ndi.gaussian_filter(rng.random((h, w)), rng.uniform(0.7, 2))
        m = f > np.quantile(f, rng.uniform(0.2, 0.7))
    imgs.append(m)
H = W = 16
batch = np.zeros((len(imgs), H, W), np.uint8)
for i, m in enumerate(imgs):
    batch[i, 1:1 + m.shape[0], 1:1 + m.shape[1]] = m
target = np.stack([np.pad(skeletonize(b[1:-1, 1:-1].astype(bool)), 1) for b in batch]).astype(np.uint8)

def codes(s):
    p = np.pad(s, ((0, 0), (1, 1), (1, 1)))
    c = lambda dy, dx: p[:, 1 + dy:1 + dy + H, 1 + dx:1 + dx + W].astype(np.int32)
    return (c(-1, -1) + 2 * c(-1, 0) + 4 * c(-1, 1) + 8 * c(0, 1) + 16 * c(1, 1)
            + 32 * c(1, 0) + 64 * c(1, -1) + 128 * c(0, -1))

def simulate(L, s):
    s = s.copy()
    while True:
        removed = False
        for first in (True, False):
            v = L[codes(s)]
            kill = (s == 1) & ((v == 3) | (v == (1 if first else 2)))
            if kill.any():
                removed = True
                s[kill] = 0
        if not removed:
            return s

def zs(n):
    b = lambda k: (n >> k) & 1
    NW, N, NE, E, SE, S, SW, W_ = [b(k) for k in range(8)]
    P = [N, NE, E, SE, S, SW, W_, NW]
    B = sum(P); A = sum(1 for i in range(8) if P[i] == 0 and P[(i + 1) % 8] == 1)
    if not (2 <= B <= 6 and A == 1): return 0
    return (1 if (N * E * S == 0 and E * S * W_ == 0) else 0) | (2 if (N * E * W_ == 0 and N * S * W_ == 0) else 0)

L = np.array([zs(n) for n in range(256)])
def cost(L):
    return int((simulate(L, batch) != target).sum())
best = cost(L)
print("start", best, flush=True)
for sweep in range(4):
    changed = False
    for n in range(256):
        for v in range(4):
            if v == L[n]: continue
            old = L[n]; L[n] = v
            c = cost(L)
            if c < best:
                best = c; changed = True
            else:
                L[n] = old
        if best == 0: break
    print("sweep", sweep, best, flush=True)
    if best == 0 or not changed: break

# Check on fresh masks, larger than the training ones.
rng = np.random.default_rng(77)
H = W = 34
fresh = np.zeros((3000, H, W), np.uint8)
for i in range(len(fresh)):
    h, w = rng.integers(3, 33, 2)
    if i % 2:
        f = ndi.gaussian_filter(rng.random((h, w)), rng.uniform(0.5, 3))
        fresh[i, 1:1 + h, 1:1 + w] = f > np.quantile(f, rng.uniform(0.1, 0.8))
    else:
        fresh[i, 1:1 + h, 1:1 + w] = rng.random((h, w)) < rng.uniform(0.2, 0.95)
target = np.stack([np.pad(skeletonize(b[1:-1, 1:-1].astype(bool)), 1) for b in fresh]).astype(np.uint8)
mismatch = int((simulate(L, fresh) != target).sum())
print("pixels differing on fresh masks:", mismatch)
assert mismatch == 0
for r in range(16):
    print("        " + ", ".join(str(int(v)) for v in L[16 * r:16 * r + 16]) + ",")
