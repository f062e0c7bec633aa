package mi

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/synth"
)

// TestGaussianOnGaussianSuite: on every pair of the synth suite that is
// Gaussian after affine maps of X and Y, at n = 10000. The standard deviation
// of Î is ≈ √(Σρ_i²/n) ≤ 0.011 here and its bias dx·dy/(2n) ≤ 0.0013, so
// 0.05 nats is > 4 SD.
func TestGaussianOnGaussianSuite(t *testing.T) {
	const n = 10000
	for i, p := range synth.Suite() {
		if _, ok := p.(*synth.Multinormal); !ok {
			continue
		}
		t.Run(p.Name(), func(t *testing.T) {
			x, y := p.Sample(n, rand.New(rand.NewPCG(uint64(i), 3)))
			for _, g := range []Gaussian{{}, {BiasCorrected: true}} {
				mi, err := g.MI(x, y)
				require.NoError(t, err)
				assert.InDelta(t, p.MI(), mi, 0.05, "bias corrected %v", g.BiasCorrected)
			}
		})
	}
}

// TestGaussianNonGaussian documents what the estimator does not see: the
// identity-dispersion Student-t pair (5×5, ν = 5, finite fourth moments) has
// MI 0.166 nats but zero correlation, so Î ≈ 0: its bias is dx·dy/(2n) =
// 0.00125 at n = 10000 and its spread, inflated by the tails, a few 0.001;
// we require Î < 0.03. Independent pairs give ≈ 0 likewise (< 0.01).
func TestGaussianNonGaussian(t *testing.T) {
	tp, err := synth.NewStudentTPair(5, 5, 5, nil)
	require.NoError(t, err)
	require.Greater(t, tp.MI(), 0.15)
	pairs := []synth.Pair{tp}
	for _, q := range synth.Suite() {
		if q.Name() == "independent-1x1" || q.Name() == "independent-3x2" {
			pairs = append(pairs, q)
		}
	}
	require.Len(t, pairs, 3)
	for i, p := range pairs {
		t.Run(p.Name(), func(t *testing.T) {
			x, y := p.Sample(10000, rand.New(rand.NewPCG(uint64(i), 4)))
			mi, err := Gaussian{}.MI(x, y)
			require.NoError(t, err)
			tol := 0.01
			if i == 0 {
				tol = 0.03
			}
			assert.Less(t, mi, tol)
			assert.GreaterOrEqual(t, mi, 0.0)
		})
	}
}

// TestGaussianBiasCorrection: R = 2000 draws of n = 20 from the 2×2 dense
// Gaussian (I = 0.2939). The plug-in's mean bias is ½[c(2)+c(2)−c(4)] ≈ +0.13
// nats; the corrected mean is within 0.02 of the truth (SD of one estimate
// ≈ 0.2, SE of the mean 0.0045).
func TestGaussianBiasCorrection(t *testing.T) {
	p, err := synth.DenseNormal(2, 2, 0.5)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(7, 7))
	const R, n = 2000, 20
	var bp, bc float64
	for r := 0; r < R; r++ {
		x, y := p.Sample(n, rng)
		a, err := Gaussian{}.MI(x, y)
		require.NoError(t, err)
		b, err := Gaussian{BiasCorrected: true}.MI(x, y)
		require.NoError(t, err)
		bp += (a - p.MI()) / R
		bc += (b - p.MI()) / R
	}
	want := 0.5 * (gaussLogDetBias(n, 2) + gaussLogDetBias(n, 2) - gaussLogDetBias(n, 4))
	assert.Greater(t, want, 0.1)
	assert.InDelta(t, want, bp, 0.03)
	assert.InDelta(t, 0, bc, 0.02)
}

func TestGaussianProperties(t *testing.T) {
	p, err := synth.SparseNormal(3, 2, 2, 1.5)
	require.NoError(t, err)
	x, y := p.Sample(500, rand.New(rand.NewPCG(1, 1)))
	mi, err := Gaussian{}.MI(x, y)
	require.NoError(t, err)

	t.Run("symmetry", func(t *testing.T) {
		m2, err := Gaussian{}.MI(y, x)
		require.NoError(t, err)
		assert.InDelta(t, mi, m2, 1e-12)
	})
	t.Run("affine invariance", func(t *testing.T) {
		a := mat.NewDense(3, 3, []float64{2, 1, 0, 0, -1, 3, 1, 0, 1}) // invertible
		var xa mat.Dense
		xa.Mul(x, a)
		xa.Apply(func(_, j int, v float64) float64 { return v + float64(j) - 5 }, &xa)
		var yb mat.Dense
		yb.Scale(-1e3, y)
		m2, err := Gaussian{}.MI(&xa, &yb)
		require.NoError(t, err)
		assert.InDelta(t, mi, m2, 1e-9)
	})
	t.Run("agrees with gonum stat.CC", func(t *testing.T) {
		var cc stat.CC
		require.NoError(t, cc.CanonicalCorrelations(x, y, nil))
		want := cc.CorrsTo(nil)
		got, err := CanonicalCorrelations(x, y)
		require.NoError(t, err)
		require.Len(t, got, len(want))
		for i := range want {
			assert.InDelta(t, want[i], got[i], 1e-10)
		}
	})
	t.Run("constant column is ignored", func(t *testing.T) {
		xc := mat.NewDense(500, 4, nil)
		for i := 0; i < 500; i++ {
			xc.SetRow(i, append(append([]float64(nil), x.RawRowView(i)...), 4.5))
		}
		m2, err := Gaussian{}.MI(xc, y)
		require.NoError(t, err)
		assert.InDelta(t, mi, m2, 1e-9)
	})
	t.Run("linear copy gives +Inf", func(t *testing.T) {
		var y2 mat.Dense
		y2.Scale(3, x.Slice(0, 500, 0, 1))
		m2, err := Gaussian{}.MI(x, &y2)
		require.NoError(t, err)
		assert.True(t, math.IsInf(m2, 1), "%v", m2)
	})
	t.Run("copy of a 2-D X gives +Inf", func(t *testing.T) {
		// the whitening's rounding leaves ρ a few ulps below 1; the
		// estimate must not be a finite number set by that rounding
		x2 := mat.DenseCopyOf(x.Slice(0, 500, 0, 2))
		var y2 mat.Dense
		y2.Scale(-2, x2)
		m2, err := Gaussian{}.MI(x2, &y2)
		require.NoError(t, err)
		assert.True(t, math.IsInf(m2, 1), "%v", m2)
	})
	t.Run("near-perfect correlation stays finite", func(t *testing.T) {
		// Y = X + 1e-5·Z: ρ² ≈ 1 − 1e-10, I ≈ ½ ln(1e10) = 11.5 nats;
		// sampling error of ln(1 − ρ²) at n = 500 is ≈ √(2/n) ≈ 0.06
		r := rand.New(rand.NewPCG(9, 9))
		x1 := mat.NewDense(500, 1, nil)
		y1 := mat.NewDense(500, 1, nil)
		for i := 0; i < 500; i++ {
			v := r.NormFloat64()
			x1.Set(i, 0, v)
			y1.Set(i, 0, v+1e-5*r.NormFloat64())
		}
		m2, err := Gaussian{}.MI(x1, y1)
		require.NoError(t, err)
		assert.InDelta(t, 0.5*math.Log(1e10), m2, 0.2)
	})
	t.Run("constant Y gives 0", func(t *testing.T) {
		m2, err := Gaussian{BiasCorrected: true}.MI(x, mat.NewDense(500, 1, nil))
		require.NoError(t, err)
		assert.Equal(t, 0.0, m2)
	})
}

