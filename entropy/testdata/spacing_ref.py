"""Reference values for entropy/spacing_test.go.

A literal pure-Python transcription of SciPy's
scipy/stats/_entropy.py (_pad_along_last_axis, _vasicek_entropy,
_van_es_entropy, _ebrahimi_entropy; window_length = floor(sqrt(n) + 0.5)),
kept independent of the Go code's indexing. Run: python3 spacing_ref.py
(not run in CI; the printed values are pasted into spacing_test.go).
"""
import math

DATA = [0.3, -1.2, 2.5, 0.0, 0.7, -0.4, 1.9, -2.2, 0.1, 1.1, -0.9, 3.4, 0.55]


def pad(x, m):
    return [x[0]] * m + x + [x[-1]] * m


def vasicek(x, m):
    n = len(x)
    X = pad(x, m)
    d = [X[2 * m + i] - X[i] for i in range(n)]
    return sum(math.log(n / (2 * m) * v) for v in d) / n


def van_es(x, m):
    n = len(x)
    d = [x[m + i] - x[i] for i in range(n - m)]
    t1 = 1 / (n - m) * sum(math.log((n + 1) / m * v) for v in d)
    return t1 + sum(1 / k for k in range(m, n + 1)) + math.log(m) - math.log(n + 1)


def ebrahimi(x, m):
    n = len(x)
    X = pad(x, m)
    d = [X[2 * m + i] - X[i] for i in range(n)]
    ci = []
    for i in range(1, n + 1):
        c = 2.0
        if i <= m:
            c = 1 + (i - 1) / m
        if i >= n - m + 1:
            c = 1 + (n - i) / m
        ci.append(c)
    return sum(math.log(n * d[i] / (ci[i] * m)) for i in range(n)) / n


x = sorted(DATA)
m = math.floor(math.sqrt(len(x)) + 0.5)
print("m", m)
for name, f in [("vasicek", vasicek), ("van es", van_es), ("ebrahimi", ebrahimi)]:
    print(name, repr(f(x, m)), repr(f(x, 2)), repr(f(x, 5)))
