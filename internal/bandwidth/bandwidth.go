// Package bandwidth holds the kernel-width rules shared by the kernel
// estimators (entropy.KDE, mi.Renyi, divergence.CS and MMD).
package bandwidth

import "math"

// MeanVariance returns the mean over the d columns of the unbiased
// per-column variances of x (n×d, row-major, n ≥ 2). O(n·d).
func MeanVariance(x []float64, n, d int) float64 {
	if n < 2 || d < 1 {
		return 0
	}
	var v float64
	for c := 0; c < d; c++ {
		var mu float64
		for i := 0; i < n; i++ {
			mu += x[i*d+c]
		}
		mu /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			t := x[i*d+c] - mu
			ss += t * t
		}
		v += ss / float64(n-1)
	}
	return v / float64(d)
}

// Silverman is Silverman's rule of thumb for an isotropic d-dimensional
// Gaussian kernel: σ = (4/(d+2))^(1/(d+4)) · n^(−1/(d+4)) · sd (for d = 1,
// 1.06·sd·n^(−1/5)). It returns 1 when sd is not positive (constant data).
func Silverman(sd, n float64, d int) float64 {
	if !(sd > 0) {
		return 1
	}
	fd := float64(d)
	return math.Pow(4/(fd+2), 1/(fd+4)) * math.Pow(n, -1/(fd+4)) * sd
}
