// Package vendi computes the Vendi score of Friedman & Dieng (TMLR 2023) and
// its order-q generalisation of Pasarkar & Dieng (arXiv:2310.12952): the
// effective number of distinct items in a sample, given a similarity between
// items.
//
// # Model
//
// Items x_1..x_n, a positive semidefinite similarity k with k(x, x) = 1 and
// K_ij = k(x_i, x_j). The eigenvalues λ_1..λ_n of K/n are non-negative and sum
// to 1, and the Vendi score is the Hill number (exponential of the Rényi
// entropy) of that spectrum:
//
//	VS_1(K) = exp(−Σ_i λ_i log λ_i)           (0·log 0 = 0; the default, q = 1)
//	VS_q(K) = (Σ_i λ_i^q)^(1/(1−q))          (q ≥ 0, q ≠ 1)
//	VS_∞(K) = 1/max_i λ_i
//	VS_0(K) = rank(K)                         (eigenvalues above a tolerance)
//
// The score is unitless (an "effective number"): 1 ≤ VS_q ≤ n, VS = 1 when
// all items are identical (K = 11ᵀ), VS = n when they are mutually orthogonal
// (K = I), VS = m for m groups of exact duplicates that are orthogonal across
// groups, and VS_q is non-increasing in q. Logarithms are natural, but the
// score itself does not depend on the base.
//
// # Weights
//
// With a probability vector p over the items the score uses the spectrum of
// K ∘ (√p √pᵀ) instead of K/n (the reference's weight_K); uniform p gives the
// unweighted score.
//
// # Kernels and the feature-space path
//
// Score takes a precomputed similarity matrix and validates it (square,
// symmetric, unit diagonal, PSD within a tolerance). ScoreFeatures takes an
// n×d feature matrix and a Kernel: Cosine, Linear, RBF, or any Func.
// For Cosine and Linear, K = X̃X̃ᵀ (X̃ the row-normalised or raw features), and
// the non-zero spectrum of X̃X̃ᵀ equals that of the d×d matrix X̃ᵀX̃, so the
// score is computed from d×d eigenvalues in O(n·d² + d³) time and O(d²)
// extra memory instead of O(n²·d + n³) time and n² memory (the reference's
// score_dual). The Gram matrix X̃ᵀX̃ is formed with the blocked GEMM of
// internal/gemm. When d ≥ n the n×n path is used.
//
// The linear kernel does not have a unit diagonal; it is normalised by its
// trace, λ = eig(K)/tr(K) (the density-matrix normalisation, which reduces to
// K/n when the diagonal is 1).
//
// # Differences from the reference implementation
//
// The reference package (vertaix/Vendi-Score) ignores q in score_X, uses only
// six eigenvalues for a sparse K (eigsh default), and drops tiny negative
// eigenvalues only through a p > 0 filter. Here every path honours q, uses
// the full spectrum, and clips eigenvalues in [−tol, 0) to 0 after checking
// that none is more negative than the tolerance (else ErrNotPSD).
//
// # Errors
//
// Errors wrap the sentinels of the module root, package itlab, and are
// matched with errors.Is: itlab.ErrShape (a non-square or empty matrix,
// weights of the wrong length), itlab.ErrNonFinite, itlab.ErrParam (q < 0,
// a diagonal that is not 1, a zero row under the cosine kernel, bad weights)
// and itlab.ErrNotPSD (a similarity with an eigenvalue below −Tol).
package vendi
