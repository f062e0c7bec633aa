package mi

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

// Reference values: methods.md §2a, computed with a port of ibsgd kde.py.
func TestKDEReferenceValues(t *testing.T) {
	pts1 := mat.NewDense(3, 1, []float64{0, 1, 3})
	pts2 := mat.NewDense(4, 2, []float64{0, 0, 0.5, 0, 0, 0.5, 1, 1})
	cases := []struct {
		name  string
		t     mat.Matrix
		lower bool
		ixt   float64
		h     float64 // NaN: not given
	}{
		{"1d_upper", pts1, false, 1.0941353884, math.NaN()},
		{"1d_lower", pts1, true, 0.9266721955, math.NaN()},
		{"2d_upper", pts2, false, 1.1144695844, 1.6497615578},
		{"2d_lower", pts2, true, 0.5977256864, 1.1330176598},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := KDE{NoiseVar: 0.1, Lower: tc.lower}.Bounds(tc.t, nil)
			require.NoError(t, err)
			// the references are printed to 10 decimals
			assert.InDelta(t, tc.ixt, r.IXT, 1e-10)
			if !math.IsNaN(tc.h) {
				assert.InDelta(t, tc.h, r.H, 1e-10)
			}
			assert.Zero(t, r.ITY) // one class
			l, err := KDE{Lower: tc.lower}.Layer(tc.t, []int{0, 0, 0, 0}[:3+boolInt(tc.name[0] == '2')])
			require.NoError(t, err)
			assert.InDelta(t, tc.ixt, l.IXT, 1e-10, "zero NoiseVar is 0.1")
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// naiveKDE is the reference formula written out with a double loop.
func naiveKDE(x [][]float64, y []int, s2 float64) (ixt, ity float64) {
	n := len(x)
	lg := func(i int, same bool) float64 {
		var s float64
		var m int
		for j := 0; j < n; j++ {
			if same && y[j] != y[i] {
				continue
			}
			var d2 float64
			for k := range x[i] {
				d2 += (x[i][k] - x[j][k]) * (x[i][k] - x[j][k])
			}
			s += math.Exp(-d2 / (2 * s2))
			m++
		}
		return math.Log(s / float64(m))
	}
	var all, own float64
	for i := 0; i < n; i++ {
		all += lg(i, false)
		own += lg(i, true)
	}
	return -all / float64(n), (own - all) / float64(n)
}

func TestKDEInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	t.Run("identical_points_zero", func(t *testing.T) {
		x := mat.NewDense(50, 3, nil)
		for i := 0; i < 50; i++ {
			x.SetRow(i, []float64{0.3, -0.2, 0.9})
		}
		l, err := KDE{}.Layer(x, make([]int, 50))
		require.NoError(t, err)
		assert.InDelta(t, 0, l.IXT, 1e-14)
		assert.InDelta(t, 0, l.ITY, 1e-14)
	})
	t.Run("far_apart_lnN", func(t *testing.T) {
		n := 64
		x := mat.NewDense(n, 2, nil)
		y := make([]int, n)
		for i := 0; i < n; i++ {
			x.Set(i, 0, float64(i)*100)
			y[i] = i % 2
		}
		l, err := KDE{NoiseVar: 0.1}.Layer(x, y)
		require.NoError(t, err)
		assert.InDelta(t, math.Log(float64(n)), l.IXT, 1e-12)
		assert.InDelta(t, math.Log(2), l.ITY, 1e-12) // = H(Y)
	})
	t.Run("lower_le_upper_and_naive", func(t *testing.T) {
		for trial := 0; trial < 5; trial++ {
			n, d := 120+trial*37, 1+trial
			x := mat.NewDense(n, d, nil)
			rows := make([][]float64, n)
			y := make([]int, n)
			for i := 0; i < n; i++ {
				rows[i] = make([]float64, d)
				for k := 0; k < d; k++ {
					rows[i][k] = math.Tanh(r.NormFloat64() + float64(i%3))
				}
				x.SetRow(i, rows[i])
				y[i] = i % 3
			}
			for _, s2 := range []float64{1e-3, 0.1, 2} {
				up, err := KDE{NoiseVar: s2}.Layer(x, y)
				require.NoError(t, err)
				lo, err := KDE{NoiseVar: s2, Lower: true}.Layer(x, y)
				require.NoError(t, err)
				assert.LessOrEqual(t, lo.IXT, up.IXT+1e-12)
				ixt, ity := naiveKDE(rows, y, s2)
				// relative 1e-11: kernel vs math.Exp differ by a few ulp
				// per term; the log-means are of order ln n.
				assert.InDelta(t, ixt, up.IXT, 1e-11*math.Max(1, ixt))
				assert.InDelta(t, ity, up.ITY, 1e-11*math.Max(1, ixt))
				assert.LessOrEqual(t, up.ITY, math.Log(3)+1e-12)
			}
		}
	})
}

func TestKDEDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	n, d := 900, 4
	x := mat.NewDense(n, d, nil)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		for k := 0; k < d; k++ {
			x.Set(i, k, r.NormFloat64())
		}
		y[i] = r.IntN(3)
	}
	ref, err := KDE{Workers: 1}.Layer(x, y)
	require.NoError(t, err)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, p := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(p)
		got, err := KDE{}.Layer(x, y)
		require.NoError(t, err)
		require.Equal(t, ref, got)
	}
}

