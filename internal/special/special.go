// Package special holds the special functions the estimators share, to the
// accuracy they need (gonum's mathext.Digamma is accurate to only about
// 1e-10, which shows in the Student-t mutual-information truths).
package special

import "math"

// Digamma returns ψ(x) for x > 0 to about 1e-15 relative accuracy: the
// recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the asymptotic series
// ψ(x) ≈ ln x − 1/(2x) − Σ B_2k/(2k x^2k).
func Digamma(x float64) float64 {
	r := 0.0
	for x < 10 {
		r -= 1 / x
		x++
	}
	f := 1 / (x * x)
	s := f * (1.0/12 - f*(1.0/120-f*(1.0/252-f*(1.0/240-f*(1.0/132-f*(691.0/32760-f/12))))))
	return r + math.Log(x) - 0.5/x - s
}

// psiSmall[m] = ψ(m) = −γ + Σ_{j<m} 1/j for 1 ≤ m < 64.
var psiSmall = func() [64]float64 {
	var t [64]float64
	t[1] = -0.57721566490153286060651209008240243
	for m := 1; m < 63; m++ {
		t[m+1] = t[m] + 1/float64(m)
	}
	return t
}()

// DigammaInt returns ψ(m) for an integer m ≥ 1 (−Inf for m ≤ 0), the form
// the k-nearest-neighbour estimators need for their counts: a table below
// 64, the asymptotic series to x⁻⁸ above (truncation error below 1e-17).
// O(1), no allocation.
func DigammaInt(m int) float64 {
	if m < 64 {
		if m <= 0 {
			return math.Inf(-1)
		}
		return psiSmall[m]
	}
	x := float64(m)
	x2 := 1 / (x * x)
	return math.Log(x) - 0.5/x - x2*(1.0/12-x2*(1.0/120-x2*(1.0/252-x2*(1.0/240))))
}
