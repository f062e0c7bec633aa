#!/usr/bin/env python3
"""Reference values for the k-NN estimators of itlab (KSG 1 and 2, Ross,
Frenzel-Pompe CMI, Kozachenko-Leonenko entropy), computed with SciPy's cKDTree
and scikit-learn's own KSG / Ross functions on data that the Go tests
regenerate bit for bit (splitmix64 uniforms; "Gaussians" as Irwin-Hall sums of
12 uniforms minus 6, which need no transcendental functions, so Python and Go
produce identical floats).

Run from the repository root (not run in CI):
    /usr/bin/python3 mi/testdata/knn_reference.py
It writes mi/testdata/knn_reference.json and entropy/testdata/kl_reference.json.
Versions used are recorded in the files.
"""
import json
import math

import numpy as np
import scipy
import sklearn
from scipy.special import digamma, gammaln
from scipy.spatial import cKDTree
from sklearn.feature_selection._mutual_info import _compute_mi_cc, _compute_mi_cd

M64 = (1 << 64) - 1


class SplitMix:
    def __init__(self, seed):
        self.s = seed & M64

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * (1.0 / 9007199254740992.0)

    def gauss(self):
        s = 0.0
        for _ in range(12):
            s += self.uniform()
        return s - 6.0


def gen_pair(seed, n, dx, dy, a):
    """x: n×dx gauss; y[:, c] = a*x[:, c % dx] + gauss (c < 2) else gauss."""
    g = SplitMix(seed)
    x = np.zeros((n, dx))
    y = np.zeros((n, dy))
    for i in range(n):
        for c in range(dx):
            x[i, c] = g.gauss()
        for c in range(dy):
            e = g.gauss()
            if c < 2:
                y[i, c] = a * x[i, c % dx] + e
            else:
                y[i, c] = e
    return x, y


def ksg(x, y, k, alg):
    n = len(x)
    xy = np.hstack([x, y])
    tree = cKDTree(xy)
    d, idx = tree.query(xy, k + 1, p=np.inf)
    tx, ty = cKDTree(x), cKDTree(y)
    if alg == 1:
        eps = d[:, -1]
        r = np.nextafter(eps, 0)
        nx = tx.query_ball_point(x, r, p=np.inf, return_length=True) - 1
        ny = ty.query_ball_point(y, r, p=np.inf, return_length=True) - 1
        return digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))
    nb = idx[:, 1:]
    ex = np.max(np.abs(x[nb] - x[:, None, :]).max(axis=2), axis=1)
    ey = np.max(np.abs(y[nb] - y[:, None, :]).max(axis=2), axis=1)
    nx = tx.query_ball_point(x, ex, p=np.inf, return_length=True) - 1
    ny = ty.query_ball_point(y, ey, p=np.inf, return_length=True) - 1
    return digamma(k) - 1.0 / k + digamma(n) - np.mean(digamma(nx) + digamma(ny))


def cmi(x, y, z, k):
    n = len(x)
    xyz = np.hstack([x, y, z])
    d, _ = cKDTree(xyz).query(xyz, k + 1, p=np.inf)
    r = np.nextafter(d[:, -1], 0)

    def cnt(a):
        return cKDTree(a).query_ball_point(a, r, p=np.inf, return_length=True) - 1

    nxz, nyz, nz = cnt(np.hstack([x, z])), cnt(np.hstack([y, z])), cnt(z)
    return digamma(k) - np.mean(digamma(nxz + 1) + digamma(nyz + 1) - digamma(nz + 1))


def kl_entropy(x, k, norm):
    n, d = x.shape
    p = np.inf if norm == "max" else 2
    r = cKDTree(x).query(x, k + 1, p=p)[0][:, -1]
    if norm == "max":
        logv = d * math.log(2)
    else:
        logv = d / 2 * math.log(math.pi) - gammaln(d / 2 + 1)
    return digamma(n) - digamma(k) + logv + d * np.mean(np.log(r))


def main():
    meta = {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}
    cases = []
    for name, seed, n, dx, dy, a in [
        ("1x1", 1, 2000, 1, 1, 2.0),
        ("2x1", 2, 2000, 2, 1, 1.0),
        ("5x5", 3, 2000, 5, 5, 1.5),
    ]:
        x, y = gen_pair(seed, n, dx, dy, a)
        for k in (3, 5):
            for alg in (1, 2):
                cases.append({"name": name, "seed": seed, "n": n, "dx": dx, "dy": dy, "a": a,
                              "k": k, "alg": alg, "value": float(ksg(x, y, k, alg))})
    # scikit-learn's own KSG-1 (1-D only) on the 1x1 data, k = 3
    x, y = gen_pair(1, 2000, 1, 1, 2.0)
    sk_cc = float(_compute_mi_cc(x[:, 0], y[:, 0], 3))
    # Ross: labels from thresholds of y, scikit-learn's _compute_mi_cd
    lab = (y[:, 0] > -1).astype(int) + (y[:, 0] > 1).astype(int)
    sk_cd = float(_compute_mi_cd(x[:, 0], lab, 3))
    # CMI: x, y 1-D, z 1-D, from the 5x5 generator's columns
    x5, y5 = gen_pair(4, 2000, 3, 3, 1.0)
    cm = float(cmi(x5[:, :1], y5[:, :1], x5[:, 1:2], 3))
    out = {"meta": meta, "ksg": cases, "sklearn_ksg1_1x1_k3": sk_cc,
           "sklearn_ross_1x1_k3": sk_cd, "cmi_seed4_k3": cm}
    with open("mi/testdata/knn_reference.json", "w") as f:
        json.dump(out, f, indent=1)
    ent = []
    for seed, n, d in [(5, 2000, 1), (6, 2000, 3)]:
        g = SplitMix(seed)
        x = np.array([[g.gauss() for _ in range(d)] for _ in range(n)])
        for k in (1, 3):
            for norm in ("max", "euclidean"):
                ent.append({"seed": seed, "n": n, "d": d, "k": k, "norm": norm,
                            "value": float(kl_entropy(x, k, norm))})
    with open("entropy/testdata/kl_reference.json", "w") as f:
        json.dump({"meta": meta, "cases": ent}, f, indent=1)


if __name__ == "__main__":
    main()