func TestGaussianErrors(t *testing.T) {
	x := mat.NewDense(5, 2, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 11})
	cases := []struct {
		name string
		x, y mat.Matrix
		want error
	}{
		{"row mismatch", x, mat.NewDense(4, 1, []float64{1, 2, 3, 4}), check.ErrShape},
		{"NaN", x, mat.NewDense(5, 1, []float64{1, 2, math.NaN(), 4, 5}), check.ErrNonFinite},
		{"one row", mat.NewDense(1, 1, []float64{1}), mat.NewDense(1, 1, []float64{1}), check.ErrTooFewSamples},
		{"n ≤ dx+dy", x, mat.NewDense(5, 3, nil), check.ErrTooFewSamples},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Gaussian{}.MI(c.x, c.y)
			assert.ErrorIs(t, err, c.want)
		})
	}
}

func BenchmarkGaussianMI(b *testing.B) {
	p, _ := synth.DenseNormal(5, 5, 0.5)
	x, y := p.Sample(100000, rand.New(rand.NewPCG(1, 1)))
	b.Run("itlab", func(b *testing.B) {
		for b.Loop() {
			_, _ = Gaussian{}.MI(x, y)
		}
	})
	// Baseline: gonum's canonical correlations (QR + SVD of the data).
	b.Run("gonum-CC", func(b *testing.B) {
		for b.Loop() {
			var cc stat.CC
			_ = cc.CanonicalCorrelations(x, y, nil)
			s := 0.0
			for _, r := range cc.CorrsTo(nil) {
				s -= 0.5 * math.Log1p(-r*r)
			}
			_ = s
		}
	})
}

// TestGaussianExtremeScales: the canonical correlations are invariant to a
// per-column scaling, so columns scaled to 1e±300 (whose squares overflow or
// underflow float64) and columns spread over the whole float64 range must
// give the estimate of the unscaled data (found by the CLI robustness
// corpus: values near MaxFloat64 panicked with "zero length in matrix
// dimension").
func TestGaussianExtremeScales(t *testing.T) {
	p, err := synth.DenseNormal(2, 2, 0.5)
	require.NoError(t, err)
	x, y := p.Sample(500, rand.New(rand.NewPCG(1, 2)))
	base, err := Gaussian{}.MI(x, y)
	require.NoError(t, err)
	for _, sc := range [][2]float64{{1e300, 1e300}, {1e-300, 1e-300}, {1e305, 1e-305}, {5e-324 * 1e10, 1}} {
		xs := mat.DenseCopyOf(x)
		ys := mat.DenseCopyOf(y)
		xs.Apply(func(_, j int, v float64) float64 {
			if j == 0 {
				return v * sc[0]
			}
			return v * sc[1]
		}, xs)
		ys.Apply(func(_, _ int, v float64) float64 { return v * sc[0] }, ys)
		got, err := Gaussian{}.MI(xs, ys)
		require.NoError(t, err, "scales %v", sc)
		assert.InDelta(t, base, got, 1e-9, "scales %v", sc)
	}
	// values spread up to ±MaxFloat64
	rng := rand.New(rand.NewPCG(3, 4))
	xm := mat.NewDense(50, 2, nil)
	ym := mat.NewDense(50, 1, nil)
	for i := 0; i < 50; i++ {
		u := 2*rng.Float64() - 1
		xm.Set(i, 0, math.MaxFloat64*u)
		xm.Set(i, 1, rng.NormFloat64())
		ym.Set(i, 0, math.MaxFloat64*(2*rng.Float64()-1))
	}
	v, err := Gaussian{}.MI(xm, ym)
	require.NoError(t, err)
	require.False(t, math.IsNaN(v) || math.IsInf(v, 0), "got %v", v)
}
