package divergence

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

func TestKLDiscrete(t *testing.T) {
	// SciPy docstring: KL(fair ‖ biased) = 0.7369655941662062 bits.
	got, err := KLDiscrete([]float64{0.5, 0.5}, []float64{0.9, 0.1})
	require.NoError(t, err)
	assert.InDelta(t, 0.7369655941662062*math.Ln2, got, 1e-14)
	// Unnormalised input is normalised.
	got2, err := KLDiscrete([]float64{1, 1}, []float64{9, 1})
	require.NoError(t, err)
	assert.InDelta(t, got, got2, 1e-15)
	// q = 0 < p gives +Inf; p = 0 terms vanish.
	inf, err := KLDiscrete([]float64{0.5, 0.5}, []float64{1, 0})
	require.NoError(t, err)
	assert.True(t, math.IsInf(inf, 1))
	fin, err := KLDiscrete([]float64{1, 0}, []float64{0.5, 0.5})
	require.NoError(t, err)
	assert.InDelta(t, math.Ln2, fin, 1e-15)
	zero, err := KLDiscrete([]float64{0.2, 0.3, 0.5}, []float64{0.2, 0.3, 0.5})
	require.NoError(t, err)
	assert.Equal(t, 0.0, zero)
}

func TestJSDiscrete(t *testing.T) {
	// Disjoint supports: log 2. Identical: 0. Symmetric.
	js, err := JSDiscrete([]float64{1, 0}, []float64{0, 1})
	require.NoError(t, err)
	assert.InDelta(t, math.Ln2, js, 1e-15)
	a, err := JSDiscrete([]float64{0.1, 0.6, 0.3}, []float64{0.4, 0.4, 0.2})
	require.NoError(t, err)
	b, err := JSDiscrete([]float64{0.4, 0.4, 0.2}, []float64{0.1, 0.6, 0.3})
	require.NoError(t, err)
	assert.InDelta(t, a, b, 1e-15)
	m := []float64{0.25, 0.5, 0.25}
	k1, _ := KLDiscrete([]float64{0.1, 0.6, 0.3}, m)
	k2, _ := KLDiscrete([]float64{0.4, 0.4, 0.2}, m)
	assert.InDelta(t, 0.5*k1+0.5*k2, a, 1e-15)
}

func TestDiscreteErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		p, q []float64
		want error
	}{
		{"length", []float64{1}, []float64{1, 2}, check.ErrShape},
		{"empty", nil, nil, check.ErrTooFewSamples},
		{"negative", []float64{1, -1}, []float64{1, 1}, check.ErrParam},
		{"nan", []float64{1, math.NaN()}, []float64{1, 1}, check.ErrNonFinite},
		{"zero-sum", []float64{0, 0}, []float64{1, 1}, check.ErrParam},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := KLDiscrete(tc.p, tc.q)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
			_, err = JSDiscrete(tc.p, tc.q)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}

func TestKLGaussian(t *testing.T) {
	// 1-D: log(σ₂/σ₁) + (σ₁² + Δ²)/(2σ₂²) − ½.
	got, err := KLGaussian([]float64{0}, scaledIdentity(1, 1), []float64{1}, scaledIdentity(1, 4))
	require.NoError(t, err)
	assert.InDelta(t, math.Log(2)+(1+1)/8.0-0.5, got, 1e-14)
	// Correlated 2-D against the formula written out with explicit inverses.
	s1 := mat.NewSymDense(2, []float64{2, 0.5, 0.5, 1})
	s2 := mat.NewSymDense(2, []float64{1, -0.3, -0.3, 3})
	mu1, mu2 := []float64{0.5, -1}, []float64{1, 2}
	det1, det2 := 2*1-0.25, 1*3-0.09
	inv2 := [2][2]float64{{3 / det2, 0.3 / det2}, {0.3 / det2, 1 / det2}}
	tr := inv2[0][0]*2 + inv2[0][1]*0.5 + inv2[1][0]*0.5 + inv2[1][1]*1
	dx, dy := 0.5, 3.0
	maha := dx*(inv2[0][0]*dx+inv2[0][1]*dy) + dy*(inv2[1][0]*dx+inv2[1][1]*dy)
	want := 0.5 * (tr + maha - 2 + math.Log(det2/det1))
	got, err = KLGaussian(mu1, s1, mu2, s2)
	require.NoError(t, err)
	assert.InDelta(t, want, got, 1e-12)
	self, err := KLGaussian(mu1, s1, mu1, s1)
	require.NoError(t, err)
	assert.InDelta(t, 0, self, 1e-14)
}

func TestW2GaussianBures(t *testing.T) {
	// Commuting (diagonal) covariances: W₂² = ‖Δμ‖² + Σ_k (√a_k − √b_k)².
	a := mat.NewSymDense(3, []float64{4, 0, 0, 0, 1, 0, 0, 0, 9})
	b := mat.NewSymDense(3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 0.25})
	got, err := W2Gaussian([]float64{0, 0, 0}, a, []float64{1, 2, 2}, b)
	require.NoError(t, err)
	assert.InDelta(t, math.Sqrt(9+1+0+6.25), got, 1e-12)
	// Non-commuting 2-D case against the 2×2 closed form
	// tr((A^½ B A^½)^½) = sqrt(tr(AB) + 2 sqrt(det(AB))).
	A := mat.NewSymDense(2, []float64{2, 0.5, 0.5, 1})
	B := mat.NewSymDense(2, []float64{1, -0.3, -0.3, 3})
	var ab mat.Dense
	ab.Mul(A, B)
	cross := math.Sqrt(mat.Trace(&ab) + 2*math.Sqrt(mat.Det(&ab)))
	want := math.Sqrt(0.25 + 3 + 4 - 2*cross)
	got, err = W2Gaussian([]float64{0, 0}, A, []float64{0.5, 0}, B)
	require.NoError(t, err)
	assert.InDelta(t, want, got, 1e-12)
	// Symmetric, and singular covariances are allowed (point masses: ‖Δμ‖).
	back, err := W2Gaussian([]float64{0.5, 0}, B, []float64{0, 0}, A)
	require.NoError(t, err)
	assert.InDelta(t, got, back, 1e-12)
	pt, err := W2Gaussian([]float64{0, 0}, scaledIdentity(2, 0), []float64{3, 4}, scaledIdentity(2, 0))
	require.NoError(t, err)
	assert.InDelta(t, 5, pt, 1e-12)
}
