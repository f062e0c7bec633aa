package mi

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/special"
)

// Gaussian estimates the mutual information of X and Y under the assumption
// that they are jointly Gaussian, from the sample canonical correlations
// ρ_1 ≥ ρ_2 ≥ … (Hotelling 1936):
//
//	Î = −½ Σ_i log(1 − ρ_i²) = ½ log(det Σ̂_XX · det Σ̂_YY / det Σ̂)   (nats).
//
// The canonical correlations are the singular values of
// Σ̂_XX^(−½) Σ̂_XY Σ̂_YY^(−½), computed here from eigen-decompositions of the
// two blocks, so a constant or collinear column of X or Y is dropped (it
// carries no linear information) instead of failing. A perfect linear
// relation (ρ = 1) gives +Inf, and so does a canonical correlation within
// 1e-12 of 1: there the rounding of the whitening, not the
// data, sets 1 − ρ, and a copy of a 2-D X would otherwise come out as a
// finite ≈ 36 nats.
//
// It is exact (consistent, and unbiased with BiasCorrected) for Gaussian
// data and for data that are Gaussian after an affine map of X and of Y, and
// it is invariant to such maps. For other data it measures only the linear
// (second-order) dependence: it is a lower bound of the MI of the Gaussian
// with the same covariance but can be far from the true MI — it returns ≈ 0
// for an uncorrelated but dependent pair such as a Student-t with identity
// dispersion (Czyż et al. 2023, the CCA baseline). Complexity
// O(n·(dx+dy)² + (dx+dy)³); needs n > dx+dy.
//
// Bias: the plug-in is biased upwards by ≈ dx·dy/(2n) nats. With
// BiasCorrected, the exact expected bias of each sample log-determinant
// under normality, E[log det Σ̂] − log det Σ = Σ_{i=1..d} ψ((n−i)/2) +
// d·log(2/(n−1)), is removed from the three log-determinants (as in
// entropy.Gaussian), which makes the estimate unbiased for Gaussian data; it
// can then be slightly negative on independent data.
type Gaussian struct {
	// BiasCorrected removes the finite-sample bias of the log-determinants.
	BiasCorrected bool
}

var _ Estimator = Gaussian{}

// MI returns the Gaussian estimate of I(X;Y) in nats for x (n×dx) and y
// (n×dy), rows paired.
func (g Gaussian) MI(x, y mat.Matrix) (float64, error) {
	rho, n, kx, ky, err := canonicalCorrelations(x, y)
	if err != nil {
		return math.NaN(), fmt.Errorf("mi.Gaussian: %w", err)
	}
	mi := 0.0
	for _, r := range rho {
		if r >= 1-gaussRhoOne {
			return math.Inf(1), nil
		}
		mi -= 0.5 * math.Log1p(-r*r)
	}
	if g.BiasCorrected && kx > 0 && ky > 0 {
		mi -= 0.5 * (gaussLogDetBias(n, kx) + gaussLogDetBias(n, ky) - gaussLogDetBias(n, kx+ky))
	}
	return mi, nil
}

// gaussRhoOne is how close to 1 a canonical correlation counts as 1: the
// whitening's rounding leaves 1 − ρ of a few ulps for exactly related data,
// and below 1e-12 (a finite estimate above 13.8 nats for that pair) the
// computed 1 − ρ says nothing about the data.
const gaussRhoOne = 1e-12

// CanonicalCorrelations returns the sample canonical correlations of x (n×dx)
// and y (n×dy), rows paired, in decreasing order (min(rank X, rank Y) values
// in [0, 1]). Cost O(n·(dx+dy)² + (dx+dy)³), as for Gaussian.
func CanonicalCorrelations(x, y mat.Matrix) ([]float64, error) {
	rho, _, _, _, err := canonicalCorrelations(x, y)
	return rho, err
}

