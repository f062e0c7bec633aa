package entropy

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

func kdeGauss(seed uint64, n, d int, sd float64) *mat.Dense {
	r := rand.New(rand.NewPCG(seed, 11))
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for k := 0; k < d; k++ {
			x.Set(i, k, sd*r.NormFloat64())
		}
	}
	return x
}

func TestKDEBoundReferenceValues(t *testing.T) {
	// methods.md §2a (port of ibsgd kde.py): 2-D points, σ² = 0.1
	x := mat.NewDense(4, 2, []float64{0, 0, 0.5, 0, 0, 0.5, 1, 1})
	up, err := KDEBound{NoiseVar: 0.1}.Entropy(x)
	require.NoError(t, err)
	lo, err := KDEBound{Lower: true}.Entropy(x)
	require.NoError(t, err)
	assert.InDelta(t, 1.6497615578, up, 1e-10)
	assert.InDelta(t, 1.1330176598, lo, 1e-10)
}

func TestKDEBoundLimits(t *testing.T) {
	n := 32
	x := mat.NewDense(n, 3, nil)
	for i := 0; i < n; i++ {
		x.Set(i, 1, float64(i)*50)
	}
	s2 := 0.01
	hz := 1.5 * math.Log(2*math.Pi*math.E*s2) // entropy of one component
	for _, lower := range []bool{false, true} {
		// far apart: the mixture entropy ln n + H(component), both bounds exact
		h, err := KDEBound{NoiseVar: s2, Lower: lower}.Entropy(x)
		require.NoError(t, err)
		assert.InDelta(t, math.Log(float64(n))+hz, h, 1e-12)
		// all equal: one component
		h, err = KDEBound{NoiseVar: s2, Lower: lower}.Entropy(mat.NewDense(n, 3, nil))
		require.NoError(t, err)
		assert.InDelta(t, hz, h, 1e-12)
	}
}

// The resubstitution KDE entropy of a Gaussian sample approaches the closed
// form ½·d·ln(2πe·sd²) as h → 0 with n·h^d → ∞.
func TestKDEGaussianConverges(t *testing.T) {
	for _, d := range []int{1, 2} {
		sd := 1.5
		want := float64(d) / 2 * math.Log(2*math.Pi*math.E*sd*sd)
		var errs []float64
		for _, s := range []struct {
			n int
			h float64
		}{{250, 1.2}, {2000, 0.5}, {10000, 0.15}} {
			x := kdeGauss(uint64(d), s.n, d, sd)
			got, err := KDE{Bandwidth: s.h * sd}.Entropy(x)
			require.NoError(t, err)
			errs = append(errs, math.Abs(got-want))
		}
		// The smoothing bias is ≈ d/2·ln(1 + h²/sd²) (0.45·d, 0.11·d and
		// 0.011·d nats here), less the self-term bias, and the sampling
		// error is O(1/√n): each step must shrink the error, and the last
		// (h = 0.15 sd, n = 10000) is within 0.03 nats.
		assert.Less(t, errs[1], errs[0], "d=%d errs %v", d, errs)
		assert.Less(t, errs[2], errs[1], "d=%d errs %v", d, errs)
		assert.Less(t, errs[2], 0.03, "d=%d errs %v", d, errs)
		t.Logf("d=%d errors %v", d, errs)
	}
	t.Run("silverman_default", func(t *testing.T) {
		// at n = 4000 the default bandwidth is within 0.05 nats in 2-D
		x := kdeGauss(5, 4000, 2, 0.7)
		got, err := KDE{}.Entropy(x)
		require.NoError(t, err)
		assert.InDelta(t, math.Log(2*math.Pi*math.E*0.49), got, 0.05)
	})
}

func TestKDEUpperIsResubPlusHalfD(t *testing.T) {
	x := kdeGauss(3, 300, 3, 1)
	re, err := KDE{Bandwidth: 0.4}.Entropy(x)
	require.NoError(t, err)
	up, err := KDEBound{NoiseVar: 0.16}.Entropy(x)
	require.NoError(t, err)
	lo, err := KDEBound{NoiseVar: 0.16, Lower: true}.Entropy(x)
	require.NoError(t, err)
	assert.InDelta(t, re+1.5, up, 1e-12)
	assert.Less(t, lo, up)
}

func TestKDEDeterministic(t *testing.T) {
	x := kdeGauss(4, 1200, 3, 1)
	ref, err := KDE{}.Entropy(x)
	require.NoError(t, err)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, p := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(p)
		got, err := KDE{}.Entropy(x)
		require.NoError(t, err)
		require.Equal(t, ref, got)
	}
}

func TestKDEErrors(t *testing.T) {
	nan := mat.NewDense(2, 1, []float64{0, math.NaN()})
	good := mat.NewDense(2, 1, []float64{0, 1})
	cases := []struct {
		name string
		e    Estimator
		x    mat.Matrix
		want error
	}{
		{"nan", KDE{}, nan, check.ErrNonFinite},
		{"nan_bound", KDEBound{}, nan, check.ErrNonFinite},
		{"one_row", KDE{}, mat.NewDense(1, 1, nil), check.ErrTooFewSamples},
		{"bandwidth", KDE{Bandwidth: -1}, good, check.ErrParam},
		{"noisevar", KDEBound{NoiseVar: math.NaN()}, good, check.ErrParam},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.e.Entropy(tc.x)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}

// TestKDEScaleEquivariance: h(aX) = h(X) + d·ln a for the resubstitution KDE
// with Silverman's bandwidth (which scales with the data) and with an
// explicit bandwidth scaled alike, at every finite scale, including 2^±700
// where squared distances would over- or underflow without rescaling.
func TestKDEScaleEquivariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n, d = 300, 2
	x := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			x.Set(i, j, rng.NormFloat64())
		}
	}
	base, err := KDE{}.Entropy(x)
	require.NoError(t, err)
	fixed, err := KDE{Bandwidth: 0.4}.Entropy(x)
	require.NoError(t, err)
	for _, e := range []int{-700, -300, 3, 300, 700} {
		a := math.Ldexp(1, e)
		var y mat.Dense
		y.Scale(a, x)
		shift := d * float64(e) * math.Ln2
		got, err := KDE{}.Entropy(&y)
		require.NoError(t, err, "scale 2^%d", e)
		assert.InDelta(t, base+shift, got, 1e-9*math.Max(1, math.Abs(shift)), "Silverman, scale 2^%d", e)
		got, err = KDE{Bandwidth: 0.4 * a}.Entropy(&y)
		require.NoError(t, err, "scale 2^%d", e)
		assert.InDelta(t, fixed+shift, got, 1e-9*math.Max(1, math.Abs(shift)), "explicit bandwidth, scale 2^%d", e)
	}
}