func TestKDEErrors(t *testing.T) {
	good := mat.NewDense(3, 1, []float64{0, 1, 2})
	cases := []struct {
		name string
		e    KDE
		t    mat.Matrix
		y    []int
		want error
	}{
		{"nan", KDE{}, mat.NewDense(3, 1, []float64{0, math.NaN(), 2}), []int{0, 0, 1}, check.ErrNonFinite},
		{"labels_len", KDE{}, good, []int{0, 1}, check.ErrShape},
		{"neg_label", KDE{}, good, []int{0, -1, 1}, check.ErrLabels},
		{"one_sample", KDE{}, mat.NewDense(1, 1, []float64{0}), []int{0}, check.ErrTooFewSamples},
		{"neg_var", KDE{NoiseVar: -1}, good, []int{0, 0, 1}, check.ErrParam},
		{"inf_var", KDE{NoiseVar: math.Inf(1)}, good, []int{0, 0, 1}, check.ErrParam},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.e.Layer(tc.t, tc.y)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}

func TestAdaptiveKDE(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	n, d := 300, 4
	x := mat.NewDense(n, d, nil)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = i % 2
		for k := 0; k < d; k++ {
			x.Set(i, k, math.Max(0, r.NormFloat64()+float64(y[i])))
		}
	}
	t.Run("variance_scales_with_max", func(t *testing.T) {
		var m float64
		for i := 0; i < n; i++ {
			for k := 0; k < d; k++ {
				m = math.Max(m, math.Abs(x.At(i, k)))
			}
		}
		s2, err := AdaptiveKDE{C: 0.05}.NoiseVar(x)
		require.NoError(t, err)
		assert.InDelta(t, 0.05*m, s2, 1e-15)
		a, err := AdaptiveKDE{C: 0.05}.Layer(x, y)
		require.NoError(t, err)
		k, err := KDE{NoiseVar: 0.05 * m}.Layer(x, y)
		require.NoError(t, err)
		assert.Equal(t, k, a)
	})
	t.Run("scale_invariant", func(t *testing.T) {
		// σ² ∝ max|T| and KDE depends on ‖Δt‖²/σ²: scaling T by s with
		// σ² ∝ max|T| is not invariant, but scaling by s and C by s is.
		var xs mat.Dense
		xs.Scale(3, x)
		a, err := AdaptiveKDE{C: 0.1}.Layer(x, y)
		require.NoError(t, err)
		b, err := AdaptiveKDE{C: 0.3}.Layer(&xs, y)
		require.NoError(t, err)
		assert.InDelta(t, a.IXT, b.IXT, 1e-12)
		assert.InDelta(t, a.ITY, b.ITY, 1e-12)
	})
	t.Run("fixed_reference", func(t *testing.T) {
		s2, err := AdaptiveKDE{FixedReference: true}.NoiseVar(x)
		require.NoError(t, err)
		assert.Equal(t, 0.01, s2)
		a, err := AdaptiveKDE{FixedReference: true, Seed: 3}.Layer(x, y)
		require.NoError(t, err)
		b, err := AdaptiveKDE{FixedReference: true, Seed: 3}.Layer(x, y)
		require.NoError(t, err)
		assert.Equal(t, a, b, "seeded jitter is reproducible")
		c, err := AdaptiveKDE{FixedReference: true, Seed: 4}.Layer(x, y)
		require.NoError(t, err)
		assert.NotEqual(t, a, c)
		// the jitter (sd 0.01 = σ) changes I(X;T) only a little here
		k, err := KDE{NoiseVar: 0.01}.Layer(x, y)
		require.NoError(t, err)
		assert.InDelta(t, k.IXT, a.IXT, 0.2)
		lo, err := AdaptiveKDE{FixedReference: true, Seed: 3, Lower: true}.Layer(x, y)
		require.NoError(t, err)
		assert.LessOrEqual(t, lo.IXT, a.IXT)
	})
	t.Run("errors", func(t *testing.T) {
		_, err := AdaptiveKDE{C: -1}.Layer(x, y)
		assert.ErrorIs(t, err, check.ErrParam)
		_, err = AdaptiveKDE{}.Layer(x, y[:3])
		assert.ErrorIs(t, err, check.ErrShape)
	})
	t.Run("names", func(t *testing.T) {
		assert.Equal(t, "adaptive-kde", AdaptiveKDE{}.Name())
		assert.Equal(t, "kde", KDE{}.Name())
		assert.Equal(t, "kde-lower", KDE{Lower: true}.Name())
		assert.Equal(t, "binning", Binning{}.Name())
		assert.Equal(t, "adaptive-binning", AdaptiveBinning{}.Name())
		assert.Equal(t, "renyi", Renyi{}.Name())
	})
}

