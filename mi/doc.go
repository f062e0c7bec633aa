// Package mi estimates the mutual information I(X;Y) between sample sets, with
// permutation tests of independence and bootstrap confidence intervals.
//
// All values are in nats (natural logarithm). Rows are samples: x is n×dx and
// y is n×dy (or n labels), paired row by row. Estimators are plain values
// whose zero value gives the published defaults, and they satisfy small
// interfaces: Estimator (continuous X and Y), LabelEstimator (continuous X,
// discrete labels Y) and LayerEstimator (the information-plane coordinates
// of a network layer, used by package ib).
//
// # k-nearest-neighbour estimators
//
// KSG is the estimator of Kraskov, Stögbauer & Grassberger, "Estimating
// mutual information", Phys. Rev. E 69, 066138 (2004), algorithms 1 (Eq. 8)
// and 2 (Eq. 9), with the max norm and k = 3 by default. It needs no
// bandwidth, adapts to the local density, and is nearly unbiased for weak
// dependence in low dimension. Its bias is negative and grows with the
// strength of the dependence and with the dimension: on the bivariate
// Gaussian with ρ = 0.9 (I = 0.830 nats) it is within 0.02 nats at
// n = 10,000, but on the bmi benchmark's sparse 5×5 Gaussian (I = 1.022 nats)
// every KSG implementation (JIDT, NPEET, scikit-learn, and this one) is low
// by about 0.15–0.25 nats at n = 10,000 and by 0.4 at n = 1,000. Heavy tails
// also cost accuracy (Student-t with ν = 1: −0.1 nats at n = 1,000); a
// monotone map of each marginal does not change the true MI and moving to
// lighter tails (asinh) removes most of that bias. The estimate is not clamped
// at zero: independent variables give small values of either sign.
//
// Strong dependence: KSG algorithm 1 cannot exceed ψ(N) − ψ(K) ≈ ln(N/K)
// (KSGMax), and k-NN estimators in general need a sample size exponential
// in the true MI (Gao, Ver Steeg & Galstyan, AISTATS 2015). Perfectly
// dependent data (Y = 2X + 1, true MI +∞) give ψ(N) − ψ(K) − 1/K (6.34
// nats at N = 2000, K = 3), and large MI spread over several coordinates is
// underestimated by nats: five pairs of ρ = 0.9 (I = 4.15 nats) give 3.36
// at N = 10,000, ten pairs (I = 8.30) give 3.88. An estimate within a nat
// or two of KSGMax says only that the MI is large; the Gaussian estimator
// is exact for Gaussian data there. Strongly skewed marginals suffer too:
// the columns are standardised by their standard deviation, which a
// lognormal with σ = 5 puts in its far tail, so nearly all points collapse
// in the max norm (X = exp(5Z) with ρ = 0.9: 0.10 for 0.83 at N = 10,000).
// MI is invariant under a monotone map of each coordinate: set KSG.Ranks
// (itlab mi --ranks), which estimates on every column's ranks and gives
// 0.83 there, or take logs of such columns first.
//
// Speed: KSG searches the joint space with a flat kd-tree and counts in 1-D
// marginals with sorted arrays (O(N log N)); from 3 joint dimensions at
// moderate N (N ≤ 20,000 with a 1-D marginal, ≤ 50,000 from 10 joint
// dimensions, ≤ 100,000 when both marginals have 2 or more dimensions and
// ≤ 200,000 when both have 3 or more: the crossovers measured on a 2-core
// Zen 3) it switches, on CPUs with AVX2, to a windowed AVX2 scan, four query
// points per pass, which gives the joint neighbours and both marginal counts
// in one pass. Both paths return the same counts, bit for bit, and match
// SciPy's cKDTree-based KSG and scikit-learn to 1e-9
// (testdata/knn_reference.py).
//
// Ross is the continuous–discrete estimator of Ross, "Mutual information
// between discrete and continuous data sets", PLoS ONE 9(2): e87357 (2014),
// Eq. 2 (as in scikit-learn's mutual_info_classif). KSG.MILabels uses it.
//
// CMI is the conditional mutual information I(X;Y|Z) of Frenzel & Pompe,
// "Partial mutual information for coupling analysis of multivariate time
// series", Phys. Rev. Lett. 99, 204101 (2007), the KSG-1 construction with a
// conditioning variable.
//
// # Ties and duplicates
//
// The k-NN estimators assume a continuous distribution: no two samples share
// a coordinate. Real data often do (rounded measurements, integer features,
// duplicated rows), which makes k-th neighbour distances zero, and the
// scikit-learn issue #30772 shows that jitter scaled by the mean magnitude
// rather than the spread leaves the ties in place. Here every column is
// first standardised to unit variance and then jittered with Gaussian noise
// of standard deviation 1e-8 (JIDT's default; Noise sets it, a negative
// value turns it off), drawn from a PCG stream seeded by Seed in row-major
// order. The estimate is therefore reproducible for a given Seed and does not
// depend on GOMAXPROCS or Workers. On heavily tied data the value is finite
// and stable but reflects the jitter at the scale of the ties; treat such
// data as discrete if they are.
//
// # Other estimators
//
// Gaussian gives I = −½ Σ log(1 − ρ_i²) from the canonical correlations ρ_i:
// exact for jointly Gaussian data and a lower bound of sorts otherwise. The
// information-plane estimators (Binning, AdaptiveBinning, KDE, AdaptiveKDE,
// Renyi) follow the papers on the information bottleneck of deep networks
// (Shwartz-Ziv & Tishby 2017; Saxe et al. 2018; Chelombiev et al. 2019;
// Wickstrøm et al. 2019) and estimate I(X;T) and I(T;Y) for a layer T with
// discrete labels Y; see their own documentation for bias and assumptions.
//
// Discrete is I = H(X) + H(Y) − H(X,Y) for discrete data (each distinct row
// one symbol) with the plug-in, Miller–Madow or Grassberger (2003) entropy
// estimators of package entropy; the plug-in is biased upwards by about
// (K_XY − K_X − K_Y + 1)/(2N) nats and the corrected ones remove most of it.
//
// # Uncertainty
//
// Permutation tests independence by shuffling the rows of y (the labels for
// PermutationLabels) and returns the p-value (1 + #{surrogate ≥ estimate}) /
// (1 + permutations). For KSG the surrogates reuse the marginal search
// structures; only the joint space is rebuilt. Bootstrap gives a percentile
// confidence interval; for the k-NN estimators it resamples half the rows
// without replacement instead, because a repeated row is its own neighbour
// at distance zero. All resampling draws come from the *rand.Rand passed in,
// so results are fixed by its seed.
//
// # Errors
//
// Bad input returns an error that wraps one of the sentinels of the module
// root, package itlab, matched with errors.Is: itlab.ErrShape (row counts
// differ, no columns, a nil matrix, labels of the wrong length, which also
// match itlab.ErrLabels), itlab.ErrNonFinite (NaN or ±Inf, with its row and
// column), itlab.ErrTooFewSamples (n ≤ K for the k-NN estimators),
// itlab.ErrParam (K < 0, an unknown Algorithm, a bad bandwidth or order, a
// Binning range with Lo ≥ Hi, more than MaxN samples for Renyi, a nil
// estimator given to Permutation or Bootstrap), itlab.ErrLabels (a negative
// label) and itlab.ErrRange (data near the float64 limit that a kernel
// estimator cannot square; KSG, Ross, CMI and Gaussian standardise the
// columns first and take any finite data). No estimator panics on data.
package mi