func canonicalCorrelations(x, y mat.Matrix) (rho []float64, n, kx, ky int, err error) {
	if err := check.Samples("x", x, 2); err != nil {
		return nil, 0, 0, 0, err
	}
	if err := check.Samples("y", y, 2); err != nil {
		return nil, 0, 0, 0, err
	}
	if err := check.SameRows("x", x, "y", y); err != nil {
		return nil, 0, 0, 0, err
	}
	n, dx := x.Dims()
	_, dy := y.Dims()
	if n <= dx+dy {
		return nil, 0, 0, 0, fmt.Errorf("%d samples for %d+%d dimensions, need n > dx+dy: %w", n, dx, dy, check.ErrTooFewSamples)
	}
	xc := gaussCentered(x)
	yc := gaussCentered(y)
	var sxy mat.Dense
	sxy.Mul(xc.T(), yc) // (n−1)·Σ̂_XY; the common factor cancels below
	wx := gaussWhitener(xc)
	wy := gaussWhitener(yc)
	kx, ky = 0, 0
	if wx != nil {
		_, kx = wx.Dims()
	}
	if wy != nil {
		_, ky = wy.Dims()
	}
	if kx == 0 || ky == 0 {
		return nil, n, kx, ky, nil // a constant block carries no information
	}
	var tmp, c mat.Dense
	tmp.Mul(wx.T(), &sxy)
	c.Mul(&tmp, wy)
	var svd mat.SVD
	if !svd.Factorize(&c, mat.SVDNone) {
		return nil, 0, 0, 0, fmt.Errorf("SVD of the whitened cross-covariance failed: %w", check.ErrNoConvergence)
	}
	rho = svd.Values(nil)
	for i, r := range rho {
		rho[i] = math.Min(math.Max(r, 0), 1)
	}
	return rho, n, kx, ky, nil
}

// gaussCentered returns a copy of m with every column divided by its
// largest magnitude and then centred. The canonical correlations do not
// change under a per-column scaling, and the scaling keeps XᵀX finite and
// non-zero for values near the float64 limits (1e±300 would overflow or
// underflow the squares).
func gaussCentered(m mat.Matrix) *mat.Dense {
	c := mat.DenseCopyOf(m)
	r, d := c.Dims()
	scale := make([]float64, d)
	for i := 0; i < r; i++ {
		for j, v := range c.RawRowView(i) {
			scale[j] = math.Max(scale[j], math.Abs(v))
		}
	}
	for i := 0; i < r; i++ {
		row := c.RawRowView(i)
		for j := range row {
			if scale[j] > 0 {
				row[j] /= scale[j]
			}
		}
	}
	means := make([]float64, d)
	for i := 0; i < r; i++ {
		for j, v := range c.RawRowView(i) {
			means[j] += v
		}
	}
	for j := range means {
		means[j] /= float64(r)
	}
	for i := 0; i < r; i++ {
		row := c.RawRowView(i)
		for j := range row {
			row[j] -= means[j]
		}
	}
	return c
}

// gaussWhitener returns W (d×k) with Wᵀ(XᵀX)W = I_k over the k directions of
// XᵀX whose eigenvalue exceeds 1e-12 of the largest (nil when X is constant).
func gaussWhitener(xc *mat.Dense) *mat.Dense {
	_, d := xc.Dims()
	var s mat.SymDense
	s.SymOuterK(1, xc.T())
	var eig mat.EigenSym
	if !eig.Factorize(&s, true) {
		return nil
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	top := 0.0
	for _, v := range vals {
		top = math.Max(top, v)
	}
	if !(top > 0) {
		return nil
	}
	var keep []int
	for j, v := range vals {
		if v > 1e-12*top {
			keep = append(keep, j)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	w := mat.NewDense(d, len(keep), nil)
	for c, j := range keep {
		s := 1 / math.Sqrt(vals[j])
		for i := 0; i < d; i++ {
			w.Set(i, c, vecs.At(i, j)*s)
		}
	}
	return w
}

// gaussLogDetBias returns E[log det Σ̂] − log det Σ for the n−1-normalised
// sample covariance of n normal draws in d dimensions:
// Σ_{i=1..d} ψ((n−i)/2) + d·log(2/(n−1)).
func gaussLogDetBias(n, d int) float64 {
	b := float64(d) * math.Log(2/float64(n-1))
	for i := 1; i <= d; i++ {
		b += special.Digamma(float64(n-i) / 2)
	}
	return b
}
