"""Reference NSB values for entropy/discrete_nsb_test.go (mpmath quadrature).

NSB (Nemenman, Shafee & Bialek 2002): posterior mean of the entropy under
the mixture of symmetric Dirichlet priors weighted by d xi / d beta.
Run: python3 nsb_ref.py (needs mpmath; not run in CI).
"""
from mpmath import mp, loggamma, digamma, psi, exp, quad, inf

mp.dps = 20


def nsb(counts, K):
    N = sum(counts)

    def lw(b):
        kb = K * b
        return loggamma(kb) - loggamma(N + kb) + sum(loggamma(c + b) - loggamma(b) for c in counts)

    def H(b):
        kb = K * b
        s = sum((c + b) * digamma(c + b + 1) for c in counts) + (K - len(counts)) * b * digamma(b + 1)
        return digamma(N + kb + 1) - s / (N + kb)

    def prior(b):
        return K * psi(1, K * b + 1) - psi(1, b + 1)

    f = lambda b: exp(lw(b)) * prior(b)
    pts = [0, 0.01, 0.1, 1, 10, 100, inf]
    return quad(lambda b: f(b) * H(b), pts) / quad(f, pts)


print(nsb([3, 2, 1, 1], 10))         # 1.7164601569895255093
print(nsb([5, 1, 1, 1, 1, 2], 100))  # 2.2367643208462375862
print(nsb([40, 30, 20, 10], 4))      # 1.2849404579457818723
