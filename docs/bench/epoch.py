"""NumPy baseline for one training epoch of the reference 12-bit network.

12-10-7-5-4-3-2 tanh, softmax + cross-entropy, Adam (lr 4e-4), batch 512,
on 3277 training rows of 12 bits: the setup of issue 3 and of
`go test ./nets -run '^$' -bench EpochReference`. Written the way a careful
NumPy user would (preallocated nothing exotic, one matmul per layer and
direction, in-place Adam updates). Prints the median epoch time in ms over
5 rounds of 200 epochs, single-threaded BLAS if OPENBLAS_NUM_THREADS=1.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 docs/bench/epoch.py
"""
import time

import numpy as np


def main():
    rng = np.random.default_rng(0)
    n = 3277
    x = ((np.arange(4096)[:, None] >> np.arange(11, -1, -1)) & 1).astype(float)[:n]
    y = rng.integers(0, 2, size=n)
    onehot = np.eye(2)[y]
    sizes = [12, 10, 7, 5, 4, 3, 2]
    W = [rng.normal(0, 1 / np.sqrt(a), size=(a, b)) for a, b in zip(sizes, sizes[1:])]
    B = [np.zeros(b) for b in sizes[1:]]
    params = W + B
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = 4e-4, 0.9, 0.999, 1e-8
    t = 0

    def epoch():
        nonlocal t
        for s in range(0, n, 512):
            xb, yb = x[s:s + 512], onehot[s:s + 512]
            acts = [xb]
            h = xb
            for i in range(len(W)):
                z = h @ W[i] + B[i]
                if i < len(W) - 1:
                    h = np.tanh(z)
                else:
                    z = z - z.max(axis=1, keepdims=True)
                    e = np.exp(z)
                    h = e / e.sum(axis=1, keepdims=True)
                acts.append(h)
            g = (acts[-1] - yb) / len(xb)
            gw, gb = [None] * len(W), [None] * len(W)
            for i in range(len(W) - 1, -1, -1):
                gw[i] = acts[i].T @ g
                gb[i] = g.sum(axis=0)
                if i > 0:
                    g = (g @ W[i].T) * (1 - acts[i] ** 2)
            t += 1
            c1, c2 = 1 - b1 ** t, 1 - b2 ** t
            for p, gp, mp, vp in zip(params, gw + gb, m, v):
                mp *= b1
                mp += (1 - b1) * gp
                vp *= b2
                vp += (1 - b2) * gp * gp
                p -= lr * (mp / c1) / (np.sqrt(vp / c2) + eps)

    for _ in range(50):
        epoch()
    rounds = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(200):
            epoch()
        rounds.append((time.perf_counter() - t0) / 200 * 1e3)
    rounds.sort()
    print(f"numpy epoch: median {rounds[2]:.3f} ms, best {rounds[0]:.3f} ms (numpy {np.__version__})")


if __name__ == "__main__":
    main()
