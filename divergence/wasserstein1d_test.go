package divergence

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/itlab/itlab/internal/check"
)

func TestW1DScipyDocValues(t *testing.T) {
	// scipy.stats.wasserstein_distance docstring examples (peers.md §3).
	for _, tc := range []struct {
		name   string
		u, v   []float64
		wu, wv []float64
		want   float64
	}{
		{"plain", []float64{0, 1, 3}, []float64{5, 6, 8}, nil, nil, 5},
		{"weighted", []float64{0, 1}, []float64{0, 1}, []float64{3, 1}, []float64{2, 2}, 0.25},
		{"weighted-unequal", []float64{3.4, 3.9, 7.5, 7.8}, []float64{4.5, 1.4}, []float64{1.4, 0.9, 3.1, 7.2}, []float64{3.2, 3.5}, 4.0781331438047861},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := W1D(tc.u, tc.v, tc.wu, tc.wv, 1)
			require.NoError(t, err)
			assert.InDelta(t, tc.want, got, 1e-12)
		})
	}
}

func TestW1DTranslate(t *testing.T) {
	// A sample and its translate by δ: the monotone coupling pairs x_(i) with
	// x_(i)+δ, so W_p = |δ| exactly for every p (up to rounding of x+δ).
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 5000)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = v + 0.75
	}
	rng.Shuffle(len(y), func(i, j int) { y[i], y[j] = y[j], y[i] })
	for _, p := range []float64{1, 1.5, 2, 3} {
		got, err := W1D(x, y, nil, nil, p)
		require.NoError(t, err)
		assert.InDelta(t, 0.75, got, 1e-12, "p=%v", p)
	}
}

func TestW1DWeightsEqualReplication(t *testing.T) {
	// Integer weights equal replicated samples; unequal sizes take the merge path.
	rng := rand.New(rand.NewPCG(3, 4))
	u := []float64{0.3, -1, 2.5, 4}
	wu := []float64{1, 3, 2, 1}
	var rep []float64
	for i, v := range u {
		for k := 0; k < int(wu[i]); k++ {
			rep = append(rep, v)
		}
	}
	v := make([]float64, 11)
	for i := range v {
		v[i] = rng.NormFloat64() * 2
	}
	for _, p := range []float64{1, 2, 2.5} {
		a, err := W1D(u, v, wu, nil, p)
		require.NoError(t, err)
		b, err := W1D(rep, v, nil, nil, p)
		require.NoError(t, err)
		c, err := W1D(v, rep, nil, nil, p) // symmetry
		require.NoError(t, err)
		assert.InDelta(t, a, b, 1e-12, "p=%v", p)
		assert.InDelta(t, b, c, 1e-12, "p=%v", p)
	}
}

func TestW1DMatchesCDFIntegral(t *testing.T) {
	// Order 1 equals ∫|F−G| on the merged support (the SciPy algorithm).
	rng := rand.New(rand.NewPCG(5, 6))
	u := make([]float64, 300)
	v := make([]float64, 217)
	for i := range u {
		u[i] = rng.ExpFloat64()
	}
	for i := range v {
		v[i] = rng.NormFloat64() + 1
	}
	got, err := W1D(u, v, nil, nil, 1)
	require.NoError(t, err)
	assert.InDelta(t, cdfW1(u, v), got, 1e-12)
}

func cdfW1(u, v []float64) float64 {
	su, sv := slices.Clone(u), slices.Clone(v)
	slices.Sort(su)
	slices.Sort(sv)
	all := append(slices.Clone(su), sv...)
	slices.Sort(all)
	var s float64
	for k := 0; k+1 < len(all); k++ {
		x := all[k]
		fu := float64(upper(su, x)) / float64(len(su))
		fv := float64(upper(sv, x)) / float64(len(sv))
		s += math.Abs(fu-fv) * (all[k+1] - x)
	}
	return s
}

func upper(s []float64, x float64) int {
	i, _ := slices.BinarySearchFunc(s, x, func(a, b float64) int {
		if a <= b {
			return -1
		}
		return 1
	})
	return i
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 5, 255, 256, 1000, 70000} {
		x := make([]float64, n)
		for i := range x {
			switch i % 4 {
			case 0:
				x[i] = rng.NormFloat64() * 1e6
			case 1:
				x[i] = -rng.ExpFloat64()
			case 2:
				x[i] = float64(rng.IntN(5)) - 2
			default:
				x[i] = rng.Float64() * 1e-300
			}
		}
		w := slices.Clone(x)
		want := slices.Clone(x)
		slices.Sort(want)
		radixSort(x, w)
		assert.Equal(t, want, x, "n=%d", n)
		assert.Equal(t, want, w, "payload n=%d", n)
	}
}

func TestW1DErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func() error
		want error
	}{
		{"empty", func() error { _, err := W1D(nil, []float64{1}, nil, nil, 1); return err }, check.ErrTooFewSamples},
		{"nan", func() error { _, err := W1D([]float64{math.NaN()}, []float64{1}, nil, nil, 1); return err }, check.ErrNonFinite},
		{"order", func() error { _, err := W1D([]float64{0}, []float64{1}, nil, nil, 0.5); return err }, check.ErrParam},
		{"weights-len", func() error { _, err := W1D([]float64{0}, []float64{1}, []float64{1, 2}, nil, 1); return err }, check.ErrShape},
		{"weights-neg", func() error { _, err := W1D([]float64{0, 1}, []float64{1}, []float64{1, -2}, nil, 1); return err }, check.ErrParam},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}
