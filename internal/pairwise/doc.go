// Package pairwise computes sums of Gaussian kernels between sample sets in
// one fused, tiled pass, without ever forming an n×n matrix.
//
// # What it computes
//
// For the rows x_i of X (m×d) and the rows y_j of Y (n×d), whose rows carry a
// group label g(j) ∈ [0, G) (for example a class), and a scale s = 1/(2σ²),
//
//	S[h][i] = Σ_{j: g(j)=h} exp(−s·‖x_i − y_j‖²)
//
// for every row i and group h. [SymSums] is the case X = Y (the rows of X are
// grouped), which uses the symmetry K_ij = K_ji to evaluate each unordered
// pair once; the term j = i is included and is exactly 1. [CrossSums] is the
// general case. [SymLogSums] and [CrossLogSums] return ln S[h][i], computed so
// that entries whose plain sum would underflow are still exact (see below).
// The total Σ_ij K_ij that the Cauchy–Schwarz and MMD divergences need is the
// sum over i and h of S[h][i]; [LogSumExp] adds log-sums stably.
//
// # How
//
// Distances are expanded as ‖x_i − y_j‖² = ‖x_i‖² + ‖y_j‖² − 2·x_i·y_j after
// both sets are centred on the mean of Y (distances are translation
// invariant, and centring keeps the cancellation of the expansion small). The
// exponent e_ij = a_i + b_j + Σ_k c_ik·y_jk with a_i = −s‖x_i‖²,
// b_j = −s‖y_j‖², c_ik = 2s·x_ik is accumulated, exponentiated and added to
// the row sum (and, in the symmetric case, to a per-column sum) in the same
// pass over a tile of columns. Y is stored transposed (d rows of padded
// length), and columns are processed in blocks small enough to stay in L2,
// rows of a group-sorted order against contiguous group segments of columns.
//
// The exponential is computed inline, never by math.Exp. The assembly
// kernel uses k = round(e·log₂e), a two-constant Cody–Waite reduction
// r = e − k·ln2 with |r| ≤ ln2/2, a degree-10 Chebyshev interpolant of exp(r)
// (approximation error 3.3e-16 relative) and 2^k applied to the exponent
// bits; the pure-Go kernel uses Tang's table method (a 256-entry table of
// 2^(j/256), |r| ≤ ln2/512, a degree-4 polynomial), which needs fewer scalar
// operations. Both are within 3 ulp of math.Exp. Terms with e < −708 are
// flushed to exactly 0 (exp(−708) ≈ 3.3e-308 is about the smallest normal
// result).
//
// Kernels: an AVX2+FMA assembly kernel (16 columns per step in four
// independent chains, any d through a loop over the coordinates with two
// partial sums) is used on amd64 when the CPU has AVX2 and FMA; everywhere
// else, and with the purego build tag, the pure-Go kernel is used.
//
// # Underflow
//
// In the symmetric case the own-group sum of every row contains the self
// term exp(0) = 1, so it is ≥ 1 and never underflows: this is all the KDE
// entropy estimators need. Sums over other groups, and cross-set sums, can be
// tiny: the plain variants return them as computed (terms below e^−708 are
// flushed to zero, so a sum can be 0). The log variants recompute every entry
// whose plain sum is below 1e-280 with a max shift,
// ln S = m + ln Σ exp(e_ij − m), m = max_j e_ij (a second, exact pass over
// that row and group with math.Exp), so they are accurate at any scale. An
// empty group gives S = 0 and ln S = −Inf.
//
// # Determinism and cost
//
// Work is split into a fixed number of slots that depends only on n and G
// (never on GOMAXPROCS or the worker budget), each with private column
// accumulators that are reduced in slot order, so results are bit-identical
// for any number of workers. A given kernel (assembly or pure Go) always
// gives the same bits; the two kernels differ in the last bits.
//
// Time O(m·n·d) (symmetric: half of n²·d), memory O((m+n)·(d+G)) plus
// O(slots·G·n) column accumulators in the symmetric case; no n×n matrix.
package pairwise
