package entropy

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/itlab/itlab/internal/check"
)

// TestNSBReference compares with mpmath quadrature of the same integrals
// (testdata/nsb_ref.py). The log-grid trapezoid rule is accurate to ~1e-8.
func TestNSBReference(t *testing.T) {
	cases := []struct {
		name   string
		counts []int
		k      int
		want   float64
	}{
		{"3,2,1,1 of 10", []int{3, 2, 1, 1}, 10, 1.7164601569895255093},
		{"5,1,1,1,1,2 of 100", []int{5, 1, 1, 1, 1, 2}, 100, 2.2367643208462375862},
		{"40,30,20,10 of 4", []int{40, 30, 20, 10}, 4, 1.2849404579457818723},
		{"zeros ignored", []int{0, 3, 0, 2, 1, 1}, 10, 1.7164601569895255093},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := NSB{K: c.k}.Counts(c.counts)
			require.NoError(t, err)
			assert.InDelta(t, c.want, h, 1e-6)
		})
	}
}

func TestNSBProperties(t *testing.T) {
	t.Run("large N approaches the plug-in", func(t *testing.T) {
		counts := []int{40000, 30000, 20000, 10000}
		hp, _ := PlugIn{}.Counts(counts)
		hn, err := NSB{K: 4}.Counts(counts)
		require.NoError(t, err)
		assert.InDelta(t, hp, hn, 1e-4)
	})
	t.Run("K = 1 is zero", func(t *testing.T) {
		h, err := NSB{K: 1}.Counts([]int{5})
		require.NoError(t, err)
		assert.Equal(t, 0.0, h)
	})
	t.Run("between 0 and log K", func(t *testing.T) {
		for _, counts := range [][]int{{1}, {1, 1, 1}, {100}, {2, 2, 2, 2, 2}} {
			h, err := NSB{K: 50}.Counts(counts)
			require.NoError(t, err)
			assert.True(t, h >= 0 && h <= math.Log(50)+1e-9, "%v: %v", counts, h)
		}
	})
	t.Run("errors", func(t *testing.T) {
		_, err := NSB{}.Counts([]int{1, 2})
		assert.ErrorIs(t, err, check.ErrParam)
		_, err = NSB{K: 2}.Counts([]int{1, 2, 3})
		assert.ErrorIs(t, err, check.ErrParam)
		_, err = NSB{K: 2}.Counts([]int{0})
		assert.ErrorIs(t, err, check.ErrTooFewSamples)
	})
}

// TestNSBUndersampled: uniform on K = 100 symbols with N = 30 draws (R = 200
// seeds): the plug-in's mean error is ≈ −1.4 nats and Grassberger's ≈ −0.44;
// NSB, which knows K, is within 0.3 nats on average and beats both. The SE of
// each mean is < 0.02.
func TestNSBUndersampled(t *testing.T) {
	const K, N, R = 100, 30, 200
	p := make([]float64, K)
	for i := range p {
		p[i] = 1
	}
	truth := math.Log(K)
	rng := rand.New(rand.NewPCG(11, 11))
	var bp, bg, bn float64
	for r := 0; r < R; r++ {
		x := sampleCategorical(p, N, rng)
		hp, _ := PlugIn{}.Symbols(x)
		hg, _ := Grassberger{}.Symbols(x)
		hn, err := NSB{K: K}.Symbols(x)
		require.NoError(t, err)
		bp += (hp - truth) / R
		bg += (hg - truth) / R
		bn += (hn - truth) / R
	}
	t.Logf("mean error: plug-in %.3f, Grassberger %.3f, NSB %.3f", bp, bg, bn)
	assert.Less(t, math.Abs(bn), 0.3)
	assert.Less(t, math.Abs(bn), math.Abs(bg))
	assert.Less(t, math.Abs(bn), math.Abs(bp))
}

func TestTrigamma(t *testing.T) {
	// ψ₁(1) = π²/6, ψ₁(½) = π²/2, ψ₁(x) ≈ 1/x + 1/(2x²) at large x.
	assert.InDelta(t, math.Pi*math.Pi/6, trigamma(1), 1e-13)
	assert.InDelta(t, math.Pi*math.Pi/2, trigamma(0.5), 1e-13)
	assert.InDelta(t, 1e-6+0.5e-12, trigamma(1e6), 1e-18)
}