func TestNilLabels(t *testing.T) {
	x := mat.NewDense(4, 1, []float64{0, 0.3, 1, 2})
	for _, e := range []interface {
		LayerEstimator
		LabelEstimator
	}{KDE{}, AdaptiveKDE{}, Binning{}, AdaptiveBinning{}, Renyi{Sigma: 1}} {
		t.Run(e.Name(), func(t *testing.T) {
			l, err := e.Layer(x, nil)
			require.NoError(t, err)
			assert.Zero(t, l.ITY)
			assert.Greater(t, l.IXT, 0.0)
			_, err = e.MILabels(x, nil)
			assert.Error(t, err)
		})
	}
}

func TestSparseLabelValues(t *testing.T) {
	// labels with huge values behave as their ranks, without a table of
	// max+1 classes
	x := mat.NewDense(6, 1, []float64{0, 0.1, 2, 2.1, 5, 5.2})
	dense := []int{0, 0, 1, 1, 2, 2}
	sparse := []int{7, 7, 1 << 40, 1 << 40, 3, 3}
	for _, e := range []LayerEstimator{KDE{}, Binning{Bins: 4, Lo: 0, Hi: 6}, AdaptiveBinning{}, Renyi{Sigma: 1}} {
		t.Run(e.Name(), func(t *testing.T) {
			a, err := e.Layer(x, dense)
			require.NoError(t, err)
			b, err := e.Layer(x, sparse)
			require.NoError(t, err)
			assert.InDelta(t, a.ITY, b.ITY, 1e-12)
			assert.InDelta(t, a.IXT, b.IXT, 1e-12)
		})
	}
}

func TestKDEHugeValues(t *testing.T) {
	x := mat.NewDense(3, 1, []float64{0, 1e160, -1e160})
	_, err := KDE{}.Layer(x, []int{0, 1, 0})
	assert.ErrorIs(t, err, check.ErrParam)
}
