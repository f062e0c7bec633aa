"""NumPy baseline for BenchmarkEpochReference (not run in CI).

One epoch of the 12-bit reference training as the NumPy replication
(shared/notes/infoplane-replication.md) ran it: 3277 train rows (the first
3277 patterns in counting order), 12-10-7-5-4-3-2 tanh, softmax + mean
cross-entropy, TF-form Adam lr 4e-4, batch 512, reshuffled every epoch.
Prints wall and process CPU time per epoch (median of 5 runs of 200 epochs).

    OPENBLAS_NUM_THREADS=1 python3 numpy_epoch.py
"""
import os
import sys
import time

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
labels = open(os.path.join(here, "..", "..", "synth", "data", "szt12-labels.txt")).read().strip()
X = ((np.arange(4096)[:, None] >> np.arange(11, -1, -1)) & 1).astype(np.float64)
y = np.array([int(c) for c in labels])
Xtr, ytr = X[:3277], y[:3277]
Y = np.eye(2)[ytr]
rng = np.random.default_rng(0)
sizes = [12, 10, 7, 5, 4, 3, 2]


def tn(shape, sd):
    w = rng.normal(0, sd, shape)
    bad = np.abs(w) > 2 * sd
    while bad.any():
        w[bad] = rng.normal(0, sd, bad.sum())
        bad = np.abs(w) > 2 * sd
    return w


W = [tn((a, b), 1 / np.sqrt(a)) for a, b in zip(sizes[:-1], sizes[1:])]
B = [np.zeros(b) for b in sizes[1:]]
params = W + B
m = [np.zeros_like(p) for p in params]
v = [np.zeros_like(p) for p in params]
step = 0


def epoch():
    global step
    perm = rng.permutation(len(Xtr))
    for lo in range(0, len(Xtr), 512):
        idx = perm[lo:lo + 512]
        a = [Xtr[idx]]
        for l in range(len(W)):
            z = a[-1] @ W[l] + B[l]
            if l < len(W) - 1:
                a.append(np.tanh(z))
            else:
                z = z - z.max(axis=1, keepdims=True)
                e = np.exp(z)
                a.append(e / e.sum(axis=1, keepdims=True))
        d = (a[-1] - Y[idx]) / len(idx)
        gW, gB = [None] * len(W), [None] * len(W)
        for l in range(len(W) - 1, -1, -1):
            gW[l] = a[l].T @ d
            gB[l] = d.sum(axis=0)
            if l > 0:
                d = (d @ W[l].T) * (1 - a[l] ** 2)
        step += 1
        lr = 4e-4 * np.sqrt(1 - 0.999 ** step) / (1 - 0.9 ** step)
        for p, g, mm, vv in zip(params, gW + gB, m, v):
            mm *= 0.9
            mm += 0.1 * g
            vv *= 0.999
            vv += 0.001 * g * g
            p -= lr * mm / (np.sqrt(vv) + 1e-8)


for _ in range(20):
    epoch()
walls, cpus = [], []
for _ in range(5):
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(200):
        epoch()
    walls.append((time.perf_counter() - w0) / 200)
    cpus.append((time.process_time() - c0) / 200)
print("numpy %s: wall %.3f ms/epoch, cpu %.3f ms/epoch (medians of 5)" % (
    np.__version__, 1e3 * float(np.median(walls)), 1e3 * float(np.median(cpus))))
sys.exit(0)
