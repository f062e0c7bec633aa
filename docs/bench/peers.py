#!/usr/bin/env python3
"""Time the Python peers on this machine, on the same .npy files itlab reads.

Not run in CI. Usage (Debian: apt-get install python3-numpy python3-scipy python3-sklearn):

    go run ./cmd/itlab sample normal-1x1-rho0.9 --n 100000 --out /tmp/p1
    go run ./cmd/itlab sample normal-dense-5x5-rho0.5 --n 10000 --out /tmp/p5
    go run ./cmd/itlab sample gaussian-3d-correlated --n 100000 --out /tmp/g3
    /usr/bin/python3 docs/bench/peers.py /tmp/p1 /tmp/p5 /tmp/g3 /tmp/peerdata

Prints computation-only seconds (file reading and interpreter start excluded), best of 3.
With a fourth argument it also saves the arrays it makes for the other tasks there, so
that itlab runs on the same data:

    itlab mi --x /tmp/peerdata/t.npy --labels /tmp/peerdata/y.npy --estimator kde --noise-var 0.1
    itlab divergence --p /tmp/peerdata/a.npy --q /tmp/peerdata/b.npy --measure w1
    itlab vendi --x /tmp/peerdata/e.npy
    itlab divergence --p /tmp/peerdata/p.npy --q /tmp/peerdata/q.npy --measure cs --bandwidth 1
"""
import sys
import time

import numpy as np
from scipy.special import digamma, logsumexp
from scipy.spatial import cKDTree
from scipy.stats import wasserstein_distance


def best(f, reps=3):
    t = []
    for _ in range(reps):
        s = time.perf_counter()
        v = f()
        t.append(time.perf_counter() - s)
    return min(t), v


def ksg1(x, y, k=3):
    """KSG algorithm 1 with cKDTree (max norm), as in the peers' code."""
    n = len(x)
    xy = np.hstack([x, y])
    d, _ = cKDTree(xy).query(xy, k=k + 1, p=np.inf, workers=-1)
    eps = d[:, -1]
    tx, ty = cKDTree(x), cKDTree(y)
    nx = tx.query_ball_point(x, eps - 1e-15, p=np.inf, return_length=True, workers=-1) - 1
    ny = ty.query_ball_point(y, eps - 1e-15, p=np.inf, return_length=True, workers=-1) - 1
    return digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))


def kl_entropy(x, k=3):
    n, d = x.shape
    r, _ = cKDTree(x).query(x, k=k + 1, p=np.inf, workers=-1)
    return -digamma(k) + digamma(n) + d * np.log(2) + d * np.mean(np.log(r[:, -1]))


def kde_ity(t, y, s2=0.1):
    """The reference kde.py: full pairwise matrix, logsumexp, class blocks."""
    def h_upper(a):
        n, d = a.shape
        x2 = np.sum(a * a, axis=1, keepdims=True)
        dist = x2 + x2.T - 2 * a @ a.T
        lp = logsumexp(-dist / (2 * s2), axis=1) - np.log(n)
        return d / 2 + d / 2 * np.log(2 * np.pi * s2) - np.mean(lp)
    h = h_upper(t)
    hc = sum(np.mean(y == c) * h_upper(t[y == c]) for c in np.unique(y))
    return h - hc


def main():
    p1, p5, g3 = sys.argv[1:4]
    out = sys.argv[4] if len(sys.argv) > 4 else None
    x1, y1 = np.load(p1 + "/x.npy"), np.load(p1 + "/y.npy")
    x5, y5 = np.load(p5 + "/x.npy"), np.load(p5 + "/y.npy")
    x3 = np.load(g3 + "/x.npy")
    s, v = best(lambda: ksg1(x1, y1))
    print(f"KSG-1 1x1 n={len(x1)}: {s:.3f} s  ({v:.6f} nats)")
    s, v = best(lambda: ksg1(x5, y5))
    print(f"KSG-1 5x5 n={len(x5)}: {s:.3f} s  ({v:.6f} nats)")
    s, v = best(lambda: kl_entropy(x3))
    print(f"KL entropy 3-D n={len(x3)}: {s:.3f} s  ({v:.6f} nats)")
    rng = np.random.default_rng(0)
    t = np.tanh(rng.normal(size=(4096, 10)))
    y = (rng.random(4096) < 0.5).astype(int)
    s, v = best(lambda: kde_ity(t, y))
    print(f"KDE I(T;Y) n=4096 d=10 s2=0.1: {s:.3f} s  ({v:.6f} nats)")
    a, b = rng.normal(size=1_000_000), rng.normal(size=1_000_000) + 0.5
    s, v = best(lambda: wasserstein_distance(a, b))
    print(f"W1 1e6+1e6: {s:.3f} s  ({v:.6f})")
    e = rng.normal(size=(20000, 256))
    def vendi_dual():
        z = e / np.linalg.norm(e, axis=1, keepdims=True)
        w = np.linalg.eigvalsh(z.T @ z / len(z))
        w = w[w > 0]
        return np.exp(-np.sum(w * np.log(w)))
    s, v = best(vendi_dual)
    print(f"Vendi cosine 20000x256 (d x d path): {s:.3f} s  ({v:.4f})")
    p, q = rng.normal(size=(10000, 10)), rng.normal(size=(10000, 10)) + 0.3
    def cs(sig=1.0, chunk=1000):
        def ksum(a, b):
            tot = 0.0
            b2 = np.sum(b * b, axis=1)
            for i in range(0, len(a), chunk):
                c = a[i:i + chunk]
                d2 = np.sum(c * c, axis=1)[:, None] + b2[None, :] - 2 * c @ b.T
                tot += np.exp(-d2 / (2 * sig * sig)).sum()
            return tot
        return np.log(ksum(p, p)) + np.log(ksum(q, q)) - 2 * np.log(ksum(p, q))
    s, v = best(cs, reps=1)
    print(f"CS 10000+10000 d=10 (chunked): {s:.3f} s  ({v:.6f})")
    if out:
        import os
        os.makedirs(out, exist_ok=True)
        for name, arr in dict(t=t, y=y, a=a, b=b, e=e, p=p, q=q).items():
            np.save(os.path.join(out, name + ".npy"), arr)


if __name__ == "__main__":
    main()
