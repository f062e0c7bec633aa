// Package colscale brings the columns of a sample to comparable scales by
// exact powers of two, for the k-NN and kernel estimators whose finite-sample
// bias depends on the relative scales of the coordinates.
//
// A k-NN ball of the max or Euclidean norm, or an isotropic kernel, has the
// same width in every coordinate. When one column spreads 10⁴ times wider
// than another, the ball that holds k neighbours is set by the wide column
// and reaches far outside the narrow column's support, so the density is not
// nearly constant over it and the estimate is biased by nats, not
// hundredths (Kozachenko–Leonenko entropy of a 3-D Gaussian with standard
// deviations 0.01, 1, 100: +1.6 nats at n = 10⁵). The estimated quantities
// transform exactly under a diagonal map D: h(DX) = h(X) + ln|det D|, and
// KL and JS divergences are invariant when both samples are mapped alike. So
// Equalize multiplies column c by 2^e_c, e_c = round(log₂(s_max/s_c)), s_c
// the column's standard deviation (pooled over all samples given), when
// e_c ≥ 2, and returns Σ e_c; the estimator subtracts Σ e_c·ln 2 from an entropy and
// nothing from a divergence.
//
// Powers of two are exact in floating point, and a column whose spread is
// within a factor 2√2 of the widest (e_c < 2) is left alone: data whose
// columns have similar scales (the usual case) are not touched at all and
// estimate to the same bits as without equalisation; after Equalize no two
// columns differ in spread by more than that factor.
package colscale

import "math"

// maxExp bounds the magnitude after scaling: a column is never scaled past
// 2^maxExp, far inside the float64 range, so squared distances stay finite.
const maxExp = 400

// minExp is the smallest e_c applied: spreads within 2^1.5 = 2√2 of the
// widest are left as they are.
const minExp = 2

// Equalize scales the columns of the row-major samples xs (each with d
// columns; rows of all samples pooled for the standard deviations) in place
// by exact powers of two, as described in the package comment, and returns
// Σ e_c (0 when nothing was scaled; always 0 for d < 2). Constant or
// non-finite columns are left alone. O(d·Σ len(x)) time, O(d) memory.
func Equalize(d int, xs ...[]float64) int {
	if d < 2 {
		return 0
	}
	exps := Exponents(d, xs...)
	if exps == nil {
		return 0
	}
	sum := 0
	for _, e := range exps {
		sum += e
	}
	for _, x := range xs {
		for i := 0; i+d <= len(x); i += d {
			row := x[i : i+d]
			for c, e := range exps {
				if e != 0 {
					row[c] = math.Ldexp(row[c], e)
				}
			}
		}
	}
	return sum
}

// Exponents returns the e_c that Equalize would apply, or nil when all are
// zero (d < 2, fewer than two rows, or columns of similar scale).
func Exponents(d int, xs ...[]float64) []int {
	if d < 2 {
		return nil
	}
	rows := 0
	mean := make([]float64, d)
	top := make([]float64, d)
	for _, x := range xs {
		for i := 0; i+d <= len(x); i += d {
			for c, v := range x[i : i+d] {
				mean[c] += v
				if a := math.Abs(v); a > top[c] {
					top[c] = a
				}
			}
			rows++
		}
	}
	if rows < 2 {
		return nil
	}
	for c := range mean {
		mean[c] /= float64(rows)
	}
	ss := make([]float64, d)
	for _, x := range xs {
		for i := 0; i+d <= len(x); i += d {
			for c, v := range x[i : i+d] {
				t := v - mean[c]
				ss[c] += t * t
			}
		}
	}
	// log₂ of each standard deviation (the common factor 1/(rows−1) cancels
	// in the ratios); columns without a finite positive spread take no part
	lg := make([]float64, d)
	hi := math.Inf(-1)
	for c, s := range ss {
		lg[c] = math.NaN()
		if s > 0 && !math.IsInf(s, 0) && !math.IsNaN(s) {
			lg[c] = 0.5 * math.Log2(s)
			hi = math.Max(hi, lg[c])
		}
	}
	var exps []int
	for c, l := range lg {
		if math.IsNaN(l) {
			continue
		}
		e := int(math.Round(hi - l))
		if e < minExp {
			continue
		}
		_, te := math.Frexp(top[c])
		e = min(e, maxExp-te)
		if e <= 0 {
			continue
		}
		if exps == nil {
			exps = make([]int, d)
		}
		exps[c] = e
	}
	return exps
}
