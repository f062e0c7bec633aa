// Package entropy estimates the differential entropy of continuous samples
// and the Shannon entropy of discrete ones, in nats.
//
// Rows of a sample matrix are samples, columns are dimensions. Every
// continuous estimator is a value with an Entropy(x mat.Matrix) (float64,
// error) method (the Estimator interface) whose zero value gives the
// defaults of its paper; the discrete estimators also work from symbol
// counts (the Discrete interface) and from []int symbols. Errors wrap the
// sentinels of the module root, package itlab (itlab.ErrShape,
// itlab.ErrNonFinite, itlab.ErrTooFewSamples, itlab.ErrParam, itlab.ErrRange),
// and are matched with errors.Is; no estimator panics on data.
//
// # Units
//
// Natural logarithms throughout: results are in nats. Divide by ln 2 for
// bits (the CLI does this for --base 2). Differential entropy is not
// invariant to scaling: h(aX) = h(X) + d·log|a|, and it can be negative; a
// sample with an atom (repeated values) has differential entropy −∞.
//
// # Continuous estimators
//
//   - KL: Kozachenko–Leonenko k-nearest-neighbour estimator (Kozachenko &
//     Leonenko 1987; Kraskov, Stögbauer & Grassberger 2004, Eq. 20),
//     h = ψ(N) − ψ(k) + log V_d + (d/N) Σ log r_i. Non-parametric and
//     consistent, O(N log N) by a kd-tree in low dimension. The default of
//     `itlab entropy`. Its bias grows with the dimension and near sharp
//     boundaries.
//   - Gaussian: the plug-in ½ log det(2πe Σ̂). Exact in expectation for
//     Gaussian data up to a known O(d²/N) bias, which the BiasCorrected
//     option removes (Ahmed & Gokhale 1989); for non-Gaussian data it is an
//     upper bound in the limit (maximum entropy at fixed covariance).
//   - Spacing: 1-D m-spacing estimators on the order statistics (Vasicek
//     1976; Ebrahimi, Pflughoeft & Soofi 1994, the default; van Es 1992),
//     the estimators of SciPy's differential_entropy with its default window
//     m = floor(√N + 0.5). Biased low at small N (N(0,1), N = 30: Vasicek
//     −0.24 nats, Ebrahimi −0.12).
//   - KDE: the resubstitution estimate −(1/N) Σ log f̂(x_i) of a Gaussian
//     kernel density (Ahmad & Lin 1976), Silverman's bandwidth by default;
//     O(N²·d) time, O(N·d) memory on the fused pairwise kernel.
//   - KDEBound: the pairwise-distance bounds of Kolchinsky & Tracey (2017)
//     on the entropy of the Gaussian mixture (1/N) Σ N(x_i, σ²I), i.e. of
//     X + noise — an upper bound from the KL divergence and a lower bound
//     from the Bhattacharyya distance — as used in information-plane
//     analyses (Saxe et al. 2018). σ² = 0.1 by default.
//
// The matrix-based Rényi α-entropy of Sánchez Giraldo, Rao & Príncipe
// (2015), computed from the eigenvalues of a normalised Gram matrix, lives in
// package mi (mi.Renyi, which also has an Entropy method).
//
// # Discrete estimators
//
// For symbols ([]int, Symbols), for rows of a matrix treated as symbols
// (Rows; each distinct row is one symbol, found by hashing, with no string
// keys), and for counts (Discrete.Counts):
//
//   - PlugIn: −Σ p̂ log p̂, biased low by ≈ (K−1)/(2N) and by much more
//     when N is not ≫ K.
//   - MillerMadow: plug-in + (K̂−1)/(2N) (Miller 1955).
//   - Grassberger: log N − (1/N) Σ n_i G(n_i) with
//     G(n) = ψ(n) + ½(−1)ⁿ[ψ((n+1)/2) − ψ(n/2)] (Grassberger 2003, Eq. 35);
//     the smallest bias of the three in the undersampled regime without
//     needing the alphabet size.
//   - NSB: the Bayesian estimator of Nemenman, Shafee & Bialek (2002), a
//     posterior mean under a mixture of Dirichlet priors that is nearly flat
//     in the entropy; it needs the alphabet size K.
//
// MutualInfoDiscrete gives the plug-in I(X;Y) = H(X) + H(Y) − H(X,Y) of two
// discrete samples (MutualInfoDiscreteWith for another estimator).
//
// # Bias
//
// All entropy estimators are biased at finite N, most downwards: the plug-in
// and spacing estimators because log is concave and unseen mass is ignored,
// KL by boundary effects and the curse of dimension. Use the bias-corrected
// forms on small samples, and compare estimators; the synth package gives
// distributions with exact entropy to calibrate against.
package entropy

import "gonum.org/v1/gonum/mat"

// Estimator is a differential (or row-symbol) entropy estimator: Entropy
// returns its estimate in nats for the n×d samples x. KL, Gaussian, Spacing,
// KDE, KDEBound and the discrete estimators (on rows) implement it.
type Estimator interface {
	// Entropy returns the estimate in nats for the n×d samples x.
	Entropy(x mat.Matrix) (float64, error)
}

var (
	_ Estimator = KL{}
	_ Estimator = Gaussian{}
	_ Estimator = Spacing{}
	_ Estimator = PlugIn{}
	_ Estimator = MillerMadow{}
	_ Estimator = Grassberger{}
	_ Discrete  = PlugIn{}
	_ Discrete  = MillerMadow{}
	_ Discrete  = Grassberger{}
)
